package org.framewire.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.framewire.transport.SessionDriver;
import org.framewire.transport.TransportListener;

/**
 * One HTTP exchange of {@link FramewireServlet}: the request body read with a {@link ReadListener},
 * the frames written with a {@link WriteListener}, the {@link SessionDriver} between them. Every
 * touch of the driver and the streams is a piece of one {@link SerialWork}, whichever thread
 * arrives (container callbacks, the handlers' wake-ups on the executor, the timer): one at a time,
 * in order, and never with a container thread waiting for another thread (a lock here deadlocked
 * against Tomcat's socket lock; see {@link SerialWork}).
 *
 * <p>Writing: frames are written while {@link ServletOutputStream#isReady()}; when it turns false
 * the exchange stops framing handlers' output and resumes in {@code onWritePossible}. Reading: while
 * the session owes more than its outbound limit (LIMIT-3), the body is not read; reading resumes
 * once writes bring it back. The exchange completes when the session has closed and its last frame
 * is written.
 *
 * <p>Holding: nothing is written, so the response is not committed, until the request body has
 * ended (SPEC.md §9.2 lets a server read the whole body first; a proxy such as nginx stops sending
 * the body once the response begins, and would leave the exchange waiting). Two exceptions keep the
 * waits bounded, as in the JDK host: the output reaches the outbound limit (LIMIT-3), or the
 * session closed early and {@code linger} passed since; until then the rest of the body is read
 * and dropped.
 */
final class ServletExchange implements ReadListener, WriteListener {
  private static final int READ_CHUNK = 16 * 1024;

  private final String name;
  private final AsyncContext async;
  private final Executor executor;
  private final ScheduledExecutorService timers;
  private final TransportListener listener;
  private final long linger;
  private final SerialWork work = new SerialWork(this::failNow);
  private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
  private final byte[] readBuffer = new byte[READ_CHUNK];
  private SessionDriver driver;
  private ServletInputStream in;
  private ServletOutputStream out;
  private boolean tasksPending;
  private boolean readStalled;
  private boolean inputDone;
  private boolean completed;
  private ScheduledFuture<?> timer;
  private long timerAt = Long.MAX_VALUE;
  /** When a session that closed before the body ended is answered anyway; 0 while unset. */
  private long releaseAt;

  /** @param linger how long a session that closed early waits for the end of the body before it answers */
  ServletExchange(String name, AsyncContext async, Executor executor, ScheduledExecutorService timers,
      TransportListener listener, java.time.Duration linger) {
    this.name = name;
    this.async = async;
    this.executor = executor;
    this.timers = timers;
    this.listener = listener;
    this.linger = linger.toNanos();
  }

  void start(SessionDriver driver, ServletInputStream in, ServletOutputStream out) {
    work.run(() -> {
      this.driver = driver;
      this.in = in;
      this.out = out;
      listener.connectionOpened(name);
      out.setWriteListener(this);
      in.setReadListener(this);
    });
  }

  /** A handler queued work (any thread): frame it on the executor, never on the handler's thread. */
  void wakeup() {
    try {
      executor.execute(() -> work.run(this::onTasks));
    } catch (RejectedExecutionException e) {
      onError(e);
    }
  }

  private void onTasks() {
    if (completed) {
      driver.runTasks(); // settle the handlers' budget; the output goes nowhere
      return;
    }
    tasksPending = true; // run by pump: at once while holding, else once what is pending is written
    pump();
  }

  // ---------------------------------------------------------------- ReadListener

  @Override
  public void onDataAvailable() {
    work.run(() -> {
      readSome();
      pump();
    });
  }

  private void readSome() throws IOException {
    while (!completed && !inputDone && in.isReady()) {
      if (driver.overLimit()) {
        readStalled = true; // LIMIT-3: resumed after writes
        return;
      }
      int n = in.read(readBuffer);
      if (n < 0) {
        return; // onAllDataRead follows
      }
      if (n > 0) {
        driver.receive(ByteBuffer.wrap(readBuffer, 0, n));
      }
    }
  }

  @Override
  public void onAllDataRead() {
    work.run(() -> {
      if (!inputDone) {
        inputDone = true;
        driver.receiveEnd();
        pump();
      }
    });
  }

  // ---------------------------------------------------------------- WriteListener

  @Override
  public void onWritePossible() {
    work.run(this::pump);
  }

  @Override
  public void onError(Throwable t) {
    work.run(() -> failNow(t));
  }

  // ---------------------------------------------------------------- writing

  /**
   * Writes what the session produced while the container takes it, runs the handlers' work once it
   * is written, reads again once the pause ends; pass after pass while one of them changes anything.
   */
  private void pump() {
    try {
      while (!completed && pass()) {
        // a pass that read, or ran work, may have made output to write or ended a pause
      }
    } catch (IOException e) {
      failNow(e);
      return;
    }
    if (!completed) {
      schedule();
    }
  }

  /**
   * One pass of {@link #pump()}. Nothing may be left waiting on a callback that will not come: output
   * stays pending only while holding or while the container is not ready ({@code onWritePossible}
   * follows), work only while output is pending, reading paused only while over the limit.
   *
   * @return whether to pass again: it read input or ran the handlers' work
   */
  private boolean pass() throws IOException {
    for (ByteBuffer b : driver.pollOutbound()) {
      pending.add(b);
    }
    if (holding()) {
      if (tasksPending) {
        tasksPending = false;
        driver.runTasks(); // framed now, written once the hold ends
        return true;
      }
      return resumeReading();
    }
    while (!pending.isEmpty() && out.isReady()) {
      ByteBuffer b = pending.poll();
      int n = b.remaining();
      if (b.hasArray()) {
        out.write(b.array(), b.arrayOffset() + b.position(), n);
      } else {
        byte[] copy = new byte[n]; // a direct payload: the servlet API takes arrays
        b.get(copy);
        out.write(copy);
      }
      driver.written(n);
    }
    if (pending.isEmpty() && out.isReady()) {
      if (driver.isClosed()) {
        out.flush();
        complete();
        return false;
      }
      if (tasksPending) {
        tasksPending = false;
        driver.runTasks();
        return true;
      }
      out.flush();
    }
    return resumeReading();
  }

  /** Reads again if reading was paused and the pause has ended; whether it did. */
  private boolean resumeReading() throws IOException {
    if (!readStalled || driver.overLimit()) {
      return false;
    }
    readStalled = false;
    readSome();
    return true;
  }

  /**
   * Whether output still waits for the end of the body (see the class comment). Only the output
   * limit (LIMIT-3) ends the hold early, not the session's admission pause (CMD-11): a deep
   * pipeline pauses long before its body ends, and answering then would make a proxy stop sending
   * the rest of the body, as in the JDK host ({@code BlockingPump}).
   */
  private boolean holding() {
    if (inputDone || driver.outputOverLimit()) {
      return false;
    }
    if (driver.isClosed() && releaseAt == 0) {
      releaseAt = System.nanoTime() + linger;
      if (releaseAt == 0) {
        releaseAt = 1;
      }
    }
    return releaseAt == 0 || releaseAt - System.nanoTime() > 0;
  }

  private void schedule() {
    long d = driver.nextDeadline();
    if (releaseAt != 0 && !inputDone && (d == Long.MAX_VALUE || releaseAt - d < 0)) {
      d = releaseAt;
    }
    if (d == timerAt) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    timerAt = d;
    if (d != Long.MAX_VALUE && !completed) {
      timer = timers.schedule(() -> work.run(this::onTimer), Math.max(0, d - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }

  private void onTimer() {
    timer = null;
    timerAt = Long.MAX_VALUE;
    if (!completed) {
      driver.onTimeout(System.nanoTime());
      pump();
    }
  }

  /** Within a piece of {@link #work}. */
  private void failNow(Throwable t) {
    if (t instanceof IOException io) {
      listener.ioError(name, io);
    } else {
      listener.internalError(name, t);
    }
    driver.close("exchange failed: " + t);
    complete();
  }

  private void complete() {
    if (completed) {
      return;
    }
    completed = true;
    if (timer != null) {
      timer.cancel(false);
    }
    pending.clear();
    driver.close("exchange complete");
    async.complete();
  }

  @Override
  public String toString() {
    return name;
  }
}
