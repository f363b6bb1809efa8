package org.framewire.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A {@link ServerConnection} over a pair of byte streams to a server speaking the raw transport
 * (SPEC.md §9.1): a socket's, a child process's. After each send it reads what arrives until the
 * server closes or the input stream's read times out (a quiet period: a socket's {@code
 * SO_TIMEOUT}), and after the half-close until it closes or the drain period ends.
 *
 * <p>The server's side of a failing transport is its close, never an exception: a reset while
 * reading, or a write after the server closed, ends the session as {@code closed}, and what the
 * server sent before is still returned. {@link TcpServerAdapter} opens it over TCP.
 */
public final class StreamServerConnection implements ServerConnection {

  /** An I/O step of the transport under the streams: the half-close, the close. */
  @FunctionalInterface
  public interface IoAction {
    /** Runs the step. */
    void run() throws IOException;
  }

  private final InputStream in;
  private final OutputStream out;
  private final IoAction halfClose;
  private final IoAction close;
  private final boolean[] closed = {false};
  private BackgroundWriter writer;

  /**
   * @param in the server's output; its reads must time out after the quiet period (an {@link
   *     InterruptedIOException}, as a socket's {@code SO_TIMEOUT} does), or the reads block until
   *     the server closes
   * @param out the server's input
   * @param halfClose ends the server's input (TRANS-6), for example {@code socket.shutdownOutput()},
   *     and sets the read timeout for the drain
   * @param close tears the transport down
   */
  public StreamServerConnection(InputStream in, OutputStream out, IoAction halfClose, IoAction close) {
    this.in = in;
    this.out = out;
    this.halfClose = halfClose;
    this.close = close;
  }

  /**
   * Reads what arrives on {@code in} until it ends, a read fails (a reset: the server's close) or a
   * read times out; sets {@code closed[0]} when the server closed.
   */
  public static Output drain(InputStream in, boolean[] closed) throws IOException {
    if (closed[0]) {
      return new Output(new byte[0], true);
    }
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (InterruptedIOException e) {
        break; // the quiet period passed
      } catch (IOException e) {
        n = -1; // a reset: the server is gone
      }
      if (n < 0) {
        closed[0] = true;
        break;
      }
      got.write(buf, 0, n);
    }
    return new Output(got.toByteArray(), closed[0]);
  }

  @Override
  public Output send(ByteBuffer bytes) throws IOException {
    ByteArrayOutputStream early = catchUp();
    if (early.size() > 0 || closed[0]) {
      Output rest = sendNow(bytes);
      early.writeBytes(rest.bytes());
      return new Output(early.toByteArray(), rest.closed());
    }
    return sendNow(bytes);
  }

  /** Writes on a {@link BackgroundWriter} while this thread does not read (LIMIT-3). */
  @Override
  public boolean sendWithoutReading(ByteBuffer bytes, Duration stall) throws IOException {
    byte[] b = new byte[bytes.remaining()];
    bytes.get(b);
    if (writer == null) {
      writer = new BackgroundWriter(out);
    }
    return writer.write(b, stall);
  }

  /** Reads while the writer finishes what the server did not take when the caller did not read. */
  private ByteArrayOutputStream catchUp() throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    while (writer != null && writer.busy() && !closed[0]) {
      got.writeBytes(drain(in, closed).bytes());
    }
    return got;
  }

  private Output sendNow(ByteBuffer bytes) throws IOException {
    if (bytes.hasRemaining() && !closed[0]) {
      byte[] b = new byte[bytes.remaining()];
      bytes.get(b);
      try {
        out.write(b);
        out.flush();
      } catch (IOException e) {
        // the server closed its side (a write after close, a reset); what it said is read below
      }
    }
    return drain(in, closed);
  }

  @Override
  public Output endInput() throws IOException {
    ByteArrayOutputStream got = catchUp();
    try {
      halfClose.run();
    } catch (IOException e) {
      // already closed
    }
    got.writeBytes(drain(in, closed).bytes());
    return new Output(got.toByteArray(), closed[0]);
  }

  @Override
  public void close() throws IOException {
    if (writer != null) {
      writer.shutdown();
    }
    close.run();
  }
}
