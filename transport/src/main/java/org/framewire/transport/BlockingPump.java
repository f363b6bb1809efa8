package org.framewire.transport;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a sans-I/O session over a blocking byte stream pair with two threads: a reader that feeds
 * input to the session, and a writer that writes the session's output and drives its timers. The
 * session is touched only under one lock, by whichever thread holds it: the reader, the writer, or
 * a command handler's thread handing over a write. Nothing blocks on I/O while holding the lock.
 *
 * <p>A server's reader waits before each read while the outbound queue is over its limit
 * (LIMIT-3); a client's reads on ({@link #pausesInputForOutput()}, LIMIT-8). The writer sleeps
 * until output is queued or the session's next deadline arrives; before it sleeps it lets the
 * session flush what it holds back ({@link #onIdle()}), as the NIO loop does when it runs out of
 * work.
 *
 * <p>An HTTP exchange holds its output until the request body has ended ({@link
 * #holdOutputUntilInputEnds}): see that method for why and for when the hold ends early.
 *
 * <p>Work other threads queue for the session (a server's handlers hand over their writes) runs on
 * the writer: they call {@link #wake()}, and the writer calls {@link #runWork()} before it decides
 * what to write, as the NIO loop runs its tasks.
 *
 * <p>Subclasses implement the hooks, each called with the lock held unless it says otherwise.
 */
abstract class BlockingPump {
  protected final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
  /** Runs after the lock is released: completions of futures, so that they never run under it. */
  private final List<Runnable> deferred = new ArrayList<>();
  private final int readBufferSize;
  private boolean writerDone;
  /** {@link #wake()} was called and the writer has not run the work yet. */
  private boolean workDue;
  /** Whether output waits for the end of the input; see {@link #holdOutputUntilInputEnds}. */
  private boolean hold;
  private long holdLinger;
  /** When a held session closed early, the {@link System#nanoTime()} its output goes out anyway; 0 unset. */
  private long releaseAt;
  private boolean inputEnded;

  BlockingPump(int readBufferSize) {
    this.readBufferSize = readBufferSize;
  }

  // ---------------------------------------------------------------- hooks (lock held)

  /** The connection's outbound budget (LIMIT-3): reading waits while it is over its limit. Any thread. */
  protected abstract OutboundBudget budget();

  /**
   * {@code bytes} more are queued for the writer. By default they are owed from now on; a session
   * host whose output is counted where it is framed ({@link SessionDriver}) counts nothing here.
   */
  protected void queued(long bytes) {
    budget().add(bytes);
  }

  /**
   * {@code bytes} of the queued output were written, or dropped after a failure. By default they
   * are no longer owed. Called with or without the lock.
   */
  protected void written(long bytes) {
    budget().release(bytes);
  }

  /** Feeds input bytes to the session. */
  protected abstract void onInput(ByteBuffer bytes);

  /** The input ended cleanly. */
  protected abstract void onInputEnd();

  /** Reading or writing failed; the session should close. */
  protected abstract void onIoError(IOException e);

  /** Runs timers due at {@code now}. */
  protected abstract void onTimeout(long now);

  /** The next deadline on the {@link System#nanoTime()} clock, {@link Long#MAX_VALUE} for none. */
  protected abstract long nextDeadline();

  /** Takes the session's queued output. */
  protected abstract ByteBuffer[] pollOutbound();

  /** Whether the session has closed: no more input is wanted, and no output beyond what is queued. */
  protected abstract boolean sessionClosed();

  /** Whether more input is wanted; by default, while the session is open. */
  protected boolean wantsInput() {
    return !sessionClosed();
  }

  /**
   * Whether the reader waits while the outbound budget is over its limit: a server's input makes its
   * output, so it stops reading (LIMIT-3). A client overrides this to read on whatever it owes
   * (LIMIT-8): its input is the server's answers, which the server waits to see taken. A constant;
   * called without the lock.
   */
  protected boolean pausesInputForOutput() {
    return true;
  }

  /**
   * The writer has nothing left to write: what the session holds back for now (values of responses
   * still being produced, short of a full frame) should go out. By default nothing; a session host
   * flushes its responses here ({@code ServerSession.flushResponses()}), which is how a streamed
   * value reaches the peer within one pass of the writer however slowly the next one comes.
   */
  protected void onIdle() {}

  /** Runs the work queued through {@link #wake()}; by default there is none. */
  protected void runWork() {}

  /**
   * Whether reading waits for now: the session paused admission (CMD-11) until responses end. The
   * reader waits until a later change (output queued, which every answer brings) lifts it.
   */
  protected boolean inputPaused() {
    return false;
  }

  /**
   * Makes the writer hold all output until the input has ended (SPEC.md §9.2: a server MAY read the
   * whole request body before it answers), for an HTTP exchange. A server that answers while the
   * request body is still arriving is taken by proxies as having finished with the request: nginx
   * stops sending the body the moment the response headers arrive, while the session still waits
   * for the rest of it, and both sides wait until a proxy timeout. So nothing, headers included,
   * goes out until the body's end, with two exceptions that keep every wait bounded:
   *
   * <ul>
   *   <li>the held output reaches the outbound limit (LIMIT-3): holding more is not allowed and
   *       reading waits for the output, so the output goes out (a peer reading the response while
   *       it sends, as a direct client or HAProxy, then goes on; a proxy that does not stalls);
   *   <li>the session closed before the input ended (a violation, a limit, a timeout, a
   *       shutdown): the reader goes on reading and discarding the body, so that a proxy sending it
   *       is not left waiting, and the output goes out at the body's end or {@code linger} after
   *       the close, whichever is first.
   * </ul>
   *
   * Call before the threads start.
   */
  final void holdOutputUntilInputEnds(java.time.Duration linger) {
    hold = true;
    holdLinger = linger.toNanos();
  }

  /** Whether the writer still holds output back; call with the lock held. */
  private boolean holding(long now) {
    if (!hold || inputEnded || budget().overLimit()) {
      return false;
    }
    if (sessionClosed() && releaseAt == 0) {
      releaseAt = now + holdLinger;
      if (releaseAt == 0) {
        releaseAt = 1;
      }
    }
    return releaseAt == 0 || releaseAt - now > 0;
  }

  /** The input ended or failed: held output may go. */
  private void inputOver() {
    lock.lock();
    try {
      inputEnded = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- access

  /** Runs {@code r} under the lock, then moves output to the writer and runs deferred work. */
  final void locked(Runnable r) {
    lock.lock();
    try {
      r.run();
      collect();
    } finally {
      lock.unlock();
      runDeferred();
    }
  }

  /**
   * Work is queued for the session ({@link #runWork()}); any thread, the lock held or not. The
   * writer runs it; once the writer has finished, the caller runs it at once.
   */
  final void wake() {
    lock.lock();
    try {
      if (writerDone) {
        runWork(); // nothing is written any more: the work only settles its accounts
      } else {
        workDue = true;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Queues {@code r} to run once the lock is released; call with the lock held. */
  final void defer(Runnable r) {
    deferred.add(r);
  }

  /** Queues extra output after what the session queued; call with the lock held. */
  final void enqueue(ByteBuffer[] buffers) {
    long bytes = 0;
    for (ByteBuffer b : buffers) {
      if (b.hasRemaining()) {
        pending.add(b);
        bytes += b.remaining();
      }
    }
    queued(bytes);
    changed.signalAll();
  }

  /** Moves the session's output to the writer; wakes it. Call with the lock held. */
  final void collect() {
    enqueue(pollOutbound());
  }

  private void runDeferred() {
    List<Runnable> run;
    lock.lock();
    try {
      if (deferred.isEmpty()) {
        return;
      }
      run = new ArrayList<>(deferred);
      deferred.clear();
    } finally {
      lock.unlock();
    }
    for (Runnable r : run) {
      r.run();
    }
  }

  // ---------------------------------------------------------------- threads

  /** One blocking read into an array, as {@link InputStream#read(byte[])}: -1 at the end. */
  @FunctionalInterface
  interface Source {
    int read(byte[] into) throws IOException;
  }

  /** Reads {@code in} until it ends, fails, or no more input is wanted. The stream is not closed here. */
  final void readLoop(InputStream in) {
    readLoop((Source) in::read);
  }

  /** Reads {@code in} until it ends, fails, or no more input is wanted. The channel is not closed here. */
  final void readLoop(ReadableByteChannel in) {
    readLoop((Source) b -> in.read(ByteBuffer.wrap(b)));
  }

  private void readLoop(Source in) {
    byte[] buf = new byte[readBufferSize];
    while (true) {
      boolean discard;
      lock.lock();
      try {
        while (wantsInput() && inputPaused()) {
          changed.await(); // CMD-11: resumed as answers are queued
        }
        // A held exchange whose session stopped taking input reads the rest of the body and drops
        // it, until the writer is done (see holdOutputUntilInputEnds).
        discard = hold && !wantsInput();
        if (!wantsInput() && !(discard && !writerDone)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        lock.unlock();
      }
      if (!discard && pausesInputForOutput()) {
        try {
          budget().awaitBelowLimit(); // LIMIT-3: no input while the peer does not take our output
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      int n;
      try {
        n = in.read(buf);
      } catch (IOException e) {
        inputOver();
        locked(() -> {
          if (!sessionClosed()) {
            onIoError(e);
          }
        });
        return;
      }
      if (n < 0) {
        inputOver();
        locked(() -> {
          if (!sessionClosed()) {
            onInputEnd();
          }
        });
        return;
      }
      if (discard) {
        continue;
      }
      int len = n;
      locked(() -> {
        if (wantsInput()) {
          onInput(ByteBuffer.wrap(buf, 0, len));
        }
      });
    }
  }

  /**
   * Writes the session's output to {@code out} and runs its timers until the session has closed and
   * everything queued is written. The stream is flushed after each batch and not closed here.
   */
  final void writeLoop(OutputStream out) {
    writeLoop(out instanceof FileOutputStream f ? f.getChannel() : Channels.newChannel(out), out::flush);
  }

  /** Output that needs flushing after each batch; a channel needs none. */
  @FunctionalInterface
  interface Flush {
    void flush() throws IOException;
  }

  /** As {@link #writeLoop(OutputStream)}, with gathering writes when the channel supports them. */
  final void writeLoop(WritableByteChannel channel, Flush flush) {
    try {
      while (true) {
        ByteBuffer[] batch = takeBatch();
        if (batch == null) {
          return;
        }
        long bytes = 0;
        for (ByteBuffer b : batch) {
          bytes += b.remaining();
        }
        try {
          write(channel, batch);
          flush.flush();
        } catch (IOException e) {
          written(bytes);
          locked(() -> {
            onIoError(e);
            dropPending();
          });
          return;
        }
        written(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      locked(this::dropPending);
    } finally {
      lock.lock();
      try {
        writerDone = true;
        if (workDue) {
          workDue = false;
          runWork();
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      runDeferred();
    }
  }

  /** Waits for output or a deadline; {@code null} once the session closed and nothing is left. */
  private ByteBuffer[] takeBatch() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (workDue) {
          workDue = false;
          runWork(); // handlers' writes: before the batch is taken, so that it carries them
          collect();
        }
        if (!pending.isEmpty() && !holding(System.nanoTime())) {
          break;
        }
        if (pending.isEmpty() && !sessionClosed()) {
          onIdle(); // nothing to write: what handlers wrote goes out now (ENC-4 flush points)
          collect();
          if (!pending.isEmpty()) {
            continue;
          }
        }
        if (pending.isEmpty() && sessionClosed()) {
          return null;
        }
        long deadline = nextDeadline();
        if (releaseAt != 0 && !pending.isEmpty() && (deadline == Long.MAX_VALUE || releaseAt - deadline < 0)) {
          deadline = releaseAt;
        }
        if (deadline == Long.MAX_VALUE) {
          changed.await();
          continue;
        }
        long wait = deadline - System.nanoTime();
        if (wait > 0) {
          changed.awaitNanos(wait);
          continue;
        }
        onTimeout(System.nanoTime());
        collect();
        lock.unlock();
        try {
          runDeferred();
        } finally {
          lock.lock();
        }
      }
      ByteBuffer[] batch = pending.toArray(new ByteBuffer[0]);
      pending.clear();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the writer finished, at most {@code nanos}; true when it did. */
  final boolean awaitWriter(long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (!writerDone) {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void dropPending() {
    long bytes = 0;
    for (ByteBuffer b : pending) {
      bytes += b.remaining();
    }
    pending.clear();
    written(bytes);
  }

  private static void write(WritableByteChannel channel, ByteBuffer[] batch) throws IOException {
    if (channel instanceof GatheringByteChannel g) {
      long left = 0;
      for (ByteBuffer b : batch) {
        left += b.remaining();
      }
      int from = 0;
      while (left > 0) {
        left -= g.write(batch, from, batch.length - from);
        while (from < batch.length && !batch[from].hasRemaining()) {
          from++;
        }
      }
      return;
    }
    for (ByteBuffer b : batch) {
      while (b.hasRemaining()) {
        channel.write(b);
      }
    }
  }
}
