package org.framewire.conformance.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.framewire.conformance.WireEvent;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameEncoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.session.ServerConfig;
import org.framewire.session.ServerEvent;
import org.framewire.session.ServerSession;
import org.framewire.spec.Requirement;

/**
 * The suite's server end of one connection: logs the client's frames in frame notation, counts its
 * complete requests in arrival order (the n-th is call n's), and writes the frames the script sends;
 * the script may leave the client's bytes unread for a while ({@link #stopReading()}).
 */
final class ScriptServer implements AutoCloseable {
  private final InputStream in;
  private final OutputStream out;
  private final Closeable shutdownOutput;
  private final Closeable closer;
  private final Consumer<WireEvent> log;
  private final long started;
  private final List<Integer> complete = new ArrayList<>();
  private final Map<Integer, Boolean> open = new HashMap<>();
  private boolean clientClosed;
  /** Whether the script leaves the client's bytes unread for now ({@link #stopReading()}). */
  private boolean readingStopped;
  /** framewire's server session as an oracle for what the client sends (its sender-side MUSTs). */
  private final ServerSession checker = new ServerSession(ServerConfig.DEFAULTS);
  private ServerEvent.ProtocolFailure clientViolation;
  private final Thread reader;

  /** The server end of an accepted socket. */
  static ScriptServer over(Socket socket, Consumer<WireEvent> log, long started) throws IOException {
    return new ScriptServer(socket.getInputStream(), socket.getOutputStream(), socket::shutdownOutput, socket, log, started);
  }

  /**
   * @param in the client's bytes
   * @param out where the script's bytes go
   * @param shutdownOutput ends the server's output only (the client sees the end of its input)
   * @param closer tears the connection down
   */
  ScriptServer(InputStream in, OutputStream out, Closeable shutdownOutput, Closeable closer, Consumer<WireEvent> log,
      long started) {
    this.in = in;
    this.out = out;
    this.shutdownOutput = shutdownOutput;
    this.closer = closer;
    this.log = log;
    this.started = started;
    this.reader = new Thread(this::readLoop, "check-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void note(WireEvent.Direction d, String text) {
    log.accept(new WireEvent(d, (System.nanoTime() - started) / 1_000_000, text));
  }

  private void readLoop() {
    FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Options(FrameHeader.MAX_PAYLOAD_LENGTH, false));
    byte[] buf = new byte[65536];
    try (in) {
      int n;
      while ((n = readWhenAllowed(buf)) >= 0) {
        check(ByteBuffer.wrap(buf, 0, n));
        decoder.feed(ByteBuffer.wrap(buf, 0, n));
        Frame f;
        while ((f = decoder.next()) != null) {
          note(WireEvent.Direction.RECEIVED, WireEvent.notation(f));
          track(f);
        }
      }
      note(WireEvent.Direction.NOTE, "client closed the connection");
    } catch (ProtocolException e) {
      note(WireEvent.Direction.NOTE, "client sent bytes that are not frames: " + e.getMessage());
    } catch (IOException e) {
      note(WireEvent.Direction.NOTE, "connection: " + e.getMessage());
    } finally {
      synchronized (this) {
        clientClosed = true;
        notifyAll();
      }
    }
  }

  private synchronized void check(ByteBuffer bytes) {
    if (clientViolation != null || checker.isClosed()) {
      return;
    }
    for (ServerEvent e : checker.receive(bytes)) {
      // the suite answers requests without telling the checker, so it cannot judge reuse and bounds of ids
      if (e instanceof ServerEvent.ProtocolFailure pf && pf.requirement() != Requirement.CMD_ID_IN_FLIGHT
          && pf.requirement() != Requirement.CMD_CONCURRENCY_LIMIT) {
        clientViolation = pf;
        note(WireEvent.Direction.NOTE, "the client broke " + pf.requirement().id() + ": " + pf.message());
      }
    }
  }

  /** Reads the client's next bytes once the script lets the suite read ({@link #stopReading()}). */
  private int readWhenAllowed(byte[] buf) throws IOException {
    synchronized (this) {
      while (readingStopped) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while the script left the client's bytes unread");
        }
      }
    }
    return in.read(buf);
  }

  /**
   * Leaves the client's bytes unread from now on (at most one read already under way still
   * completes), so that its writes block once the connection's buffers are full: the LIMIT-8 case.
   */
  synchronized void stopReading() {
    note(WireEvent.Direction.NOTE, "the suite stops reading the client's bytes");
    readingStopped = true;
  }

  /** Reads the client's bytes again. */
  synchronized void resumeReading() {
    note(WireEvent.Direction.NOTE, "the suite reads the client's bytes again");
    readingStopped = false;
    notifyAll();
  }

  synchronized boolean readingStopped() {
    return readingStopped;
  }

  /**
   * Waits, while the suite does not read, until the client's writes have stalled: the bytes waiting
   * unread stay the same for {@code quietMillis} after some arrived, or {@code 4 * quietMillis}
   * passed in all (a TLS socket does not count them), or the deadline ({@link System#nanoTime()})
   * came. Returns the bytes waiting unread then, as far as the stream tells.
   */
  long awaitStalled(long quietMillis, long deadlineNanos) throws InterruptedException {
    long quiet = quietMillis * 1_000_000L;
    long start = System.nanoTime();
    long changed = start;
    long last = -1;
    for (long now = start; deadlineNanos - now > 0; now = System.nanoTime()) {
      long unread;
      try {
        unread = in.available();
      } catch (IOException e) {
        return last;
      }
      if (unread != last) {
        last = unread;
        changed = now;
      }
      if (unread > 0 && now - changed >= quiet || now - start >= 4 * quiet) {
        return unread;
      }
      Thread.sleep(10);
    }
    return last;
  }

  /** The first rule of SPEC.md the client's own frames broke, or null. */
  synchronized ServerEvent.ProtocolFailure clientViolation() {
    return clientViolation;
  }

  private synchronized void track(Frame f) {
    FrameType t = f.type();
    int id = f.requestId();
    if (t == FrameType.COMMAND_REQUEST) {
      boolean more = (f.flags() & 0x4) != 0;
      boolean data = (f.flags() & 0x8) != 0;
      if (!more && !data) {
        complete.add(id);
        open.remove(id);
        notifyAll();
      } else {
        open.put(id, data);
      }
    } else if (t == FrameType.COMMAND_DATA && (f.flags() & 0x2) != 0) {
      complete.add(id);
      open.remove(id);
      notifyAll();
    }
  }

  /** Waits until {@code n} requests are complete; returns their wire ids, in order. */
  synchronized List<Integer> awaitRequests(int n, long deadlineNanos) throws InterruptedException {
    while (complete.size() < n && !clientClosed) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return List.copyOf(complete);
  }

  /** Waits until the client closes its end, or the deadline; returns whether it did. */
  synchronized boolean awaitClientClose(long deadlineNanos) throws InterruptedException {
    while (!clientClosed) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  synchronized boolean clientClosed() {
    return clientClosed;
  }

  /** Writes frames, logging each. A write failure (the client closed) is logged, not thrown. */
  void send(List<Frame> frames) {
    try {
      for (Frame f : frames) {
        note(WireEvent.Direction.SENT, WireEvent.notation(f));
        out.write(FrameEncoder.encode(f));
      }
      out.flush();
    } catch (IOException e) {
      note(WireEvent.Direction.NOTE, "write failed: " + e.getMessage());
    }
  }

  /** Writes raw bytes (a truncated or garbled frame). */
  void sendBytes(byte[] bytes) {
    note(WireEvent.Direction.SENT, "bytes " + HexFormat.of().formatHex(bytes));
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      note(WireEvent.Direction.NOTE, "write failed: " + e.getMessage());
    }
  }

  /** Ends the server's output: the client sees the end of the byte stream. */
  void shutdownOutput() {
    note(WireEvent.Direction.NOTE, "server closes its end");
    try {
      shutdownOutput.close();
    } catch (IOException e) {
      note(WireEvent.Direction.NOTE, "shutdown failed: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      readingStopped = false; // a reader held back reads on, meets the closed connection and ends
      notifyAll();
    }
    try {
      closer.close();
    } catch (IOException e) {
      // closing a connection we own; nothing to report
    }
  }
}
