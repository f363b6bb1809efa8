package org.framewire.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.Executor;
import org.framewire.session.SessionMulti;
import org.framewire.session.commands.CommandRegistry;

/**
 * One TCP connection of a {@link TcpServer}: a non-blocking socket channel and the {@link
 * SessionDriver} over it (the session, its command dispatch and its outbound budget, as every host
 * has), both confined to the selector thread of its {@link NioLoop}. Handler threads reach the
 * session only through the driver, which queues their tasks and wakes the loop to run them.
 *
 * <p>Output: the driver's gather buffers (8 header bytes, then the payload view, per frame) go into
 * a queue and are written with {@link SocketChannel#write(ByteBuffer[], int, int)}, never copied;
 * each write is reported to the driver ({@link SessionDriver#written(long)}). Whatever the socket
 * does not take waits for {@code OP_WRITE}. While the driver is {@link SessionDriver#overLimit()
 * over its limit} the connection stops reading (LIMIT-3, and CMD-11's admission pause).
 *
 * <p>Closing: once the session has closed and its last frames are written, the write side is shut
 * down (the peer sees end of stream after the final frame) and input is read and discarded until
 * the peer closes or the linger time passes; then the channel closes.
 *
 * <p>Timers and readiness: the connection is a {@link SessionMulti.Member} of its loop's multi
 * handle. After any work it computes the selector interest it wants and its next deadline (the
 * driver's, the TLS handshake's or the linger's, whichever is first) and calls {@link
 * SessionMulti#update}; the loop sets the key's interest from the changes the multi reports and
 * selects until the multi's one next deadline.
 */
final class NioConnection implements SessionMulti.Member {
  /** Most buffers handed to one gathering write. */
  private static final int GATHER = 512;

  private final NioLoop loop;
  private final SocketChannel channel;
  /** The socket, or TLS over it: every read and write goes through it. */
  private final Wire wire;
  private final SelectionKey key;
  private final String name;
  private final SocketAddress remote;
  private final TransportConfig config;
  private final TransportListener listener;
  private final SessionDriver driver;

  // Selector thread only.
  private ByteBuffer[] out = new ByteBuffer[64];
  private int head;
  private int tail;
  private boolean inputEnded;
  private boolean outputShut;
  private boolean stopping;
  private boolean closed;
  private long lingerUntil = Long.MAX_VALUE;
  /** Its handle in the loop's multi, set once at accept. */
  SessionMulti.Handle handle;
  /** The selector interest wanted, as of the last work. */
  private int ops = SelectionKey.OP_READ;
  /** The next deadline, as of the last work; {@link Long#MAX_VALUE} for none. */
  private long nextDeadline = Long.MAX_VALUE;

  private volatile boolean readingPaused;
  private volatile int readPauses;

  NioConnection(NioLoop loop, SocketChannel channel, Wire wire, SelectionKey key, String name, SocketAddress remote,
      TransportConfig config, CommandRegistry commands, Executor executor,
      TransportListener listener) {
    this.loop = loop;
    this.channel = channel;
    this.wire = wire;
    this.key = key;
    this.name = name;
    this.remote = remote;
    this.config = config;
    this.listener = listener;
    this.driver = SessionDriver.raw(name, config, commands, executor, listener, () -> loop.schedule(this));
  }

  String name() {
    return name;
  }

  boolean isClosed() {
    return closed;
  }

  /** The key whose interest the loop sets from {@link #interest()}. */
  SelectionKey key() {
    return key;
  }

  // ---------------------------------------------------------------- SessionMulti.Member

  @Override
  public int interest() {
    return ops;
  }

  @Override
  public long nextDeadline() {
    return nextDeadline;
  }

  @Override
  public void onTimeout(long now) {
    loop.guarded(this, () -> onDeadline(now));
  }

  @Override
  public boolean isDone() {
    return closed;
  }

  ConnectionStats stats() {
    OutboundBudget budget = driver.budget();
    return new ConnectionStats(name, remote, budget.bytes(), budget.peak(), readPauses, readingPaused,
        driver.activeResponses());
  }

  // ---------------------------------------------------------------- selector thread

  /**
   * Runs the tasks handlers queued (every task runs, even after the close, to settle its budget),
   * then flushes the responses written to: values reach the socket within one pass of the loop, not
   * when a frame fills ({@link SessionDriver#runTasks()}).
   */
  void runTasks() {
    driver.runTasks();
    afterWork();
  }

  void onReadable(ByteBuffer buffer) {
    buffer.clear();
    int n;
    try {
      n = driver.isClosed() ? wire.discard(buffer) : wire.read(buffer);
    } catch (IOException e) {
      ioFailure(e);
      return;
    }
    if (driver.isClosed()) {
      // Lingering after the session ended: the input is discarded (ERR-2: no more processing).
      if (n < 0) {
        inputEnded = true;
        closeNow();
      }
      return;
    }
    if (n < 0) {
      inputEnded = true;
      driver.receiveEnd();
    } else if (n > 0) {
      loop.spoke(this);
      if (driver.tls() == null) {
        driver.tls(wire.peer()); // what the handshake established, for the handlers (SPEC.md §9.3)
      }
      driver.receive(buffer.flip());
    }
    afterWork();
  }

  void onWritable() {
    flush();
    afterWork();
    if (!closed && wire.hasBufferedInput() && (ops & SelectionKey.OP_READ) != 0) {
      onReadable(loop.readBuffer()); // records the wire held while its handshake reply waited
    }
  }

  void onDeadline(long now) {
    if (closed) {
      return;
    }
    if (now - lingerUntil >= 0) {
      closeNow();
      return;
    }
    try {
      wire.onDeadline(now);
    } catch (IOException e) {
      ioFailure(e);
      return;
    }
    driver.onTimeout(now);
    afterWork();
  }

  /** The server stops: read nothing more, close once the responses being produced have ended. */
  void beginShutdown() {
    stopping = true;
    if (!closed) {
      driver.beginShutdown();
    }
    afterWork();
  }

  /** The shutdown grace ran out: end what is still being produced with a server error, then close. */
  void abortForShutdown() {
    if (closed) {
      return;
    }
    driver.abort("server shutting down");
    afterWork();
  }

  /** Closes the channel at once, whatever is still queued (the driver releases its bytes). */
  void closeNow() {
    if (closed) {
      return;
    }
    closed = true;
    driver.close("connection closed");
    key.cancel();
    try {
      channel.close();
    } catch (IOException e) {
      listener.ioError(name, e);
    }
    for (int i = head; i < tail; i++) {
      out[i] = null;
    }
    head = tail = 0;
    loop.removed(this);
  }

  /** After anything happened: collect output, write, then decide what to wait for. */
  private void afterWork() {
    if (closed) {
      return;
    }
    enqueue(driver.pollOutbound());
    flush();
    if (closed) {
      return;
    }
    if (driver.abandoned()) {
      closeNow(); // LIMIT-7: the client read nothing of what is owed, the error frame included
      return;
    }
    if (driver.isClosed() && head == tail && !outputShut) {
      try {
        outputShut = wire.shutdownOutput();
      } catch (IOException e) {
        closeNow();
        return;
      }
    }
    if (outputShut && lingerUntil == Long.MAX_VALUE) {
      if (inputEnded || config.closeLinger().isZero()) {
        closeNow();
        return;
      }
      lingerUntil = System.nanoTime() + config.closeLinger().toNanos();
    }
    updateInterest();
    long d = driver.nextDeadline();
    long w = wire.deadline();
    if (w != Long.MAX_VALUE && (d == Long.MAX_VALUE || w - d < 0)) {
      d = w;
    }
    if (lingerUntil != Long.MAX_VALUE && (d == Long.MAX_VALUE || lingerUntil - d < 0)) {
      d = lingerUntil;
    }
    nextDeadline = d;
    loop.update(this);
  }

  private void updateInterest() {
    boolean read;
    if (inputEnded) {
      read = false;
    } else if (driver.isClosed()) {
      read = outputShut; // lingering: drain and discard until the peer closes
    } else if (stopping) {
      read = false;
    } else {
      boolean over = driver.budget().overLimit();
      if (over && !readingPaused) {
        readPauses++;
      }
      readingPaused = over;
      read = !driver.overLimit(); // LIMIT-3; and CMD-11: admission paused until answers end
    }
    boolean write = (head < tail && wire.ready()) || wire.hasPendingOutput();
    ops = (read ? SelectionKey.OP_READ : 0) | (write ? SelectionKey.OP_WRITE : 0);
  }

  private void enqueue(ByteBuffer[] buffers) {
    if (buffers.length == 0) {
      return;
    }
    if (tail + buffers.length > out.length) {
      int live = tail - head;
      ByteBuffer[] target = live + buffers.length > out.length
          ? new ByteBuffer[Integer.highestOneBit(live + buffers.length) << 1] : out;
      System.arraycopy(out, head, target, 0, live);
      if (target == out) {
        Arrays.fill(out, live, tail, null);
      }
      out = target;
      head = 0;
      tail = live;
    }
    for (ByteBuffer b : buffers) {
      if (b.hasRemaining()) {
        out[tail++] = b;
      }
    }
  }

  private void flush() {
    while (head < tail) {
      long written;
      try {
        written = wire.write(out, head, Math.min(tail - head, GATHER));
      } catch (IOException e) {
        ioFailure(e);
        return;
      }
      driver.written(written);
      while (head < tail && !out[head].hasRemaining()) {
        out[head++] = null;
      }
      if (written == 0) {
        break;
      }
    }
    if (head == tail) {
      head = tail = 0;
    }
    try {
      wire.flush();
    } catch (IOException e) {
      ioFailure(e);
    }
  }

  private void ioFailure(IOException e) {
    listener.ioError(name, e);
    closeNow();
  }

  @Override
  public String toString() {
    return name;
  }
}
