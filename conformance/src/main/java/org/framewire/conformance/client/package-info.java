/**
 * The client role of the suite (docs/conformance/control-channel.md): a scripted server plays a
 * case's frames to the client under test, which a JSON-lines control channel drives; the grader
 * compares the client's reported events with what SPEC.md requires. It opens raw sockets to the
 * implementation under test on purpose (docs/architecture.md), and for the HTTP cases (SPEC.md
 * §9.2) an HTTP server of the JDK whose exchanges carry the same scripted frames.
 */
package org.framewire.conformance.client;
