/**
 * Commands as a server application sees them, independent of any transport: the {@link
 * org.framewire.transport.commands.CommandHandler} interface, the thread-safe {@link
 * org.framewire.transport.commands.ResponseWriter} a handler answers through, the {@link
 * org.framewire.transport.commands.CommandRegistry} that names handlers and runs them, and the
 * conformance commands of SPEC.md Appendix A ({@link
 * org.framewire.transport.commands.ConformanceCommands}).
 *
 * <p>This package depends only on the session API ({@code org.framewire.session}), so the NIO,
 * HTTP and stream transports of {@code org.framewire.transport} and any other host (a Netty
 * pipeline, a servlet) can mount the same handlers.
 */
package org.framewire.transport.commands;
