/**
 * The sans-I/O sessions: {@link org.framewire.session.ServerSession} (with its transition table
 * {@link org.framewire.session.ServerStateMachine}) and {@link
 * org.framewire.session.ClientSession} take a connection's inbound bytes and return events and
 * outbound bytes; {@link org.framewire.session.ClientCalls} puts futures on the client. They
 * implement the command protocol (SPEC.md §6), errors, text output and progress (§7), settings
 * (§8) and the limits and timers of §10, over the streams of {@code org.framewire.streams}.
 *
 * <p>No I/O and no threads: one thread at a time drives a session (docs/sessions.md); the
 * transports and hosts do the I/O. Bad peer input becomes a {@code ProtocolException}, a protocol
 * error frame and a close, never an unchecked exception.
 */
package org.framewire.session;
