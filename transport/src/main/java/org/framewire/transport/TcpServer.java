package org.framewire.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.framewire.streams.DecoderBudget;
import org.framewire.streams.StreamLimits;
import org.framewire.session.commands.CommandRegistry;
import org.framewire.transport.tls.ServerTls;

/**
 * A server of the raw transport (SPEC.md §9.1) over TCP: frames both ways over each connection, no
 * preamble (TRANS-1), one {@link org.framewire.session.ServerSession} per connection.
 *
 * <h2>Threads</h2>
 *
 * <p>One selector thread ({@code framewire-tcp-PORT}) accepts, reads and writes every connection
 * with non-blocking {@link java.nio.channels.SocketChannel}s and drives the sessions, their timers
 * included (the select timeout is the earliest session deadline). Commands run on the {@link
 * Executor} the caller supplies, never on the selector thread; their {@link
 * org.framewire.session.commands.ResponseWriter} hands each write back to the selector thread
 * through a per-connection task queue and a coalesced {@link Selector#wakeup()}.
 *
 * <h2>Writing and backpressure</h2>
 *
 * <p>Frames go out by gathering writes of the session's header and payload buffers, without copying
 * payloads. A connection whose outbound queue is over {@link TransportConfig#maxOutboundBytes()}
 * stops reading, and its handlers' data writes wait, until the peer has read enough (LIMIT-3); other
 * connections are not affected.
 *
 * <h2>End of input and shutdown</h2>
 *
 * <p>When a client ends its output between frames, the requests it sent are answered, then the
 * connection closes (TRANS-6). {@link #shutdown(Duration)} stops accepting and reading, lets the
 * responses being produced finish within the grace period, ends the rest with an error-response of
 * type {@code server} (ERR-4), writes out everything queued and closes each connection after its
 * last frame. Requests a client had not finished sending when the shutdown began are not run: the
 * client sees the connection end and fails them.
 */
public final class TcpServer implements AutoCloseable {

  private final NioLoop loop;
  private final Thread thread;
  private final InetSocketAddress address;
  private final TransportConfig config;

  private TcpServer(NioLoop loop, InetSocketAddress address, TransportConfig config) {
    this.loop = loop;
    this.address = address;
    this.config = config;
    this.thread = new Thread(loop, "framewire-tcp-" + address.getPort());
    this.thread.setDaemon(true);
  }

  /**
   * Binds {@code bind} (port 0 for an ephemeral port) and starts serving.
   *
   * @param commands the commands offered
   * @param executor where command handlers run; it must not run them on the calling thread
   * @param listener told about connections and violations, on the selector thread
   * @throws IOException when the address cannot be bound
   */
  public static TcpServer start(InetSocketAddress bind, TransportConfig config, CommandRegistry commands,
      Executor executor, TransportListener listener) throws IOException {
    return start(bind, config, null, commands, executor, listener);
  }

  /**
   * As {@link #start(InetSocketAddress, TransportConfig, CommandRegistry, Executor,
   * TransportListener)}, with TLS on every connection when {@code tls} is not {@code null} (SPEC.md
   * §9.3): the handshake runs on the selector thread; a connection that has not finished it within
   * {@link ServerTls#handshakeTimeout()}, or that sends what is not TLS, is closed unserved, and
   * counts as silent ({@link TransportConfig#maxSilentConnections()}) until its first request bytes.
   */
  public static TcpServer start(InetSocketAddress bind, TransportConfig config, ServerTls tls,
      CommandRegistry commands, Executor executor, TransportListener listener) throws IOException {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(commands, "commands");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(listener, "listener");
    Selector selector = Selector.open();
    ServerSocketChannel acceptor = ServerSocketChannel.open();
    try {
      acceptor.bind(bind);
      acceptor.configureBlocking(false);
      acceptor.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException | RuntimeException e) {
      acceptor.close();
      selector.close();
      throw e;
    }
    if (tls != null) {
      javax.net.ssl.SSLSession probe = tls.newEngine().getSession();
      int least = probe.getPacketBufferSize() + probe.getApplicationBufferSize();
      if (config.readBufferSize() < least) {
        config = config.withReadBufferSize(least); // a read decrypts at least one whole record
      }
    }
    NioLoop loop = new NioLoop(selector, acceptor, withSharedDecoderBudget(config), commands, executor, listener, tls);
    TcpServer server = new TcpServer(loop, loop.localAddress(), config);
    server.thread.start();
    return server;
  }

  /**
   * {@code config} with the budget of {@link TransportConfig#maxDecoderContexts()} shared by every
   * connection, unless its stream limits carry a shared budget already.
   */
  private static TransportConfig withSharedDecoderBudget(TransportConfig config) {
    StreamLimits limits = config.session().streamLimits();
    if (limits.processBudget() != DecoderBudget.UNLIMITED) {
      return config;
    }
    return config.withSession(config.session().withStreamLimits(
        limits.withProcessBudget(new DecoderBudget(config.maxDecoderContexts()))));
  }

  /** Starts a server with {@link TransportConfig#DEFAULTS} and no listener. */
  public static TcpServer start(InetSocketAddress bind, CommandRegistry commands, Executor executor)
      throws IOException {
    return start(bind, TransportConfig.DEFAULTS, commands, executor, TransportListener.NONE);
  }

  /** The bound address, with the actual port. */
  public InetSocketAddress localAddress() {
    return address;
  }

  /** A snapshot of every open connection. */
  public List<ConnectionStats> connections() {
    return loop.stats();
  }

  /** Decoder contexts alive now over every connection (the shared budget's use). */
  public int liveDecoderContexts() {
    return loop.decoderBudget().inUse();
  }

  /** Connections closed at accept because {@link TransportConfig#maxConnections()} were open. */
  public long refusedConnections() {
    return loop.refused();
  }

  /**
   * Silent connections closed to make room for a newer one ({@link
   * TransportConfig#maxSilentConnections()}).
   */
  public long evictedConnections() {
    return loop.evicted();
  }

  /**
   * Begins a graceful shutdown and returns at once: no new connections or requests; responses being
   * produced get {@code grace} to finish, then end with an error-response of type {@code server}.
   * Calling it again has no effect.
   */
  public void shutdown(Duration grace) {
    loop.shutdown(grace.toNanos());
  }

  /** Waits until every connection is closed and the selector thread has ended. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return loop.terminated().await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  public boolean isTerminated() {
    return loop.terminated().getCount() == 0;
  }

  /**
   * Shuts down with {@link TransportConfig#shutdownGrace()} and waits for the end, which comes
   * within the grace plus {@link TransportConfig#closeLinger()} and a second, whatever handlers do.
   *
   * <p>A handler still running when the grace runs out is neither waited for nor interrupted: its
   * response, and that of a request still queued for the executor, ends with an error-response of
   * type {@code server} (ERR-4), the connection closes after it, and the handler keeps its executor
   * thread until it returns by itself. From then on its {@link
   * org.framewire.session.commands.ResponseWriter} is closed ({@code isOpen()} is false): what it
   * writes is dropped, and a write waiting for the outbound budget returns. Stopping the executor
   * (and interrupting what runs on it) is the caller's, as is the executor.
   *
   * @throws IllegalStateException when the selector thread does not end in time (a bug)
   */
  @Override
  public void close() {
    shutdown(config.shutdownGrace());
    Duration bound = config.shutdownGrace().plus(config.closeLinger()).plusSeconds(5);
    try {
      if (!awaitTermination(bound)) {
        throw new IllegalStateException("TCP server did not terminate within " + bound);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "TcpServer[" + address + "]";
  }
}
