package org.framewire.conformance.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A bounded in-memory byte pipe that any thread may write to and any thread may read from: the
 * in-process control channel and the {@code mem:N} connections of {@link MemoryConnections}.
 *
 * <p>It replaces {@link java.io.PipedInputStream}, which remembers the last thread that wrote and
 * fails the reader with "Write end dead" as soon as that thread has ended and the buffer is empty.
 * The control driver writes its events from whichever thread completed a call (often a client
 * connection's reader thread, which ends when the connection closes), so a read between one event
 * and the next could end the event stream early, and a case lost its remaining final events
 * ({@code client/err/frame-after-server-error} failed 2 runs in 4 that way). Here only {@link
 * #out()}'s {@code close} ends the reader's input (end of stream once the buffer is drained), and
 * only {@link #in()}'s {@code close} fails the writer.
 *
 * <p>Like the JDK's pipe, a write wakes the reader only at a {@code flush}, when the buffer is full
 * or at {@code close}, so a burst of frames written then flushed is read in large pieces rather
 * than one wake-up per frame, and a read wakes a writer waiting for room only once half the buffer
 * is free; a reader waiting on an empty pipe also looks again every {@link
 * #POLL_MILLIS} ms, for a writer that never flushes.
 */
final class MemoryPipe {
  /** How long a reader waits on an empty pipe before it looks again without a wake-up. */
  static final long POLL_MILLIS = 20;

  private final byte[] buffer;
  private int head;
  private int size;
  private boolean writerClosed;
  private boolean readerClosed;
  private final InputStream in = new In();
  private final OutputStream out = new Out();

  /** A pipe holding at most {@code capacity} unread bytes; a writer waits for room beyond that. */
  MemoryPipe(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.buffer = new byte[capacity];
  }

  /** The reading end. */
  InputStream in() {
    return in;
  }

  /** The writing end. */
  OutputStream out() {
    return out;
  }

  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      synchronized (MemoryPipe.this) {
        while (size == 0) {
          if (readerClosed) {
            throw new IOException("pipe closed");
          }
          if (writerClosed) {
            return -1;
          }
          await(POLL_MILLIS);
        }
        int n = Math.min(len, size);
        int first = Math.min(n, buffer.length - head);
        System.arraycopy(buffer, head, b, off, first);
        System.arraycopy(buffer, 0, b, off + first, n - first);
        head = (head + n) % buffer.length;
        size -= n;
        if (size <= buffer.length / 2) {
          // a writer waiting for room gets half the buffer at once, not a wake-up per read
          MemoryPipe.this.notifyAll();
        }
        return n;
      }
    }

    @Override
    public int available() {
      synchronized (MemoryPipe.this) {
        return size;
      }
    }

    @Override
    public void close() {
      synchronized (MemoryPipe.this) {
        readerClosed = true;
        size = 0;
        MemoryPipe.this.notifyAll();
      }
    }
  }

  private final class Out extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      synchronized (MemoryPipe.this) {
        while (len > 0) {
          if (writerClosed || readerClosed) {
            throw new IOException("pipe closed");
          }
          if (size == buffer.length) {
            MemoryPipe.this.notifyAll();
            await(0);
            continue;
          }
          int tail = (head + size) % buffer.length;
          int n = Math.min(len, Math.min(buffer.length - size, buffer.length - tail));
          System.arraycopy(b, off, buffer, tail, n);
          size += n;
          off += n;
          len -= n;
        }
      }
    }

    @Override
    public void flush() {
      synchronized (MemoryPipe.this) {
        MemoryPipe.this.notifyAll();
      }
    }

    @Override
    public void close() {
      synchronized (MemoryPipe.this) {
        writerClosed = true;
        MemoryPipe.this.notifyAll();
      }
    }
  }

  /**
   * Waits for the other end, at most {@code millis} (0: until woken); the caller holds the monitor.
   * An interrupt ends the wait with an error.
   */
  private void await(long millis) throws InterruptedIOException {
    try {
      wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting on the pipe");
    }
  }
}
