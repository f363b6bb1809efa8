package org.framewire.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.framewire.session.ServerEvent;
import org.framewire.session.ServerSession;
import org.framewire.spec.Requirement;
import org.framewire.session.commands.TlsPeer;
import org.framewire.session.commands.CommandRegistry;

/**
 * One TCP connection of a {@link TcpServer}: a non-blocking socket channel and the {@link
 * ServerSession} over it, both confined to the selector thread of its {@link NioLoop}. Handler
 * threads reach the session only through {@link #execute}, which queues a task and wakes the loop.
 *
 * <p>Output: the session's gather buffers (8 header bytes, then the payload view, per frame) go into
 * a queue and are written with {@link SocketChannel#write(ByteBuffer[], int, int)}, never copied.
 * Whatever the socket does not take waits for {@code OP_WRITE}. The {@link OutboundBudget} counts
 * them; over its limit the connection stops reading (LIMIT-3).
 *
 * <p>Closing: once the session has closed and its last frames are written, the write side is shut
 * down (the peer sees end of stream after the final frame) and input is read and discarded until
 * the peer closes or the linger time passes; then the channel closes.
 */
final class NioConnection implements SessionHost {
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
  private final ServerSession session;
  private final OutboundBudget budget;
  private final CommandDispatcher dispatcher;
  private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  // Selector thread only.
  private ByteBuffer[] out = new ByteBuffer[64];
  private int head;
  private int tail;
  private boolean inputEnded;
  private boolean outputShut;
  private boolean stopping;
  private boolean closed;
  private long lingerUntil = Long.MAX_VALUE;
  /** The deadline registered with the loop; {@link Long#MAX_VALUE} for none. */
  long deadline = Long.MAX_VALUE;

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
    this.session = new ServerSession(config.session());
    this.budget = new OutboundBudget(config.session().maxOutboundBytes());
    this.dispatcher = new CommandDispatcher(name, commands, executor, this, listener, null);
  }

  String name() {
    return name;
  }

  boolean isClosed() {
    return closed;
  }

  ConnectionStats stats() {
    return new ConnectionStats(name, remote, budget.bytes(), budget.peak(), readPauses, readingPaused,
        dispatcher.activeCount());
  }

  // ---------------------------------------------------------------- SessionHost (any thread)

  /** A handler's call and the bytes of budget it carries. */
  private record Task(Consumer<ServerSession> work, long handedOver) {}

  @Override
  public void execute(Consumer<ServerSession> task, long handedOver) {
    tasks.add(new Task(task, handedOver));
    if (scheduled.compareAndSet(false, true)) {
      loop.schedule(this);
    }
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
  public TlsPeer tls() {
    return wire.peer();
  }

  @Override
  public void violation(Requirement requirement, String detail) {
    enqueue(session.pollOutbound());
    enqueue(ProtocolErrors.violationBuffers(requirement, detail));
  }

  // ---------------------------------------------------------------- selector thread

  /**
   * Runs the tasks handlers queued; every task runs, even after the close, to settle its budget.
   * Each task's frames are queued before the bytes it carried are released. Once the queue is
   * empty the responses written to are flushed ({@link ServerSession#flushResponses()}): values
   * reach the socket within one pass of the loop, not when a frame fills.
   */
  void runTasks() {
    scheduled.set(false);
    for (Task t; (t = tasks.poll()) != null; ) {
      try {
        t.work().accept(session);
      } catch (RuntimeException e) {
        listener.internalError(name, e);
      } finally {
        if (!closed) {
          enqueue(session.pollOutbound());
        }
        budget.release(t.handedOver());
      }
    }
    if (!closed && !session.isClosed()) {
      session.flushResponses();
    }
    afterWork();
  }

  void onReadable(ByteBuffer buffer) {
    buffer.clear();
    int n;
    try {
      n = wire.read(buffer);
    } catch (IOException e) {
      ioFailure(e);
      return;
    }
    if (session.isClosed()) {
      // Lingering after the session ended: the input is discarded (ERR-2: no more processing).
      if (n < 0) {
        inputEnded = true;
        closeNow();
      }
      return;
    }
    if (n < 0) {
      inputEnded = true;
      handle(session.receiveEnd());
      dispatcher.onInputEnd(session);
    } else if (n > 0) {
      loop.spoke(this);
      buffer.flip();
      handle(session.receive(buffer));
    }
    afterWork();
  }

  void onWritable() {
    flush();
    afterWork();
    if (!closed && wire.hasBufferedInput() && (key.interestOps() & SelectionKey.OP_READ) != 0) {
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
    if (!session.isClosed()) {
      handle(session.onTimeout(now));
    }
    afterWork();
  }

  /** The server stops: read nothing more, close once the responses being produced have ended. */
  void beginShutdown() {
    stopping = true;
    afterWork();
  }

  /** The shutdown grace ran out: end what is still being produced with a server error, then close. */
  void abortForShutdown() {
    if (closed) {
      return;
    }
    dispatcher.abortAll("server shutting down");
    if (!session.isClosed()) {
      handle(session.close());
    }
    afterWork();
  }

  /** Closes the channel at once, whatever is still queued. */
  void closeNow() {
    if (closed) {
      return;
    }
    closed = true;
    if (!session.isClosed()) {
      handle(session.close());
    }
    key.cancel();
    try {
      channel.close();
    } catch (IOException e) {
      listener.ioError(name, e);
    }
    long unwritten = 0;
    for (int i = head; i < tail; i++) {
      unwritten += out[i].remaining();
      out[i] = null;
    }
    head = tail = 0;
    budget.release(unwritten);
    budget.close();
    loop.removed(this);
  }

  private void handle(List<ServerEvent> events) {
    if (!events.isEmpty()) {
      dispatcher.onEvents(session, events);
    }
  }

  /** After anything happened: collect events and output, write, then decide what to wait for. */
  private void afterWork() {
    if (closed) {
      return;
    }
    handle(session.pollEvents());
    if (stopping && !session.isClosed() && dispatcher.activeCount() == 0) {
      handle(session.close());
    }
    enqueue(session.pollOutbound());
    flush();
    if (closed) {
      return;
    }
    if (session.isClosed() && head == tail && !outputShut) {
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
    long d = session.isClosed() ? Long.MAX_VALUE : session.nextDeadline();
    long w = wire.deadline();
    if (w != Long.MAX_VALUE && (d == Long.MAX_VALUE || w - d < 0)) {
      d = w;
    }
    if (lingerUntil != Long.MAX_VALUE && (d == Long.MAX_VALUE || lingerUntil - d < 0)) {
      d = lingerUntil;
    }
    loop.deadline(this, d);
  }

  private void updateInterest() {
    boolean read;
    if (inputEnded) {
      read = false;
    } else if (session.isClosed()) {
      read = outputShut; // lingering: drain and discard until the peer closes
    } else if (stopping) {
      read = false;
    } else {
      boolean over = budget.overLimit();
      if (over && !readingPaused) {
        readPauses++;
      }
      readingPaused = over;
      read = !over && session.wantsInput(); // LIMIT-3; and CMD-11: admission paused until answers end
    }
    boolean write = (head < tail && wire.ready()) || wire.hasPendingOutput();
    int ops = (read ? SelectionKey.OP_READ : 0) | (write ? SelectionKey.OP_WRITE : 0);
    if (key.isValid() && key.interestOps() != ops) {
      key.interestOps(ops);
    }
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
    long bytes = 0;
    for (ByteBuffer b : buffers) {
      if (b.hasRemaining()) {
        out[tail++] = b;
        bytes += b.remaining();
      }
    }
    budget.add(bytes);
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
      budget.release(written);
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
