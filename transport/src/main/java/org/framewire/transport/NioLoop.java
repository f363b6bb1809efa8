package org.framewire.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.framewire.session.SessionMulti;
import org.framewire.session.commands.CommandRegistry;
import org.framewire.transport.tls.ServerTls;

/**
 * The selector thread of a {@link TcpServer}: it accepts connections, reads and writes them, runs
 * the tasks handler threads queue for them, and drives their sessions' timers. One thread serves
 * every connection; it never runs a command handler and never blocks except in {@link
 * Selector#select(long)}, whose timeout is the earliest deadline of any session (SPEC.md §10's
 * timeouts, as the sessions implement them) or of a closing connection.
 *
 * <p>Every connection is a {@link SessionMulti.Member} of one {@link SessionMulti}: the multi keeps
 * one deadline per connection in one indexed heap (O(log n) when it moves, O(1) for the earliest),
 * runs only the connections whose deadline passed, and reports only the connections whose interest
 * changed, so a pass of the loop costs what happened in it, not the number of connections.
 */
final class NioLoop implements Runnable {

  private final Selector selector;
  private final ServerSocketChannel acceptor;
  private final TransportConfig config;
  private final CommandRegistry commands;
  private final Executor executor;
  private final TransportListener listener;
  /** TLS for every connection, or {@code null} for none. */
  private final ServerTls tls;
  private final ByteBuffer readBuffer;
  private final Set<NioConnection> connections = ConcurrentHashMap.newKeySet();
  /** Connections that have not sent a byte yet, oldest first (selector thread only). */
  private final LinkedHashSet<NioConnection> silent = new LinkedHashSet<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong evicted = new AtomicLong();
  private final ConcurrentLinkedQueue<NioConnection> ready = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Runnable> loopTasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  /** Every open connection's deadline and interest (selector thread only). */
  private final SessionMulti multi = new SessionMulti();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private long serial;
  private boolean stopping;
  private long abortAt;
  private long forceAt;
  private boolean aborted;

  NioLoop(Selector selector, ServerSocketChannel acceptor, TransportConfig config, CommandRegistry commands,
      Executor executor, TransportListener listener, ServerTls tls) {
    this.tls = tls;
    this.selector = selector;
    this.acceptor = acceptor;
    this.config = config;
    this.commands = commands;
    this.executor = executor;
    this.listener = listener;
    this.readBuffer = ByteBuffer.allocateDirect(config.readBufferSize());
  }

  /** The buffer every connection reads into, on this thread. */
  ByteBuffer readBuffer() {
    return readBuffer;
  }

  List<ConnectionStats> stats() {
    List<ConnectionStats> out = new ArrayList<>();
    for (NioConnection c : connections) {
      out.add(c.stats());
    }
    return out;
  }

  org.framewire.streams.DecoderBudget decoderBudget() {
    return config.session().streamLimits().processBudget();
  }

  long refused() {
    return refused.get();
  }

  long evicted() {
    return evicted.get();
  }

  int silentCount() {
    return silent.size();
  }

  CountDownLatch terminated() {
    return terminated;
  }

  // ---------------------------------------------------------------- any thread

  /** Queues {@code c} to run its tasks on the loop. */
  void schedule(NioConnection c) {
    ready.add(c);
    wakeup();
  }

  /** Begins the shutdown: accept nothing more, let responses finish for {@code graceNanos}. */
  void shutdown(long graceNanos) {
    loopTasks.add(() -> beginShutdown(graceNanos));
    wakeup();
  }

  private void wakeup() {
    if (!wakeupPending.getAndSet(true)) {
      selector.wakeup();
    }
  }

  // ---------------------------------------------------------------- selector thread

  /** {@code c} sent its first byte: it no longer counts against {@code maxSilentConnections}. */
  void spoke(NioConnection c) {
    silent.remove(c);
  }

  /** {@code c} worked: the multi re-reads its interest and deadline. */
  void update(NioConnection c) {
    if (c.handle != null) {
      multi.update(c.handle);
    }
  }

  void removed(NioConnection c) {
    connections.remove(c);
    silent.remove(c);
    if (c.handle != null) {
      multi.remove(c.handle);
    }
  }

  /** Sets the interest of every connection whose interest changed since the last pass. */
  private void applyInterest() {
    for (SessionMulti.Handle h; (h = multi.nextChange()) != null; ) {
      SelectionKey key = ((NioConnection) h.attachment()).key();
      if (key.isValid() && !h.isDone() && key.interestOps() != h.interest()) {
        key.interestOps(h.interest()); // READ and WRITE equal OP_READ and OP_WRITE
      }
    }
  }

  @Override
  public void run() {
    try {
      loop();
    } catch (Throwable t) {
      listener.internalError("tcp-loop", t);
    } finally {
      for (NioConnection c : new ArrayList<>(connections)) {
        c.closeNow();
      }
      try {
        acceptor.close();
        selector.close();
      } catch (IOException e) {
        listener.ioError("tcp-loop", e);
      }
      terminated.countDown();
    }
  }

  private void loop() throws IOException {
    while (true) {
      for (Runnable r; (r = loopTasks.poll()) != null; ) {
        r.run();
      }
      if (stopping && connections.isEmpty()) {
        return;
      }
      applyInterest();
      long timeout = timeoutMillis();
      if (!ready.isEmpty() || !loopTasks.isEmpty()) {
        selector.selectNow();
      } else {
        selector.select(timeout);
      }
      wakeupPending.set(false);
      Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
      while (keys.hasNext()) {
        SelectionKey k = keys.next();
        keys.remove();
        if (!k.isValid()) {
          continue;
        }
        if (k.channel() == acceptor) {
          accept();
          continue;
        }
        NioConnection c = (NioConnection) k.attachment();
        guarded(c, () -> {
          if (k.isReadable()) {
            c.onReadable(readBuffer);
          }
          if (k.isValid() && k.isWritable()) {
            c.onWritable();
          }
        });
      }
      for (NioConnection c; (c = ready.poll()) != null; ) {
        NioConnection conn = c;
        guarded(conn, conn::runTasks);
      }
      long now = System.nanoTime();
      multi.onTimeout(now); // only the connections whose deadline passed
      if (stopping) {
        shutdownProgress(now);
      }
    }
  }

  /** Runs {@code r} for {@code c}; a bug in it closes that connection, not the server. */
  void guarded(NioConnection c, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      listener.internalError(c.name(), e);
      c.closeNow();
    }
  }

  private long timeoutMillis() {
    long next = multi.nextDeadline();
    if (stopping) {
      long t = aborted ? forceAt : abortAt;
      if (next == Long.MAX_VALUE || t - next < 0) {
        next = t;
      }
    }
    if (next == Long.MAX_VALUE) {
      return 0; // no deadline: wait for I/O or a wakeup
    }
    long nanos = next - System.nanoTime();
    return nanos <= 0 ? 1 : Math.max(1, (nanos + 999_999) / 1_000_000);
  }

  /**
   * Closes the oldest connection that is really silent. Each candidate is read first: in a burst of
   * connections (200 clients starting at once, a balancer opening its backend connections) this
   * loop accepts many before the selector reads any, and a connection whose first bytes already wait
   * in its socket has spoken; evicting it would fail an honest client. A candidate that yields
   * nothing is closed; under a flood of silent connections that is the first one read.
   */
  private void evictOldestSilent() {
    while (!silent.isEmpty()) {
      NioConnection oldest = silent.iterator().next();
      guarded(oldest, () -> oldest.onReadable(readBuffer));
      if (silent.contains(oldest)) {
        silent.remove(oldest);
        evicted.incrementAndGet();
        oldest.closeNow();
        return;
      }
    }
  }

  private void accept() {
    while (true) {
      SocketChannel ch;
      try {
        ch = acceptor.accept();
      } catch (IOException e) {
        listener.ioError("tcp-acceptor", e);
        return;
      }
      if (ch == null) {
        return;
      }
      if (connections.size() >= config.maxConnections()) {
        // The connection cap: closed before anything is allocated for it.
        refused.incrementAndGet();
        try {
          ch.close();
        } catch (IOException ignored) {
          // refused anyway; nothing more to report
        }
        continue;
      }
      if (silent.size() >= config.maxSilentConnections()) {
        evictOldestSilent();
      }
      try {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        SocketAddress remote = ch.getRemoteAddress();
        SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
        Wire wire = tls == null ? Wire.plain(ch) : new TlsWire(ch, tls.newEngine(), tls.handshakeTimeout(),
            config.readBufferSize());
        NioConnection c = new NioConnection(this, ch, wire, key, "tcp#" + (++serial) + " " + remote, remote, config,
            commands, executor, listener);
        key.attach(c);
        c.handle = multi.addMember(c, c);
        connections.add(c);
        silent.add(c);
        listener.connectionOpened(c.name());
        c.onWritable(); // registers the session's first deadline
      } catch (IOException e) {
        listener.ioError("tcp-acceptor", e);
        try {
          ch.close();
        } catch (IOException ignored) {
          // the accept failed already; nothing more to report
        }
      }
    }
  }

  private void beginShutdown(long graceNanos) {
    if (stopping) {
      return;
    }
    stopping = true;
    long now = System.nanoTime();
    abortAt = now + graceNanos;
    forceAt = abortAt + config.closeLinger().toNanos() + 1_000_000_000L;
    try {
      acceptor.close();
    } catch (IOException e) {
      listener.ioError("tcp-acceptor", e);
    }
    for (NioConnection c : new ArrayList<>(connections)) {
      guarded(c, c::beginShutdown);
    }
  }

  private void shutdownProgress(long now) {
    if (!aborted && now - abortAt >= 0) {
      aborted = true;
      for (NioConnection c : new ArrayList<>(connections)) {
        guarded(c, c::abortForShutdown);
      }
    }
    if (aborted && now - forceAt >= 0) {
      for (NioConnection c : new ArrayList<>(connections)) {
        c.closeNow();
      }
    }
  }

  InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) acceptor.getLocalAddress();
  }
}
