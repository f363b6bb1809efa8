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
import org.framewire.streams.DecodeLimits;
import org.framewire.streams.OutboundStream;

/**
 * The suite's server end of one connection: logs the client's frames in frame notation, counts its
 * complete requests in arrival order (the n-th is call n's), and writes the frames the script sends;
 * the script may leave the client's bytes unread for a while ({@link #stopReading()}).
 * framewire's server session judges the client's frames (its sender-side MUSTs); besides, each
 * command-data frame must decode to at most 2^24 bytes (ENC-11), and each request's data is checked
 * against {@link DataPattern} for the script's {@code checkData} step.
 */
final class ScriptServer implements AutoCloseable {
  /**
   * The oracle's configuration: the defaults, but command data streamed frame by frame rather than
   * buffered (the 8 MiB a server may buffer bound a receiver, not a sender), and each frame decoded
   * up to twice the 2^24 bytes of ENC-11, so that a frame past ENC-11 is measured and named rather
   * than stopped as a bomb (ENC-6).
   */
  private static final ServerConfig CHECKER;

  static {
    DecodeLimits d = ServerConfig.DEFAULTS.streamLimits().decode();
    DecodeLimits measured = new DecodeLimits(d.bufferSize(), 2L * OutboundStream.MAX_INPUT_BETWEEN_FLUSHES,
        d.perCommandRequest(), Long.MAX_VALUE, d.perResponse(), d.perStream());
    CHECKER = ServerConfig.DEFAULTS.withDataMode(ServerConfig.DataMode.STREAM)
        .withStreamLimits(ServerConfig.DEFAULTS.streamLimits().withDecode(measured));
  }

  private final InputStream in;
  private final OutputStream out;
  private final Closeable shutdownOutput;
  private final Closeable closer;
  private final Consumer<WireEvent> log;
  private final long started;
  private final List<Integer> complete = new ArrayList<>();
  private final Map<Integer, Boolean> open = new HashMap<>();
  private boolean clientClosed;
  private boolean outputEnded;
  /** Whether the script leaves the client's bytes unread for now ({@link #stopReading()}). */
  private boolean readingStopped;
  /** framewire's server session as an oracle for what the client sends (its sender-side MUSTs). */
  private final ServerSession checker = new ServerSession(CHECKER);
  private ClientGrader.Violation clientViolation;
  /** The names of the client's complete command requests, in arrival order, as the checker read them. */
  private final List<String> commands = new ArrayList<>();
  /** The wire-log note for the end of the client's bytes. */
  private final String endNote;
  /** Each request's command data, checked against {@link DataPattern} as it arrives. */
  private final Map<Integer, DataPattern.Check> data = new HashMap<>();
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
    this(in, out, shutdownOutput, closer, log, started, "client closed the connection");
  }

  /** As above; {@code endNote} is what the wire log says when the client's bytes end. */
  ScriptServer(InputStream in, OutputStream out, Closeable shutdownOutput, Closeable closer, Consumer<WireEvent> log,
      long started, String endNote) {
    this.in = in;
    this.out = out;
    this.shutdownOutput = shutdownOutput;
    this.closer = closer;
    this.log = log;
    this.started = started;
    this.endNote = endNote;
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
      note(WireEvent.Direction.NOTE, endNote);
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
    if (checker.isClosed()) {
      return;
    }
    for (ServerEvent e : checker.receive(bytes)) {
      if (e instanceof ServerEvent.RunCommand run) {
        commands.add(run.command());
        if (run.dataFollows()) {
          data.put(run.requestId(), new DataPattern.Check());
        }
      } else if (e instanceof ServerEvent.CommandData d) {
        onData(d);
      } else if (e instanceof ServerEvent.ProtocolFailure pf && pf.requirement() != Requirement.CMD_ID_IN_FLIGHT
          && pf.requirement() != Requirement.CMD_CONCURRENCY_LIMIT) {
        // the suite answers requests without telling the checker, so it cannot judge reuse and bounds of ids
        violation(pf.requirement(), pf.message());
      }
    }
  }

  /**
   * One command-data frame's payload, decoded: checked against the pattern, and against ENC-11 —
   * a frame that decodes to more than 2^24 bytes shows a sender that fed its encoder more than
   * that between two flush points.
   */
  private void onData(ServerEvent.CommandData d) {
    data.computeIfAbsent(d.requestId(), k -> new DataPattern.Check()).accept(d.chunk());
    int n = d.chunk().remaining();
    if (n > OutboundStream.MAX_INPUT_BETWEEN_FLUSHES) {
      violation(Requirement.ENC_FLUSH_INTERVAL, "a command-data frame of request " + d.requestId() + " decodes to " + n
          + " bytes, more than the 2^24 a sender may feed its encoder between two flush points");
    }
  }

  private void violation(Requirement requirement, String message) {
    if (clientViolation == null) {
      clientViolation = new ClientGrader.Violation(requirement, "frames", message);
      note(WireEvent.Direction.NOTE, "the client broke " + requirement.id() + ": " + message);
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
  synchronized ClientGrader.Violation clientViolation() {
    return clientViolation;
  }

  /**
   * The command names of the client's complete requests so far, in arrival order, as framewire's
   * server session read them ({@link ServerEvent.RunCommand#command()}: the name's bytes as
   * Latin-1); reading stops at the client's first violation.
   */
  synchronized List<String> commands() {
    return List.copyOf(commands);
  }

  /**
   * Why the command data of request {@code requestId} is not the first {@code expected} bytes of
   * {@link DataPattern}, as decoded so far; null when it is.
   */
  synchronized String checkData(int requestId, long expected) {
    DataPattern.Check c = data.get(requestId);
    return c == null ? "no command data arrived for request " + requestId : c.problem(expected);
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

  /** Ends the server's output, once: the client sees the end of the byte stream. */
  void shutdownOutput() {
    synchronized (this) {
      if (outputEnded) {
        return;
      }
      outputEnded = true;
    }
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
