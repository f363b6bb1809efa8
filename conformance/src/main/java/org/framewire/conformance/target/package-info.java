/**
 * What a server-role case talks to: the reference session in process, a TCP address, an HTTP URL
 * (SPEC.md §9) or a process over its stdin/stdout. The network targets write a case's raw bytes
 * with their own sockets on purpose (docs/architecture.md).
 */
package org.framewire.conformance.target;
