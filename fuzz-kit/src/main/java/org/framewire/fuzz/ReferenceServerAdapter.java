package org.framewire.fuzz;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.framewire.session.ServerConfig;
import org.framewire.session.ServerEvent;
import org.framewire.session.ServerSession;
import org.framewire.session.commands.CommandRegistry;
import org.framewire.streams.StreamLimits;

/**
 * framewire's reference {@link ServerSession}, in process, as a {@link ServerAdapter}: the oracle
 * every other implementation is compared with. It answers every dispatched request at once with the
 * conformance commands of SPEC.md Appendix A, so a request leaves flight (SPEC.md §1.2) as soon as
 * it has been received in full. With the default clock timers never fire: time does not pass
 * inside one call; with a real clock ({@link #ReferenceServerAdapter(ServerConfig, LongSupplier)})
 * each call first runs the timers that expired (LIMIT-4, LIMIT-5).
 */
public final class ReferenceServerAdapter implements ServerAdapter {

  /** The Appendix A commands, the same code every framewire host serves. */
  private static final CommandRegistry COMMANDS = CommandRegistry.conformance();

  private final ServerConfig config;
  private final LongSupplier clock;

  /** The reference session with {@code config}; time stands still. */
  public ReferenceServerAdapter(ServerConfig config) {
    this(config, () -> 0L);
  }

  /**
   * The reference session with {@code config} on {@code nanoClock} (e.g. {@code System::nanoTime}):
   * every call runs the session's expired timers before it delivers bytes.
   */
  public ReferenceServerAdapter(ServerConfig config, LongSupplier nanoClock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** The reference session with its default configuration. */
  public ReferenceServerAdapter() {
    this(ServerConfig.DEFAULTS);
  }

  /**
   * The reference session configured with {@code limits}: maximum frame size (FRAME-2), request and
   * data bytes (CMD-6), requests in flight (CMD-11), open streams (STREAM-6), decoder contexts
   * (ENC-12) and empty frames in a row (LIMIT-2). Its CBOR limits keep their defaults; timers are
   * off.
   */
  public static ReferenceServerAdapter forLimits(ProtocolLimits limits) {
    StreamLimits streams = StreamLimits.DEFAULT
        .withMaxOpenStreams(limits.maxOpenStreams())
        .withMaxDecoderContexts(limits.maxDecoderContexts());
    ServerConfig config = ServerConfig.DEFAULTS
        .withMaxConcurrentRequests(Math.max(limits.maxRequestsInFlight(), ServerConfig.DEFAULTS.maxConcurrentRequests()))
        .withMaxPartialRequests(limits.maxRequestsInFlight())
        .withMaxRequestBytes(limits.maxRequestBytes())
        .withMaxBufferedDataBytes(limits.maxDataBytes())
        .withMaxInboundFrameSize(limits.maxFrameSize())
        .withMaxEmptyFrames(limits.maxEmptyFrames())
        .withStreamLimits(streams)
        .withTimeouts(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    return new ReferenceServerAdapter(config);
  }

  /** The session configuration. */
  public ServerConfig config() {
    return config;
  }

  @Override
  public String name() {
    return "framewire-reference";
  }

  @Override
  public ServerConnection connect() {
    return new Connection(new ServerSession(config, clock), clock);
  }

  /** One in-process session. */
  private static final class Connection implements ServerConnection {
    private final ServerSession session;
    private final LongSupplier clock;
    private ByteBuffer unread = ByteBuffer.allocate(0);

    Connection(ServerSession session, LongSupplier clock) {
      this.session = session;
      this.clock = clock;
    }

    @Override
    public Output send(ByteBuffer bytes) {
      runTimers();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      catchUp(out);
      if (session.isClosed()) {
        bytes.position(bytes.limit());
        out.writeBytes(output().bytes()); // what a timer queued before it closed the session, if anything
        return new Output(out.toByteArray(), true);
      }
      // The session hands out views of its input in events: give it a buffer of its own.
      ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
      handle(session.receive(copy));
      Output last = output();
      out.writeBytes(last.bytes());
      return new Output(out.toByteArray(), last.closed());
    }

    /** Input not taken while the client did not read: taken now, reading the output as it grows. */
    private void catchUp(java.io.ByteArrayOutputStream out) {
      while (unread.hasRemaining() && !session.isClosed()) {
        out.writeBytes(output().bytes());
        int before = unread.remaining();
        feedUnread();
        if (unread.remaining() == before) {
          break; // the session takes no more input (its input ended)
        }
      }
      unread = ByteBuffer.allocate(0);
    }

    @Override
    public boolean sendWithoutReading(ByteBuffer bytes, Duration stall) {
      runTimers();
      ByteBuffer all = ByteBuffer.allocate(unread.remaining() + bytes.remaining()).put(unread).put(bytes).flip();
      unread = all;
      feedUnread();
      return !unread.hasRemaining();
    }

    /** Feeds the unread input while the session wants input (LIMIT-3), its output left queued. */
    private void feedUnread() {
      while (unread.hasRemaining() && session.wantsInput()) {
        int n = Math.min(unread.remaining(), 16 << 10);
        ByteBuffer chunk = ByteBuffer.allocate(n);
        chunk.put(unread.slice(unread.position(), n)).flip();
        unread.position(unread.position() + n);
        handle(session.receive(chunk));
      }
    }

    private void runTimers() {
      long now = clock.getAsLong();
      long deadline = session.nextDeadline();
      if (deadline != Long.MAX_VALUE && now - deadline >= 0) {
        handle(session.onTimeout(now));
      }
    }

    @Override
    public Output endInput() {
      java.io.ByteArrayOutputStream early = new java.io.ByteArrayOutputStream();
      catchUp(early);
      if (early.size() > 0) {
        Output rest = endInput();
        early.writeBytes(rest.bytes());
        return new Output(early.toByteArray(), rest.closed());
      }
      if (!session.isClosed()) {
        handle(session.receiveEnd());
        handle(session.pollEvents());
      }
      return output();
    }

    @Override
    public void close() {
      session.close();
    }

    /**
     * Answers every dispatched request, then resumes the session as a host does after answering
     * ({@link ServerSession#pollEvents()}): answers may admit input held back at the dispatched
     * bound (CMD-11), and the requests it dispatches are answered in turn, until the session holds
     * nothing it can take. Without this a pipeline deeper than the bound advanced only when the
     * next bytes arrived, by one bound's worth per call.
     */
    private void handle(List<ServerEvent> events) {
      for (List<ServerEvent> batch = events; !batch.isEmpty(); batch = session.pollEvents()) {
        for (ServerEvent e : batch) {
          if (e instanceof ServerEvent.RunCommand run) {
            COMMANDS.run(run, session.response(run.requestId()));
          }
        }
      }
    }

    private Output output() {
      List<byte[]> parts = new ArrayList<>();
      int total = 0;
      for (ByteBuffer b : session.pollOutbound()) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        parts.add(a);
        total += a.length;
      }
      byte[] out = new byte[total];
      int at = 0;
      for (byte[] a : parts) {
        System.arraycopy(a, 0, out, at, a.length);
        at += a.length;
      }
      return new Output(out, session.isClosed());
    }
  }
}
