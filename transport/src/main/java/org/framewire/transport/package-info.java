/**
 * The transports of SPEC.md §9, the only code of framewire that does I/O: they move the bytes of
 * the sans-I/O sessions of {@code org.framewire.session} over sockets, pipes and HTTP exchanges,
 * and run command handlers ({@code org.framewire.session.commands}) on an executor the user
 * supplies.
 *
 * <ul>
 *   <li>{@link org.framewire.transport.TcpServer}: the raw transport (§9.1) on one java.nio
 *       selector thread for every connection; gather writes, a bounded outbound queue per
 *       connection (LIMIT-3), session timers from the select timeout, graceful shutdown.
 *   <li>{@link org.framewire.transport.StreamServer}: one raw-transport session over a blocking
 *       stream pair (stdin/stdout).
 *   <li>{@link org.framewire.transport.RawClient}: the futures client of the raw transport, over TCP
 *       or a stream pair.
 *   <li>{@link org.framewire.transport.HttpApiServer} and {@link
 *       org.framewire.transport.HttpApiClient}: the HTTP transport (§9.2) on the JDK's HTTP server
 *       and client, one session per exchange.
 * </ul>
 *
 * See {@code docs/transports.md} for the threading model, backpressure, shutdown, the HTTP rules
 * and how to embed a transport.
 */
package org.framewire.transport;
