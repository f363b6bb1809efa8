package org.framewire.conformance.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

  public ExecTarget(String command, int quietMillis) {
    this.command = command;
    this.quietMillis = quietMillis;
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
    Thread pump = new Thread(() -> {
      InputStream in = p.getInputStream();
      byte[] buf = new byte[65536];
      try {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          chunks.add(Arrays.copyOf(buf, n));
        }
      } catch (IOException e) {
        // the child went away
      }
      chunks.add(EOF);
    }, "exec-target-stdout");
    pump.setDaemon(true);
    pump.start();
    return new ChildConnection(p, chunks);
  }

  private final class ChildConnection implements ServerConnection {
    private final Process process;
    private final BlockingQueue<byte[]> chunks;
    private boolean closed;

    ChildConnection(Process process, BlockingQueue<byte[]> chunks) {
      this.process = process;
      this.chunks = chunks;
    }

    @Override
    public Output send(ByteBuffer bytes) throws IOException {
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
      return drain();
    }

    @Override
    public Output endInput() throws IOException {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // already closed
      }
      return drain();
    }

    private Output drain() throws IOException {
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try {
        while (!closed) {
          byte[] c = chunks.poll(quietMillis, TimeUnit.MILLISECONDS);
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
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
