/**
 * Streams (SPEC.md §3) and their content encoding (§4): the per-connection {@link
 * org.framewire.streams.StreamRegistry}, inbound and outbound streams, and the {@link
 * org.framewire.streams.ResponseEmitter} that turns response bytes into command-response frames (and
 * the {@link org.framewire.streams.RequestEmitter} that sends a client's requests encoded).
 *
 * <p>Everything here is sans-I/O: frames in, decoded payload bytes and frames out, no sockets and
 * no threads started.
 *
 * <h2>Threading contract</h2>
 *
 * <ul>
 *   <li>A stream ({@link org.framewire.streams.InboundStream}, {@link
 *       org.framewire.streams.OutboundStream}) and any {@link
 *       org.framewire.streams.ResponseEmitter} over it are confined to one thread at a time. The
 *       caller hands a stream from thread to thread with a happens-before edge (an executor
 *       submission, a lock, a concurrent queue).
 *   <li>Different streams share no mutable state: each owns its compression context, so N
 *       streams may be encoded or decoded on N threads at once. That is what streams are for.
 *   <li>The registry is per connection and not thread-safe, except where a method says so:
 *       {@link org.framewire.streams.StreamRegistry#openOutbound}, {@link
 *       org.framewire.streams.StreamRegistry#outbound(int)} and the release of an outbound id
 *       when its stream ends are synchronized, and the live decoder-context count is atomic, so
 *       streams may end on their own threads.
 *   <li>Frames an outbound stream emits go to its sink on the thread driving the stream; a sink
 *       shared by streams on different threads must be thread-safe.
 * </ul>
 */
package org.framewire.streams;
