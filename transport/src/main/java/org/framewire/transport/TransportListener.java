package org.framewire.transport;

import java.io.IOException;
import org.framewire.session.CloseReason;
import org.framewire.spec.Requirement;

/**
 * What a transport reports about its connections, for logs and metrics. Every method has an empty
 * default. Methods are called on the transport's I/O threads (the NIO server's selector thread,
 * among others), and {@link #internalError} also on handler threads: be thread-safe, return
 * quickly and never block.
 *
 * <p>A connection is named by a short label such as {@code tcp#3 /127.0.0.1:41234} or {@code http#7
 * POST /api/exp-http-v2-0003/ro/echo /127.0.0.1:41236}, the same in every call about it.
 */
public interface TransportListener {

  /** A listener that ignores everything. */
  TransportListener NONE = new TransportListener() { };

  /** A connection (or HTTP exchange) began. */
  default void connectionOpened(String connection) { }

  /** A connection's session closed; its last frames may still be on their way out. */
  default void connectionClosed(String connection, CloseReason reason) { }

  /**
   * The peer broke the protocol (SPEC.md §7.2): an error-response citing {@code requirement} went
   * back to it and the session ended.
   */
  default void protocolViolation(String connection, Requirement requirement, String message) { }

  /** Reading or writing the connection failed; the connection is closed. */
  default void ioError(String connection, IOException error) { }

  /** A command handler or the transport itself failed unexpectedly (a bug, not the peer's fault). */
  default void internalError(String connection, Throwable error) { }
}
