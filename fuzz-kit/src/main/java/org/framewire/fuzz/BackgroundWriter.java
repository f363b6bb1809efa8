package org.framewire.fuzz;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a byte-stream server's input on a thread of its own while the caller does not read the
 * server's output (SPEC.md §10, LIMIT-3): once the server stops reading and the buffers between
 * the two fill, the write blocks, and {@link #write} reports the stall instead of blocking the
 * caller. {@link StreamServerConnection#sendWithoutReading} and the conformance suite's exec target
 * use it.
 */
public final class BackgroundWriter {
  private final OutputStream out;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "framewire-writer");
    t.setDaemon(true);
    return t;
  });
  private final List<Future<?>> writes = new ArrayList<>();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong written = new AtomicLong();

  /** A writer to {@code out}; its thread starts with the first write. */
  public BackgroundWriter(OutputStream out) {
    this.out = out;
  }

  /**
   * Queues {@code b} behind earlier writes and waits until everything queued is written, or no
   * byte was taken for {@code stall}, or a write failed (the target closed).
   *
   * @return whether everything queued so far was written
   */
  public boolean write(byte[] b, Duration stall) throws IOException {
    queued.addAndGet(b.length);
    writes.add(thread.submit(() -> {
      for (int at = 0; at < b.length; at += 1 << 16) {
        int n = Math.min(1 << 16, b.length - at);
        out.write(b, at, n);
        out.flush();
        written.addAndGet(n);
      }
      return null;
    }));
    long seen = written.get();
    long lastProgress = System.nanoTime();
    while (written.get() < queued.get()) {
      if (writes.stream().anyMatch(BackgroundWriter::failed)) {
        return false;
      }
      if (written.get() != seen) {
        seen = written.get();
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress >= stall.toNanos()) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
    }
    return true;
  }

  /** Whether queued bytes are still being written; forgets the writes that finished. */
  public boolean busy() {
    writes.removeIf(Future::isDone);
    return !writes.isEmpty();
  }

  /** Stops the writer thread. */
  public void shutdown() {
    thread.shutdownNow();
  }

  private static boolean failed(Future<?> f) {
    if (!f.isDone()) {
      return false;
    }
    try {
      f.get();
      return false;
    } catch (Exception e) {
      return true;
    }
  }
}
