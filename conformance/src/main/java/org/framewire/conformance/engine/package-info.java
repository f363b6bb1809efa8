/**
 * Running a server-role case: send its frames to a target, observe what comes back (frames decoded
 * with the reference decoders, the close, HTTP status), and grade the observation against the
 * case's accepted outcomes and the requirement ids it cites (SPEC.md §7.2).
 */
package org.framewire.conformance.engine;
