/**
 * Commands as a server application sees them, the same on every host: the {@link
 * org.framewire.session.commands.CommandHandler} interface, the {@link
 * org.framewire.session.commands.ResponseWriter} a handler answers through, the {@link
 * org.framewire.session.commands.CommandRegistry} that names handlers and runs them, and the
 * conformance commands of SPEC.md Appendix A ({@link
 * org.framewire.session.commands.ConformanceCommands}), written once.
 *
 * <p>This package depends only on the session API ({@code org.framewire.session}), so a plain
 * {@link org.framewire.session.ServerSession} in an application's own loop (whose {@link
 * org.framewire.session.ServerResponse} is a {@code ResponseWriter}), the NIO, HTTP and stream
 * transports, a Netty pipeline, a servlet and the fuzz kit's reference server all mount the same
 * handlers. docs/embedding.md has the table of which response class a host uses when.
 */
package org.framewire.session.commands;
