package org.framewire.transport;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTPS host's handshake deadline (SPEC.md §9.3, TRANS-15), which the JDK's {@code HttpsServer}
 * lacks: it runs each new exchange on its executor, where the exchange's {@code SSLStreams} does the
 * TLS handshake and then reads the request line and headers with blocking reads of the connection's
 * channel, with no time limit of its own. This executor wraps each such task: unless the task
 * reaches the API's handler ({@link #arrived()}) within the bound, its thread is interrupted, and
 * since the channel is an interruptible one, the interrupt closes the connection; the exchange ends
 * unserved. A task that has reached the handler is never interrupted, however long it serves.
 *
 * <p>The bound counts from when the server's dispatcher hands the exchange over, which is when the
 * client's first bytes arrived; a connection that never sends a byte is the JDK's idle timer's
 * ({@code sun.net.httpserver.idleInterval}).
 */
final class HandshakeDeadline implements Executor {

  private final Executor inner;
  private final Duration bound;
  private final ScheduledExecutorService timer;
  private final ThreadLocal<Task> current = new ThreadLocal<>();
  private final AtomicLong expired = new AtomicLong();

  /** Runs tasks on {@code inner}; {@link #close()} stops the timer thread. */
  HandshakeDeadline(Executor inner, Duration bound) {
    this.inner = inner;
    this.bound = bound;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "framewire-https-handshake-deadline");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void execute(Runnable exchange) {
    inner.execute(() -> {
      Task task = new Task(Thread.currentThread());
      current.set(task);
      ScheduledFuture<?> alarm = timer.schedule(task::expire, bound.toNanos(), TimeUnit.NANOSECONDS);
      try {
        exchange.run();
      } finally {
        task.finish();
        alarm.cancel(false);
        current.remove();
        Thread.interrupted(); // an interrupt of this task must not reach the thread's next one
      }
    });
  }

  /**
   * Called by the handler first: the handshake and the request head are done in time. False when
   * the deadline passed first (the connection is being closed; the handler answers nothing).
   */
  boolean arrived() {
    Task t = current.get();
    return t == null || t.serve();
  }

  /** How many exchanges were closed at the deadline. */
  long expired() {
    return expired.get();
  }

  void close() {
    timer.shutdownNow();
  }

  /** One exchange's race between its handler and the deadline. */
  private final class Task {
    private final Thread thread;
    private int state; // 0 pending, 1 serving, 2 expired, 3 done

    Task(Thread thread) {
      this.thread = thread;
    }

    synchronized boolean serve() {
      if (state == 0) {
        state = 1;
      }
      return state == 1;
    }

    synchronized void expire() {
      if (state == 0) {
        state = 2;
        expired.incrementAndGet();
        thread.interrupt(); // closes the blocking channel the handshake reads from
      }
    }

    synchronized void finish() {
      state = 3;
    }
  }
}
