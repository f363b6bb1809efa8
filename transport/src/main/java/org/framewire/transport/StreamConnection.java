package org.framewire.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.framewire.session.CloseReason;
import org.framewire.session.ServerEvent;
import org.framewire.session.ServerSession;
import org.framewire.spec.Requirement;
import org.framewire.session.commands.CommandRegistry;

/**
 * One server session over a blocking byte stream pair — a process's stdin and stdout, or one HTTP
 * exchange's request and response bodies — driven by a {@link BlockingPump}: the session lives under
 * the pump's lock, and handler threads hand their writes over by taking it briefly.
 */
final class StreamConnection extends BlockingPump implements SessionHost {
  private final String name;
  private final TransportConfig config;
  private final TransportListener listener;
  private final ServerSession session;
  private final CommandDispatcher dispatcher;
  private boolean stopping;
  private boolean aborted;
  private long abortAt;

  StreamConnection(String name, TransportConfig config, CommandRegistry commands, Executor executor,
      TransportListener listener, CommandDispatcher.Gate gate) {
    super(config.session().maxOutboundBytes(), config.readBufferSize());
    this.name = name;
    this.config = config;
    this.listener = listener;
    this.session = new ServerSession(config.session());
    this.dispatcher = new CommandDispatcher(name, commands, executor, this, listener, gate);
  }

  /** What TLS established about the peer, for its handlers (an HTTPS exchange); null without TLS. */
  private volatile org.framewire.session.commands.TlsPeer tls;

  /** Sets what TLS established about the peer, before the first input. */
  void tls(org.framewire.session.commands.TlsPeer peer) {
    this.tls = peer;
  }

  @Override
  public org.framewire.session.commands.TlsPeer tls() {
    return tls;
  }

  String name() {
    return name;
  }

  /** Why the session closed, or {@code null} while it is open. */
  CloseReason closeReason() {
    lock.lock();
    try {
      return dispatcher.closeReason();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops reading; responses being produced get {@code grace} to finish, then end with an
   * error-response of type server; then the session closes.
   */
  void shutdown(Duration grace) {
    locked(() -> {
      if (!stopping) {
        stopping = true;
        abortAt = System.nanoTime() + grace.toNanos();
        afterWork();
      }
    });
  }

  // ---------------------------------------------------------------- SessionHost

  @Override
  public void execute(Consumer<ServerSession> task, long handedOver) {
    locked(() -> {
      try {
        task.accept(session);
        afterWork();
      } catch (RuntimeException e) {
        listener.internalError(name, e);
      } finally {
        collect();
        budget.release(handedOver);
      }
    });
  }

  @Override
  public OutboundBudget budget() {
    return budget;
  }

  @Override
  public int maxFrameSize() {
    return config.session().maxFrameSize();
  }

  @Override
  public void violation(Requirement requirement, String detail) {
    enqueue(session.pollOutbound());
    enqueue(ProtocolErrors.violationBuffers(requirement, detail));
  }

  // ---------------------------------------------------------------- pump hooks

  @Override
  protected void onInput(ByteBuffer bytes) {
    handle(session.receive(bytes));
    afterWork();
  }

  @Override
  protected void onInputEnd() {
    handle(session.receiveEnd());
    dispatcher.onInputEnd(session);
    afterWork();
  }

  @Override
  protected void onIoError(IOException e) {
    listener.ioError(name, e);
    if (!session.isClosed()) {
      handle(session.close());
    }
  }

  @Override
  protected void onTimeout(long now) {
    if (stopping && !aborted && now - abortAt >= 0) {
      aborted = true;
      dispatcher.abortAll("server shutting down");
      if (!session.isClosed()) {
        handle(session.close());
      }
    } else if (!session.isClosed()) {
      handle(session.onTimeout(now));
    }
    afterWork();
  }

  @Override
  protected long nextDeadline() {
    long d = session.isClosed() ? Long.MAX_VALUE : session.nextDeadline();
    if (stopping && !aborted && (d == Long.MAX_VALUE || abortAt - d < 0)) {
      d = abortAt;
    }
    return d;
  }

  /** The writer went idle: values written since the last flush go out now (ENC-4 flush points). */
  @Override
  protected void onIdle() {
    if (!session.isClosed()) {
      session.flushResponses();
    }
  }

  @Override
  protected ByteBuffer[] pollOutbound() {
    return session.pollOutbound();
  }

  @Override
  protected boolean sessionClosed() {
    return session.isClosed();
  }

  @Override
  protected boolean wantsInput() {
    return !stopping && !session.isClosed();
  }

  @Override
  protected boolean inputPaused() {
    return !session.wantsInput();
  }

  private void handle(List<ServerEvent> events) {
    if (!events.isEmpty()) {
      dispatcher.onEvents(session, events);
    }
  }

  private void afterWork() {
    handle(session.pollEvents());
    if (stopping && !session.isClosed() && dispatcher.activeCount() == 0) {
      handle(session.close());
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
