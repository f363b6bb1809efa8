package org.framewire.conformance.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connections without a socket, between the suite's script server and a client adapter running in
 * the same JVM ({@link ControlDriver}): a listener is named by a target {@code mem:N}; a client
 * connecting to it gets one end of a pair of pipes and the listener's queue the other. Closing an
 * end's output is the end of the peer's input (a half-close); the raw transport's byte stream
 * (SPEC.md §9.1) is all the pipes carry.
 */
final class MemoryConnections {
  /** The scheme of the targets. */
  static final String SCHEME = "mem";

  private static final int PIPE_BYTES = 1 << 20;
  private static final AtomicLong NEXT = new AtomicLong();
  private static final Map<String, BlockingQueue<Ends>> LISTENERS = new ConcurrentHashMap<>();

  private MemoryConnections() {}

  /** One side of a connection: the bytes it reads and where it writes. */
  record Ends(InputStream in, OutputStream out) {}

  /** Registers a listener whose connections arrive on {@code accepted}; returns its target. */
  static String listen(BlockingQueue<Ends> accepted) {
    String target = SCHEME + ":" + NEXT.incrementAndGet();
    LISTENERS.put(target, accepted);
    return target;
  }

  /** Removes the listener of {@code target}; later connects are refused. */
  static void unlisten(String target) {
    LISTENERS.remove(target);
  }

  /** Connects to the listener of {@code target}: the client's ends (the server's are queued). */
  static Ends connect(String target) throws IOException {
    BlockingQueue<Ends> listener = LISTENERS.get(target);
    if (listener == null) {
      throw new IOException("connection refused: nothing listens on " + target);
    }
    MemoryPipe toServer = new MemoryPipe(PIPE_BYTES);
    MemoryPipe toClient = new MemoryPipe(PIPE_BYTES);
    listener.add(new Ends(toServer.in(), toClient.out()));
    return new Ends(toClient.in(), toServer.out());
  }
}
