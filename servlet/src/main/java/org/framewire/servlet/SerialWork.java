package org.framewire.servlet;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs one exchange's work one piece at a time, in the order it arrives, on whichever thread
 * brings it, and never makes a thread wait for another: a thread that finds the work already
 * running leaves its piece in the queue and returns at once; the running thread takes it before it
 * lets go.
 *
 * <p>Why not a lock: a servlet container calls its listeners while it holds the connection's own
 * lock (Tomcat's socket lock), and the exchange's other threads (the handlers' wake-ups, the timer)
 * call into the container ({@code isReady()}, which may run a dispatch inline) while they are in
 * the exchange's work. With one monitor around both, a container thread waiting for the monitor
 * while the monitor's holder waits for the container's lock is a deadlock: the servlet host hung on
 * a deep pipeline that way (issue 14). Here the container thread never waits, so no such cycle can
 * form. A piece arriving on the running thread itself (the container calling back inline) runs
 * after the current one, not inside it.
 */
final class SerialWork {
  /** A piece of work; what it throws goes to the failure handler. */
  @FunctionalInterface
  interface Piece {
    void run() throws Exception;
  }

  private final ConcurrentLinkedQueue<Piece> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final Consumer<Throwable> failed;

  /** @param failed runs on the running thread, between pieces, with what a piece threw */
  SerialWork(Consumer<Throwable> failed) {
    this.failed = failed;
  }

  /** Queues {@code piece}; runs it, and what others queue meanwhile, unless another thread is running. */
  void run(Piece piece) {
    queue.add(piece);
    while (running.compareAndSet(false, true)) {
      try {
        for (Piece p; (p = queue.poll()) != null; ) {
          try {
            p.run();
          } catch (Exception e) {
            failed.accept(e);
          }
        }
      } finally {
        running.set(false);
      }
      if (queue.isEmpty()) {
        return; // else a piece arrived after the last poll and its thread found us running: take it
      }
    }
  }
}
