/**
 * What a server-role case talks to: the reference session in process, a TCP address, an HTTP URL
 * (SPEC.md §9) or a process over its stdin/stdout.
 */
package org.framewire.conformance.target;
