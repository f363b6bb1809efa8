package org.framewire.conformance.fuzz;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link TargetRunner} over a byte stream (SPEC.md §9.1): writes the input and the probe on a
 * background thread while this one reads; half-closes once the output holds the probe's answer or
 * a protocol error; then reads until the server ends the session. Every wait ends at the watchdog.
 */
abstract class StreamRunner implements TargetRunner {

  /** One session's byte stream. */
  interface Wire extends AutoCloseable {
    void write(byte[] bytes) throws IOException;

    void halfClose() throws IOException;

    /** Bytes read into {@code buf}: -1 at the end of the stream, 0 when none came within {@code millis}. */
    int read(byte[] buf, long millis) throws IOException;

    /** After the end of the stream or the watchdog: what else is known (exit status, stderr); may be empty. */
    default String finish(boolean timedOut) {
      return "";
    }

    /** Whether the server failed beyond closing (a child's failure status or signal). */
    default boolean failed() {
      return false;
    }

    @Override
    void close();
  }

  /** Opens a fresh session. */
  abstract Wire open(Duration watchdog) throws IOException;

  @Override
  public Reaction run(byte[] input, Probe probe, Duration watchdog) {
    long deadline = System.nanoTime() + watchdog.toNanos();
    int probeId = probe == null ? -1 : probe.requestId();
    Wire w;
    try {
      w = open(watchdog);
    } catch (IOException e) {
      return Reaction.classify(name(), new byte[0], true, false, probeId, true, "cannot open a session: " + e);
    }
    try (w) {
      byte[] all = probe == null ? input : concat(input, probe.bytes());
      Future<?> writing = THREADS.submit(() -> {
        try {
          w.write(all);
          if (probe == null) {
            w.halfClose();
          }
        } catch (IOException e) {
          // the server stopped reading or closed; what it said is still read
        }
        return null;
      });
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      boolean halfClosed = probe == null;
      boolean ended = false;
      boolean timedOut = false;
      byte[] buf = new byte[65536];
      while (true) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          timedOut = true;
          break;
        }
        int n = w.read(buf, left);
        if (n < 0) {
          ended = true;
          break;
        }
        out.write(buf, 0, n);
        if (n > 0 && !halfClosed && Reaction.settled(out.toByteArray(), probeId)) {
          halfClosed = true;
          waitFor(writing, deadline);
          try {
            w.halfClose();
          } catch (IOException e) {
            // closed already
          }
        }
      }
      writing.cancel(true);
      String detail = w.finish(timedOut);
      if (timedOut) {
        detail = ("no " + (halfClosed ? "end of the session after the end of input" : "answer to the probe, no error frame")
            + " within " + watchdog.toMillis() + " ms" + (detail.isEmpty() ? "" : "; " + detail));
      }
      return Reaction.classify(name(), out.toByteArray(), ended, timedOut, probeId, w.failed(), detail);
    } catch (IOException e) {
      return Reaction.classify(name(), new byte[0], true, false, probeId, true, "I/O error: " + e);
    }
  }

  private static void waitFor(Future<?> writing, long deadline) {
    try {
      writing.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (Exception e) {
      // the read loop's deadline decides
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** {@link TargetRunner#tcp}. */
  static final class Tcp extends StreamRunner {
    private final String host;
    private final int port;

    Tcp(String host, int port) {
      this.host = host;
      this.port = port;
    }

    @Override
    public String name() {
      return "tcp://" + host + ":" + port;
    }

    @Override
    Wire open(Duration watchdog) throws IOException {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, watchdog.toMillis()));
        s.setTcpNoDelay(true);
      } catch (IOException e) {
        s.close();
        throw e;
      }
      InputStream in = s.getInputStream();
      OutputStream o = s.getOutputStream();
      return new Wire() {
        @Override
        public void write(byte[] bytes) throws IOException {
          o.write(bytes);
          o.flush();
        }

        @Override
        public void halfClose() throws IOException {
          s.shutdownOutput();
        }

        @Override
        public int read(byte[] buf, long millis) throws IOException {
          s.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, millis)));
          try {
            return in.read(buf);
          } catch (SocketTimeoutException e) {
            return 0;
          } catch (IOException e) {
            return -1; // a reset: the server is gone, as at the end of the stream
          }
        }

        @Override
        public void close() {
          try {
            s.close();
          } catch (IOException e) {
            // nothing left to release
          }
        }
      };
    }
  }

  /** {@link TargetRunner#exec}. */
  static final class Exec extends StreamRunner {
    private static final byte[] EOF = new byte[0];
    private static final int STDERR_LINES = 8;
    private final String command;

    Exec(String command) {
      this.command = command;
    }

    @Override
    public String name() {
      return "exec:" + command;
    }

    @Override
    Wire open(Duration watchdog) throws IOException {
      Process p = new ProcessBuilder("sh", "-c", command).start();
      BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
      Deque<String> stderr = new ArrayDeque<>();
      Future<?> outPump = THREADS.submit(() -> {
        byte[] buf = new byte[65536];
        try (InputStream in = p.getInputStream()) {
          for (int n; (n = in.read(buf)) >= 0; ) {
            chunks.add(Arrays.copyOf(buf, n));
          }
        } catch (IOException e) {
          // the child went away
        }
        chunks.add(EOF);
        return null;
      });
      Future<?> errPump = THREADS.submit(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            synchronized (stderr) {
              stderr.addLast(line);
              if (stderr.size() > STDERR_LINES) {
                stderr.removeFirst();
              }
            }
          }
        } catch (IOException e) {
          // the child went away
        }
        return null;
      });
      return new Wire() {
        private boolean ended;
        private int exit = -1;

        @Override
        public void write(byte[] bytes) throws IOException {
          p.getOutputStream().write(bytes);
          p.getOutputStream().flush();
        }

        @Override
        public void halfClose() throws IOException {
          p.getOutputStream().close();
        }

        @Override
        public int read(byte[] buf, long millis) throws IOException {
          if (ended) {
            return -1;
          }
          byte[] c;
          try {
            c = chunks.poll(millis, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
          }
          if (c == null) {
            return 0;
          }
          if (c == EOF) {
            ended = true;
            return -1;
          }
          // chunks are at most buf.length long: both are 64 KiB
          System.arraycopy(c, 0, buf, 0, c.length);
          return c.length;
        }

        @Override
        public String finish(boolean timedOut) {
          try {
            if (!timedOut && p.waitFor(2, TimeUnit.SECONDS)) {
              exit = p.exitValue();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          close();
          try {
            errPump.get(500, TimeUnit.MILLISECONDS);
          } catch (Exception e) {
            // what was read so far is enough
          }
          String lines;
          synchronized (stderr) {
            lines = String.join(" | ", stderr);
          }
          String status = exit < 0 ? (timedOut ? "killed at the watchdog" : "still running; killed")
              : exit > 128 ? "died of signal " + (exit - 128) : "exit status " + exit;
          return status + (lines.isEmpty() ? "" : "; stderr: " + lines);
        }

        @Override
        public boolean failed() {
          return exit > 0;
        }

        @Override
        public void close() {
          try {
            p.getOutputStream().close();
          } catch (IOException e) {
            // already closed
          }
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          outPump.cancel(true);
        }
      };
    }
  }
}
