package org.framewire.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.framewire.session.CloseReason;
import org.framewire.session.commands.CommandRegistry;

/**
 * One server session over a blocking byte stream pair — a process's stdin and stdout, or one HTTP
 * exchange's request and response bodies: the {@link SessionDriver} (the session, its command
 * dispatch, its outbound budget and its handlers' task queue, as every host has) driven by a {@link
 * BlockingPump}. The driver lives under the pump's lock; handler threads queue their writes with
 * the driver, which wakes the pump's writer to run them ({@link BlockingPump#wake()}), and the
 * writer flushes the responses written to whenever it runs them or has nothing left to write, so a
 * streamed value reaches the peer within one pass of the writer.
 *
 * <p>The send timeout (LIMIT-7) is not judged here: the writer that would judge it blocks in its
 * write while the peer does not read, and an HTTP exchange holds its output by its own choice
 * ({@link #holdOutputUntilInputEnds}), not because the client does not read.
 */
final class StreamConnection extends BlockingPump {
  private final String name;
  private final TransportListener listener;
  private final SessionDriver driver;
  private boolean stopping;
  private boolean aborted;
  private long abortAt;

  StreamConnection(String name, TransportConfig config, CommandRegistry commands, Executor executor,
      TransportListener listener, CommandDispatcher.Gate gate) {
    super(config.readBufferSize());
    this.name = name;
    this.listener = listener;
    this.driver = new SessionDriver(name, config.withSession(config.session().withSendTimeout(Duration.ZERO)),
        commands, executor, listener, this::wake, gate);
  }

  /** Sets what TLS established about the peer (an HTTPS exchange), before the first input. */
  void tls(org.framewire.session.commands.TlsPeer peer) {
    driver.tls(peer);
  }

  String name() {
    return name;
  }

  /** Why the session closed, or {@code null} while it is open. */
  CloseReason closeReason() {
    lock.lock();
    try {
      return driver.closeReason();
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
        driver.beginShutdown();
      }
    });
  }

  // ---------------------------------------------------------------- pump hooks

  @Override
  protected OutboundBudget budget() {
    return driver.budget();
  }

  /** The driver counted these bytes when it framed them. */
  @Override
  protected void queued(long bytes) {}

  @Override
  protected void written(long bytes) {
    lock.lock();
    try {
      driver.written(bytes);
    } finally {
      lock.unlock();
    }
  }

  @Override
  protected void runWork() {
    driver.runTasks();
  }

  @Override
  protected void onInput(ByteBuffer bytes) {
    driver.receive(bytes);
  }

  @Override
  protected void onInputEnd() {
    driver.receiveEnd();
  }

  @Override
  protected void onIoError(IOException e) {
    listener.ioError(name, e);
    driver.close("connection failed: " + e.getMessage());
  }

  @Override
  protected void onTimeout(long now) {
    if (stopping && !aborted && now - abortAt >= 0) {
      aborted = true;
      driver.abort("server shutting down");
    } else {
      driver.onTimeout(now);
    }
  }

  @Override
  protected long nextDeadline() {
    long d = driver.nextDeadline();
    if (stopping && !aborted && (d == Long.MAX_VALUE || abortAt - d < 0)) {
      d = abortAt;
    }
    return d;
  }

  /** The writer went idle: values written since the last flush go out now (ENC-4 flush points). */
  @Override
  protected void onIdle() {
    driver.runTasks();
  }

  @Override
  protected ByteBuffer[] pollOutbound() {
    return driver.pollOutbound();
  }

  @Override
  protected boolean sessionClosed() {
    return driver.isClosed();
  }

  @Override
  protected boolean wantsInput() {
    return !stopping && !driver.isClosed();
  }

  @Override
  protected boolean inputPaused() {
    return driver.admissionPaused();
  }

  @Override
  public String toString() {
    return name;
  }
}
