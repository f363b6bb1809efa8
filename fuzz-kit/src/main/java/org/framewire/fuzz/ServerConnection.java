package org.framewire.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One session with a server under test: client bytes in, server bytes out, and whether the server
 * closed the session.
 *
 * <p>An in-process adapter answers synchronously: {@link #send} returns everything the server made
 * of the bytes. An adapter over a byte stream cannot know when the server is done; it writes the
 * bytes, then reads what arrives until the server closes or nothing has arrived for a quiet period
 * it chooses, and returns that. Only the concatenation of all outputs is compared, never how they
 * were split, so a slow server that answers in a later call is judged the same.
 *
 * <p>Not thread-safe: the oracle calls one method at a time.
 */
public interface ServerConnection extends AutoCloseable {

  /**
   * Delivers {@code bytes} (all its remaining bytes; the buffer is not kept) to the server.
   *
   * @return the server's output since the previous call, and whether it has closed the session;
   *     once closed, later calls return no bytes and {@code closed}
   * @throws IOException when the transport fails (not when the server closes: that is {@code
   *     closed})
   */
  Output send(ByteBuffer bytes) throws IOException;

  /**
   * Ends the client's input, as a half-close of the connection does (SPEC.md §9.1, TRANS-6), and
   * collects the server's remaining output until it closes (or the adapter's wait ends).
   */
  Output endInput() throws IOException;

  /**
   * Delivers {@code bytes} as a client that has stopped reading the server's output (SPEC.md §10,
   * LIMIT-3): the server's output is left unread, so a server that bounds its outbound queue stops
   * reading input in turn. Bytes the server does not take are kept, in order, and delivered by the
   * next {@link #send} or {@link #endInput}, which read the server's output again.
   *
   * @param stall how long the server may take no input before it counts as having stopped reading
   * @return whether the server took all the bytes given so far; false once it stopped reading
   * @throws UnsupportedOperationException when the adapter cannot leave output unread
   */
  default boolean sendWithoutReading(ByteBuffer bytes, java.time.Duration stall) throws IOException {
    throw new UnsupportedOperationException(getClass().getName() + " cannot leave the server's output unread");
  }

  /** Tears the session down. Idempotent. */
  @Override
  void close() throws IOException;

  /**
   * What the server sent in reaction to one call.
   *
   * @param bytes the server's bytes, possibly empty; possibly ending inside a frame
   * @param closed whether the server has closed the session
   */
  record Output(byte[] bytes, boolean closed) {
    /** Nothing sent, still open. */
    public static final Output NOTHING = new Output(new byte[0], false);
  }
}
