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
 * complete requests in arrival order (the n-th is call n's), and writes the frames the script sends.
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
  private boolean outputEnded;
  /** framewire's server session as an oracle for what the client sends (its sender-side MUSTs). */
  private final ServerSession checker = new ServerSession(ServerConfig.DEFAULTS);
  private ServerEvent.ProtocolFailure clientViolation;
  /** The names of the client's complete command requests, in arrival order, as the checker read them. */
  private final List<String> commands = new ArrayList<>();
  /** The wire-log note for the end of the client's bytes. */
  private final String endNote;
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
      while ((n = in.read(buf)) >= 0) {
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
    if (clientViolation != null || checker.isClosed()) {
      return;
    }
    for (ServerEvent e : checker.receive(bytes)) {
      if (e instanceof ServerEvent.RunCommand run) {
        commands.add(run.command());
      }
      // the suite answers requests without telling the checker, so it cannot judge reuse and bounds of ids
      if (e instanceof ServerEvent.ProtocolFailure pf && pf.requirement() != Requirement.CMD_ID_IN_FLIGHT
          && pf.requirement() != Requirement.CMD_CONCURRENCY_LIMIT) {
        clientViolation = pf;
        note(WireEvent.Direction.NOTE, "the client broke " + pf.requirement().id() + ": " + pf.message());
      }
    }
  }

  /** The first rule of SPEC.md the client's own frames broke, or null. */
  synchronized ClientGrader.Violation clientViolation() {
    return clientViolation == null ? null
        : new ClientGrader.Violation(clientViolation.requirement(), "frames", clientViolation.message());
  }

  /**
   * The command names of the client's complete requests so far, in arrival order, as framewire's
   * server session read them ({@link ServerEvent.RunCommand#command()}: the name's bytes as
   * Latin-1); reading stops at the client's first violation.
   */
  synchronized List<String> commands() {
    return List.copyOf(commands);
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
    try {
      closer.close();
    } catch (IOException e) {
      // closing a connection we own; nothing to report
    }
  }
}
