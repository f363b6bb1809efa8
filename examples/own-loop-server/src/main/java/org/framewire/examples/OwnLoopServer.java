package org.framewire.examples;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.framewire.session.ServerConfig;
import org.framewire.session.ServerEvent;
import org.framewire.session.ServerSession;
import org.framewire.session.commands.CommandRegistry;

/**
 * A framewire server on an application's own {@link Selector} loop, with nothing of framewire but
 * the sans-I/O {@link ServerSession} and the {@link CommandRegistry} (docs/embedding.md, "Your own
 * loop"). It serves the conformance commands of SPEC.md Appendix A over the raw transport (§9.1):
 * {@code java -jar own-loop-server.jar PORT}, then {@code framewire check --target
 * tcp://127.0.0.1:PORT} passes the whole server suite, LIMIT-3 included.
 *
 * <p>The methods between the {@code embedding-loop} markers are quoted verbatim by
 * docs/embedding.md and docs/sessions.md; {@code OwnLoopServerTest} (module conformance-tests)
 * compiles this file, checks the quotes still match it, and runs the server suite against it.
 *
 * <p>One thread does everything, command handlers included (they only queue frames here). Timers
 * are found by scanning every session each pass: fine for an example; many connections want one
 * timer structure over all sessions instead.
 */
public final class OwnLoopServer implements Runnable, Closeable {

  /** How long a connection whose session ended keeps reading and discarding, so the peer gets the last frames. */
  private static final long LINGER_NANOS = 2_000_000_000L;

  /** One connection: its session, and once the session has ended and its bytes are out, when to give up on the peer. */
  private static final class Connection {
    final ServerSession session;
    long lingerUntil = Long.MAX_VALUE;

    Connection(ServerSession session) {
      this.session = session;
    }
  }

  private final Selector selector;
  private final ServerSocketChannel acceptor;
  private final ServerConfig config;
  private final CommandRegistry commands;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 << 10);
  private volatile boolean stopping;

  /** Binds {@code address}; {@link #run()} serves. */
  public OwnLoopServer(InetSocketAddress address, ServerConfig config, CommandRegistry commands) throws IOException {
    this.config = config;
    this.commands = commands;
    this.selector = Selector.open();
    this.acceptor = ServerSocketChannel.open();
    acceptor.bind(address);
    acceptor.configureBlocking(false);
    acceptor.register(selector, SelectionKey.OP_ACCEPT);
  }

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 4003;
    OwnLoopServer server = new OwnLoopServer(new InetSocketAddress("127.0.0.1", port), ServerConfig.DEFAULTS,
        CommandRegistry.conformance());
    System.out.println("framewire own-loop server on tcp://127.0.0.1:" + server.port());
    server.run();
  }

  /** The port the server listens on. */
  public int port() throws IOException {
    return ((InetSocketAddress) acceptor.getLocalAddress()).getPort();
  }

  /** Serves until {@link #close()}. */
  @Override
  public void run() {
    try {
      while (!stopping) {
        selector.select(timeoutMillis());
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.isValid() && key.isAcceptable()) {
            accept();
          } else {
            ready(key);
          }
        }
        selector.selectedKeys().clear();
        runTimers(System.nanoTime());
      }
    } catch (IOException e) {
      throw new IllegalStateException("the selector failed", e);
    } finally {
      for (SelectionKey key : selector.keys()) {
        closeQuietly(key);
      }
      closeQuietly(selector);
    }
  }

  @Override
  public void close() {
    stopping = true;
    selector.wakeup();
  }

  private void accept() throws IOException {
    for (SocketChannel channel; (channel = acceptor.accept()) != null; ) {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.register(selector, SelectionKey.OP_READ, new Connection(new ServerSession(config)));
    }
  }

  /** A connection's channel is readable or writable. */
  private void ready(SelectionKey key) {
    Connection c = (Connection) key.attachment();
    try {
      if (key.isReadable()) {
        readable(key, c.session, readBuffer);
      }
      if (key.isValid() && key.isWritable()) {
        flush(key, c.session);
      }
      if (key.isValid()) {
        lingerOnceWritten(key, c);
      }
    } catch (IOException e) {
      closeQuietly(key); // the peer went away
    }
  }

  // embedding-loop begin
  /** The channel is readable: the session gets what it holds, and commands run. */
  private void readable(SelectionKey key, ServerSession s, ByteBuffer buffer) throws IOException {
    SocketChannel channel = (SocketChannel) key.channel();
    int n = channel.read(buffer.clear());
    if (s.isClosed()) {                  // the session ended: discard input until the peer closes
      if (n < 0) {
        channel.close();
      }
      return;
    }
    handle(s, n < 0 ? s.receiveEnd() : s.receive(buffer.flip()));
    flush(key, s);
  }

  /** Runs every command the session dispatched; the response's frames queue in the session. */
  private void handle(ServerSession s, List<ServerEvent> events) {
    while (!events.isEmpty()) {
      for (ServerEvent e : events) {
        if (e instanceof ServerEvent.RunCommand run) {
          commands.run(run, s.response(run.requestId()));   // Appendix A, or your own handlers
        }
      }
      events = s.pollEvents();   // answers may admit requests the session held back (CMD-11)
    }
  }

  /** After every call into the session, and when the channel is writable: write what it owes. */
  private void flush(SelectionKey key, ServerSession s) throws IOException {
    SocketChannel channel = (SocketChannel) key.channel();
    while (s.wantsWrite()) {
      long n = channel.write(s.outbound());   // as much as the socket takes
      s.written(n);                            // only now do these bytes stop counting (LIMIT-3)
      if (n == 0) {
        break;                                 // the rest waits for OP_WRITE
      }
    }
    key.interestOps((s.wantsInput() ? SelectionKey.OP_READ : 0) | (s.wantsWrite() ? SelectionKey.OP_WRITE : 0));
  }
  // embedding-loop end

  /**
   * Once the session has ended and its last byte is written: shut the output down (the peer sees
   * the end after the final frame) and read and discard until the peer closes or the linger time
   * passes. Closing at once could reset the connection and lose those last frames.
   */
  private void lingerOnceWritten(SelectionKey key, Connection c) throws IOException {
    if (c.session.isClosed() && !c.session.wantsWrite() && c.lingerUntil == Long.MAX_VALUE) {
      ((SocketChannel) key.channel()).shutdownOutput();
      key.interestOps(SelectionKey.OP_READ);
      c.lingerUntil = System.nanoTime() + LINGER_NANOS;
    }
  }

  /** Runs the timers due: the sessions' (SPEC.md §10) and the lingering connections'. */
  private void runTimers(long now) {
    for (SelectionKey key : selector.keys()) {
      if (!(key.attachment() instanceof Connection c) || !key.isValid()) {
        continue;
      }
      long deadline = c.session.nextDeadline();
      if (c.lingerUntil != Long.MAX_VALUE && now - c.lingerUntil >= 0) {
        closeQuietly(key);
      } else if (!c.session.isClosed() && deadline != Long.MAX_VALUE && now - deadline >= 0) {
        try {
          handle(c.session, c.session.onTimeout(now));
          flush(key, c.session);
          lingerOnceWritten(key, c);
        } catch (IOException e) {
          closeQuietly(key);
        }
      }
    }
  }

  /** Milliseconds until the earliest timer, at least 1; 0 (no timeout) when none runs. */
  private long timeoutMillis() {
    long now = System.nanoTime();
    long next = Long.MAX_VALUE;
    for (SelectionKey key : selector.keys()) {
      if (key.attachment() instanceof Connection c) {
        long d = c.session.isClosed() ? c.lingerUntil : c.session.nextDeadline();
        if (d != Long.MAX_VALUE && (next == Long.MAX_VALUE || d - next < 0)) {
          next = d;
        }
      }
    }
    return next == Long.MAX_VALUE ? 0 : Math.max(1, (next - now + 999_999) / 1_000_000);
  }

  private static void closeQuietly(SelectionKey key) {
    key.cancel();
    closeQuietly(key.channel());
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
