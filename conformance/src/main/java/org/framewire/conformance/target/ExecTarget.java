package org.framewire.conformance.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.framewire.fuzz.BackgroundWriter;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.fuzz.ServerConnection;

/**
 * A server spawned as a child process speaking the raw transport over its stdin/stdout (SPEC.md
 * §9.1): one child per session, run through {@code sh -c CMD}; its stderr is discarded. Closing the
 * session (also at a case's deadline) kills the child and its descendants.
 */
public final class ExecTarget implements ServerAdapter, Transport.Carrier {
  private static final byte[] EOF = new byte[0];

  private final String command;
  private final int quietMillis;
  private final int drainMillis;

  /** Waits {@code quietMillis} for more output after sends and after the end of input alike. */
  public ExecTarget(String command, int quietMillis) {
    this(command, quietMillis, quietMillis);
  }

  /**
   * @param quietMillis how long to wait for more output after a send
   * @param drainMillis how long to wait for more output after the end of input (a child still
   *     starting up answers late; the fuzzer reads its verdict from this one wait)
   */
  public ExecTarget(String command, int quietMillis, int drainMillis) {
    this.command = command;
    this.quietMillis = quietMillis;
    this.drainMillis = drainMillis;
  }

  @Override
  public Transport transport() {
    return Transport.PIPES;
  }

  @Override
  public String name() {
    return "exec:" + command;
  }

  @Override
  public ServerConnection connect() throws IOException {
    Process p = new ProcessBuilder("sh", "-c", command)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    Semaphore reading = new Semaphore(1);
    Thread pump = new Thread(() -> {
      InputStream in = p.getInputStream();
      byte[] buf = new byte[65536];
      try {
        for (int n = 0; n >= 0; ) {
          reading.acquire(); // held by sendWithoutReading while the suite does not read (LIMIT-3)
          reading.release();
          n = in.read(buf);
          if (n > 0) {
            chunks.add(Arrays.copyOf(buf, n));
          }
        }
      } catch (IOException | InterruptedException e) {
        // the child went away
      }
      chunks.add(EOF);
    }, "exec-target-stdout");
    pump.setDaemon(true);
    pump.start();
    return new ChildConnection(p, chunks, reading);
  }

  private final class ChildConnection implements ServerConnection {
    private final Process process;
    private final BlockingQueue<byte[]> chunks;
    private final Semaphore reading;
    private boolean closed;
    private boolean paused;
    private BackgroundWriter writer;

    ChildConnection(Process process, BlockingQueue<byte[]> chunks, Semaphore reading) {
      this.process = process;
      this.chunks = chunks;
      this.reading = reading;
    }

    /** Pauses the stdout pump (the child's output pipe fills) and writes on a {@link BackgroundWriter}. */
    @Override
    public boolean sendWithoutReading(ByteBuffer bytes, java.time.Duration stall) throws IOException {
      if (!paused) {
        reading.acquireUninterruptibly();
        paused = true;
      }
      byte[] b = new byte[bytes.remaining()];
      bytes.get(b);
      if (writer == null) {
        writer = new BackgroundWriter(process.getOutputStream());
      }
      return writer.write(b, stall);
    }

    /** Reads again, while the writer finishes what the child did not take. */
    private ByteArrayOutputStream resume() throws IOException {
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      if (paused) {
        paused = false;
        reading.release();
      }
      while (writer != null && writer.busy() && !closed) {
        got.writeBytes(drain(quietMillis).bytes());
      }
      return got;
    }

    @Override
    public Output send(ByteBuffer bytes) throws IOException {
      ByteArrayOutputStream early = resume();
      Output rest = sendNow(bytes);
      early.writeBytes(rest.bytes());
      return new Output(early.toByteArray(), rest.closed());
    }

    private Output sendNow(ByteBuffer bytes) throws IOException {
      if (bytes.hasRemaining() && !closed) {
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        try {
          OutputStream out = process.getOutputStream();
          out.write(b);
          out.flush();
        } catch (IOException e) {
          // the child closed its stdin; its output is still read below
        }
      }
      return drain(quietMillis);
    }

    @Override
    public Output endInput() throws IOException {
      ByteArrayOutputStream early = resume();
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // already closed
      }
      early.writeBytes(drain(drainMillis).bytes());
      return new Output(early.toByteArray(), closed);
    }

    private Output drain(int waitMillis) throws IOException {
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try {
        while (!closed) {
          byte[] c = chunks.poll(waitMillis, TimeUnit.MILLISECONDS);
          if (c == null) {
            break;
          }
          if (c == EOF) {
            closed = true;
          } else {
            got.write(c);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted");
      }
      return new Output(got.toByteArray(), closed);
    }

    @Override
    public void close() {
      if (writer != null) {
        writer.shutdown();
      }
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
