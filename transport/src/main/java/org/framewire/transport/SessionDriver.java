package org.framewire.transport;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.framewire.session.CloseReason;
import org.framewire.session.ServerEvent;
import org.framewire.session.ServerSession;
import org.framewire.spec.Requirement;
import org.framewire.session.commands.CommandRegistry;

/**
 * One server connection for a host that does its own I/O (Netty, a servlet container): the
 * sans-I/O {@link ServerSession}, the dispatch of its commands to a {@link CommandRegistry} on the
 * user's executor, and the connection's outbound budget (LIMIT-3) — everything {@link TcpServer}
 * does but the socket. The host owns the I/O and one thread (or lock) under which every method but
 * {@link #overLimit()} and the constructor's {@code wakeup} run.
 *
 * <h2>Contract with the host</h2>
 *
 * <ul>
 *   <li>Input: {@link #receive(ByteBuffer)} for each chunk read (the buffer may be a view of the
 *       host's own memory; it is consumed before the call returns), {@link #receiveEnd()} at the end.
 *   <li>Handler threads queue work; they call {@code wakeup} (any thread, coalesced) and the host
 *       answers by calling {@link #runTasks()} on its thread.
 *   <li>Output: after any call, {@link #pollOutbound()} gives the frames to write as gather buffers
 *       (8 header bytes, then the payload view, per frame; never copied). The host tells {@link
 *       #written(long)} once bytes have left, so the budget shrinks and waiting handlers resume.
 *   <li>Backpressure: while {@link #overLimit()}, stop reading (SPEC.md §10): the output owed is over
 *       its limit (LIMIT-3), or the session paused admission of a deep pipeline (CMD-11) until
 *       responses end; either way the host reads again once it turns false after later work.
 *   <li>Timers: schedule {@link #onTimeout(long)} at {@link #nextDeadline()} ({@link System#nanoTime()}).
 *   <li>Once {@link #isClosed()} and the output is written, close the connection; once {@link
 *       #abandoned()}, close it at once (the client read nothing of what is owed, LIMIT-7).
 * </ul>
 */
public final class SessionDriver implements SessionHost {

  private final String name;
  private final ServerSession session;
  private final OutboundBudget budget;
  private final CommandDispatcher dispatcher;
  private final TransportListener listener;
  private final Runnable wakeup;
  private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final List<ByteBuffer> out = new ArrayList<>();
  private long queued;
  private long released;
  private boolean inputEnded;
  private boolean hostClosed;
  /** The host stops: the session closes once the responses being produced have ended. */
  private boolean stopping;
  /** The session's admission pause (CMD-11), as of the last work: read by {@link #overLimit()}. */
  private volatile boolean admissionPaused;
  /** The send timeout (LIMIT-7), zero for none. */
  private final long sendTimeoutNanos;
  /**
   * Since when ({@link System#nanoTime()}) input has been held paused while output is owed and none
   * of it written (LIMIT-7); {@code -1} while not so stalled.
   */
  private long stalledSince = -1;
  /**
   * After the send timeout fired: the instant at which the output still owed (the error frame last)
   * is given up if none of it has been written meanwhile; {@link Long#MAX_VALUE} otherwise.
   */
  private long abandonAt = Long.MAX_VALUE;
  private boolean abandoned;

  /**
   * A driver whose requests pass {@code gate} too ({@code null} for none): the factories below, and
   * the blocking-stream host ({@link StreamConnection}), which is given its gate.
   */
  SessionDriver(String name, TransportConfig config, CommandRegistry commands, Executor executor,
      TransportListener listener, Runnable wakeup, CommandDispatcher.Gate gate) {
    this.name = Objects.requireNonNull(name, "name");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.wakeup = Objects.requireNonNull(wakeup, "wakeup");
    this.session = new ServerSession(config.session());
    this.budget = new OutboundBudget(config.session().maxOutboundBytes());
    this.sendTimeoutNanos = config.session().sendTimeout().toNanos();
    this.dispatcher = new CommandDispatcher(name, Objects.requireNonNull(commands, "commands"),
        Objects.requireNonNull(executor, "executor"), this, listener, gate);
  }

  /** A driver for the raw transport (SPEC.md §9.1) or the HTTP multirequest path. */
  public static SessionDriver raw(String name, TransportConfig config, CommandRegistry commands,
      Executor executor, TransportListener listener, Runnable wakeup) {
    return new SessionDriver(name, config, commands, executor, listener, wakeup, null);
  }

  /**
   * A driver for the HTTP single-command path of {@code command} (SPEC.md §9.2): the body must
   * hold exactly one request, for that command (TRANS-5).
   */
  public static SessionDriver httpCommand(String name, String command, TransportConfig config,
      CommandRegistry commands, Executor executor, TransportListener listener, Runnable wakeup) {
    return new SessionDriver(name, config, commands, executor, listener, wakeup,
        HttpApiServer.singleCommand(command));
  }

  /** The connection's name, as given to the listener. */
  public String name() {
    return name;
  }

  /** What TLS established about the peer, or null (set by a host that runs TLS, SPEC.md §9.3). */
  private volatile org.framewire.session.commands.TlsPeer tls;

  /**
   * Records what TLS established about the peer, for the handlers of the commands that follow: a
   * host calls it when its TLS handshake finished, before it feeds the first input.
   */
  public void tls(org.framewire.session.commands.TlsPeer peer) {
    this.tls = peer;
  }

  @Override
  public org.framewire.session.commands.TlsPeer tls() {
    return tls;
  }

  // ---------------------------------------------------------------- SessionHost (any thread)

  private record Task(Consumer<ServerSession> work, long handedOver) {}

  @Override
  public void execute(Consumer<ServerSession> task, long handedOver) {
    tasks.add(new Task(task, handedOver));
    if (scheduled.compareAndSet(false, true)) {
      wakeup.run();
    }
  }

  @Override
  public OutboundBudget budget() {
    return budget;
  }

  @Override
  public int maxFrameSize() {
    return session.config().maxFrameSize();
  }

  @Override
  public void violation(Requirement requirement, String detail) {
    enqueue(session.pollOutbound());
    enqueue(ProtocolErrors.violationBuffers(requirement, detail));
  }

  // ---------------------------------------------------------------- host thread

  /** Feeds bytes read; {@code bytes} is consumed before this returns. Ignored once closed. */
  public void receive(ByteBuffer bytes) {
    if (session.isClosed()) {
      bytes.position(bytes.limit()); // ERR-2: no more processing after the session ended
      return;
    }
    handle(session.receive(bytes));
    afterWork();
  }

  /** The peer's input ended (TRANS-6: the requests sent are answered, then the session closes). */
  public void receiveEnd() {
    if (inputEnded) {
      return;
    }
    inputEnded = true;
    if (!session.isClosed()) {
      handle(session.receiveEnd());
      dispatcher.onInputEnd(session);
    }
    afterWork();
  }

  /**
   * Runs the work handlers queued; call on the host thread after {@code wakeup}. Once the queue is
   * empty the responses written to are flushed ({@link ServerSession#flushResponses()}), so a value
   * reaches the wire within one run however slowly its handler produces the next.
   */
  public void runTasks() {
    scheduled.set(false);
    for (Task t; (t = tasks.poll()) != null; ) {
      try {
        t.work().accept(session);
      } catch (RuntimeException e) {
        listener.internalError(name, e);
      } finally {
        enqueue(session.pollOutbound());
        budget.release(t.handedOver());
      }
    }
    if (!session.isClosed()) {
      session.flushResponses();
    }
    afterWork();
  }

  /**
   * Runs the session's timers due at {@code now} ({@link System#nanoTime()}), and the send timeout
   * (LIMIT-7): the host frames what the session answers for good ({@link #pollOutbound()}), so the
   * bytes owed are counted here, and a stall is judged here, as for LIMIT-3.
   */
  public void onTimeout(long now) {
    if (!session.isClosed()) {
      handle(session.onTimeout(now));
    }
    if (!session.isClosed() && stalledSince >= 0 && stalled() && now - (stalledSince + sendTimeoutNanos) >= 0) {
      stalledSince = -1;
      abandonAt = now + sendTimeoutNanos; // the error frame gets one more send timeout to leave
      dispatcher.violation(session, Requirement.LIMIT_SEND_TIMEOUT, "input paused and " + unwritten()
          + " bytes owed to the client, none written within " + sendTimeoutNanos / 1_000_000
          + " ms: the client does not read");
    } else if (abandonAt != Long.MAX_VALUE && unwritten() > 0 && now - abandonAt >= 0) {
      abandoned = true;
    }
    afterWork();
  }

  /** The next deadline on the {@link System#nanoTime()} clock (the session's, or the send timeout's); {@link Long#MAX_VALUE} for none. */
  public long nextDeadline() {
    long d = session.isClosed() ? Long.MAX_VALUE : session.nextDeadline();
    long send = stalledSince >= 0 ? stalledSince + sendTimeoutNanos : abandonAt;
    if (send != Long.MAX_VALUE && !abandoned && (d == Long.MAX_VALUE || send - d < 0)) {
      d = send;
    }
    return d;
  }

  /**
   * Whether the host should close the connection now, dropping the output it cannot write: the
   * session failed under LIMIT-7 (the client read nothing of what is owed for the send timeout),
   * and its error frame, queued after that output, was given one more send timeout to leave.
   */
  public boolean abandoned() {
    return abandoned;
  }

  /** LIMIT-7's condition: input held paused, bytes owed, the session still open. */
  private boolean stalled() {
    return sendTimeoutNanos > 0 && !session.isClosed() && !hostClosed && !inputEnded && overLimit() && unwritten() > 0;
  }

  /** Starts or stops the send timeout as the stall begins or ends; {@code progressed}: bytes left. */
  private void trackStall(boolean progressed) {
    if (abandonAt != Long.MAX_VALUE && progressed) {
      abandonAt = unwritten() > 0 ? System.nanoTime() + sendTimeoutNanos : Long.MAX_VALUE;
    }
    if (!stalled()) {
      stalledSince = -1;
    } else if (stalledSince < 0 || progressed) {
      stalledSince = System.nanoTime();
    }
  }

  /**
   * The frames to write now, in order, as gather buffers (never copied; each stays valid until
   * written). Their bytes count against the budget until {@link #written(long)} reports them.
   */
  public ByteBuffer[] pollOutbound() {
    ByteBuffer[] r = out.toArray(new ByteBuffer[0]);
    out.clear();
    return r;
  }

  /** {@code bytes} of what {@link #pollOutbound()} gave have been written (or dropped at a close). */
  public void written(long bytes) {
    if (hostClosed) {
      return; // everything unwritten was released by close()
    }
    released += bytes;
    budget.release(bytes);
    session.hostPausedForOutput(budget.overLimit());
    trackStall(bytes > 0);
  }

  /** Bytes polled or queued but not reported written. */
  public long unwritten() {
    return queued - released;
  }

  /**
   * Whether to stop reading: more than the outbound limit is owed (LIMIT-3), or the session holds
   * its input until answers end (CMD-11). Any thread.
   */
  public boolean overLimit() {
    return outputOverLimit() || admissionPaused;
  }

  /**
   * Whether more than the outbound limit is owed (LIMIT-3), the admission pause aside: what ends an
   * HTTP host's hold on output before the body's end (SPEC.md §9.2). Any thread.
   */
  public boolean outputOverLimit() {
    return budget.overLimit();
  }

  /**
   * Whether the session holds its input until responses end (CMD-11), as of the last work: the part
   * of {@link #overLimit()} that is not the budget's, for a host that waits on the budget apart.
   */
  boolean admissionPaused() {
    return admissionPaused;
  }

  /** Whether the session has ended; once its output is written the connection should close. */
  public boolean isClosed() {
    return session.isClosed();
  }

  /** Why the session closed, or {@code null} while open. */
  public CloseReason closeReason() {
    return dispatcher.closeReason();
  }

  /** Responses handlers are producing now. Any thread. */
  public int activeResponses() {
    return dispatcher.activeCount();
  }

  /**
   * The host stops: the session reads nothing more and closes once the responses being produced
   * have ended (their frames are still written); {@link #abort(String)} ends them sooner.
   */
  public void beginShutdown() {
    stopping = true;
    afterWork();
  }

  /**
   * Ends the responses still being produced with an error-response of type {@code server}, then the
   * session; unlike {@link #close(String)} the output owed stays, to be written.
   */
  public void abort(String why) {
    if (!session.isClosed()) {
      dispatcher.abortAll(why);
      handle(session.close());
    }
    afterWork();
  }

  /**
   * Ends the session now (the connection went away, or the host stops): responses still being
   * produced are ended with an error-response of type {@code server}, unwritten bytes released.
   */
  public void close(String why) {
    if (!session.isClosed()) {
      dispatcher.abortAll(why);
      handle(session.close());
    }
    out.clear();
    written(unwritten());
    hostClosed = true;
    budget.close();
  }

  private void handle(List<ServerEvent> events) {
    if (!events.isEmpty()) {
      dispatcher.onEvents(session, events);
    }
  }

  private void afterWork() {
    // Also once closed: a session that closed itself when its last response ended (after the end
    // of input, TRANS-6) leaves its Closed event here.
    handle(session.pollEvents());
    if (stopping && !session.isClosed() && dispatcher.activeCount() == 0) {
      handle(session.close());
    }
    admissionPaused = !session.isClosed() && !inputEnded && !session.wantsInput();
    enqueue(session.pollOutbound());
    session.hostPausedForOutput(budget.overLimit()); // LIMIT-4 does not run while LIMIT-3 pauses reading
    trackStall(false);
  }

  private void enqueue(ByteBuffer[] buffers) {
    long bytes = 0;
    for (ByteBuffer b : buffers) {
      if (b.hasRemaining()) {
        out.add(b);
        bytes += b.remaining();
      }
    }
    queued += bytes;
    budget.add(bytes);
  }

  @Override
  public String toString() {
    return name;
  }
}
