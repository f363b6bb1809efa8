package org.framewire.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.session.CallException;
import org.framewire.session.ClientCalls;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.ClientSession;
import org.framewire.session.Response;
import org.framewire.transport.tls.ClientTls;

/**
 * A client of the raw transport (SPEC.md §9.1): one {@link ClientSession} over a TCP connection
 * ({@link #connect}) or any blocking stream pair ({@link #over}, e.g. a server process's pipes),
 * with the futures of {@link ClientCalls}. Thread-safe: calls may be made from any thread.
 *
 * <p>Threads: a reader ({@code framewire-client-reader}) feeds the server's bytes to the session,
 * however much this side still owes (LIMIT-8: a server that stops reading because its answers are
 * not taken, LIMIT-3, would otherwise wait for this client while it waits for the server); a writer
 * ({@code framewire-client-writer}) writes requests — with gathering writes on a socket — and runs
 * the session's timers. The session lives under one lock; nothing blocks on I/O while holding it.
 *
 * <p>Futures complete on the reader thread, after the lock is released. Dependent stages without an
 * executor run there too: keep them short, and never wait in them for another response of this
 * client (use the {@code *Async} stages for that).
 *
 * <p>A future fails with a {@link CallException} for what the protocol reports (a command error, an
 * error-response, the session closing), or with a {@link TransportException} when the connection
 * broke. Calls beyond {@link ClientConfig#maxConcurrentRequests()} in flight wait in this client
 * and are sent as earlier responses end; so do calls made while more than {@link
 * ClientConfig#maxOutboundBytes()} are queued and not yet written, sent as writes drain the queue
 * (back-pressure toward the caller, who alone fills it).
 */
public final class RawClient implements AutoCloseable {

  /** A call waiting for a free request slot. */
  private record Waiting(CommandRequest request, ByteBuffer data, CompletableFuture<Response> result) {}

  /** Bytes read from the server at once. */
  private static final int READ_BUFFER = 64 << 10;

  private final Pump pump;
  private final Closeable resource;
  /** The TLS layer under this client, or null over plain TCP; for tests counting its work. */
  private TlsWire tlsWire;

  private RawClient(Pump pump, Closeable resource) {
    this.pump = pump;
    this.resource = resource;
  }

  /** Connects to a raw-transport server over TCP. */
  public static RawClient connect(InetSocketAddress address, ClientConfig config) throws IOException {
    return connect(address, config, e -> { });
  }

  /**
   * Connects to a raw-transport server over TCP; {@code listener} sees every session event (text
   * output and progress among them) on the reader thread, under the client's lock: keep it short.
   */
  public static RawClient connect(InetSocketAddress address, ClientConfig config, Consumer<ClientEvent> listener)
      throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.connect(address);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    Pump pump = new Pump(config, listener);
    RawClient client = new RawClient(pump, channel);
    client.startThreads(() -> pump.readLoop(channel), () -> pump.writeLoop(channel, () -> { }));
    return client;
  }

  /**
   * Connects to a raw-transport server over TLS (SPEC.md §9.3), {@code tls} checking its
   * certificate; the connect and handshake end before this returns, within {@link
   * ClientTls#handshakeTimeout()}, or it throws ({@link javax.net.ssl.SSLHandshakeException} for a
   * certificate the client does not trust). The session then runs as with {@link
   * #connect(InetSocketAddress, ClientConfig, Consumer)}, its gather writes encrypted in place.
   */
  public static RawClient connect(InetSocketAddress address, ClientConfig config, ClientTls tls,
      Consumer<ClientEvent> listener) throws IOException {
    if (tls == null) {
      return connect(address, config, listener);
    }
    SocketChannel channel = SocketChannel.open();
    TlsWire wire;
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.connect(address);
      channel.configureBlocking(false);
      wire = new TlsWire(channel, tls.newEngine(address.getHostString(), address.getPort()), tls.handshakeTimeout(),
          READ_BUFFER);
      wire.handshake();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    WireChannel io = new WireChannel(wire, channel);
    Pump pump = new Pump(config, Objects.requireNonNull(listener, "listener"));
    RawClient client = new RawClient(pump, () -> {
      wire.closeQuietly();
      channel.close();
    });
    client.tlsWire = wire;
    client.startThreads(() -> pump.readLoop(io), () -> pump.writeLoop(io, () -> { }));
    return client;
  }

  /** The TLS layer under this client, or null over plain TCP. */
  TlsWire tlsWire() {
    return tlsWire;
  }

  /** A {@link Wire} as the blocking channel {@link BlockingPump} reads and writes. */
  private record WireChannel(Wire wire, SocketChannel channel) implements ByteChannel, GatheringByteChannel {
    @Override
    public int read(ByteBuffer dst) throws IOException {
      return wire.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return (int) wire.write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      return wire.write(srcs, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
      return wire.write(srcs, 0, srcs.length);
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * A client over a blocking stream pair, such as the stdin ({@code out}) and stdout ({@code in})
   * of a {@code framewire serve --stdio} process. {@link #close()} closes both streams.
   */
  public static RawClient over(InputStream in, OutputStream out, ClientConfig config) {
    return over(in, out, config, e -> { });
  }

  /**
   * A client over a blocking stream pair whose {@code listener} sees every session event, as with
   * {@link #connect(InetSocketAddress, ClientConfig, Consumer)}.
   */
  public static RawClient over(InputStream in, OutputStream out, ClientConfig config, Consumer<ClientEvent> listener) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Pump pump = new Pump(config, Objects.requireNonNull(listener, "listener"));
    RawClient client = new RawClient(pump, () -> {
      try {
        out.close();
      } finally {
        in.close();
      }
    });
    client.startThreads(() -> pump.readLoop(in), () -> pump.writeLoop(out));
    return client;
  }

  private void startThreads(Runnable reader, Runnable writer) {
    Thread r = new Thread(reader, "framewire-client-reader");
    Thread w = new Thread(() -> {
      try {
        writer.run();
      } finally {
        closeResource();
      }
    }, "framewire-client-writer");
    r.setDaemon(true);
    w.setDaemon(true);
    w.start();
    r.start();
  }

  /** Sends {@code command} with {@code args} (an empty map for none). */
  public CompletableFuture<Response> call(String command, CborValue.MapValue args) {
    return call(CommandRequest.of(command, args));
  }

  /** Sends a command request. */
  public CompletableFuture<Response> call(CommandRequest request) {
    return pump.call(Objects.requireNonNull(request, "request"), null);
  }

  /**
   * Sends a command request with command data (SPEC.md §6.2). The data frames are views of {@code
   * data}: leave its bytes unchanged until the future completes.
   */
  public CompletableFuture<Response> call(CommandRequest request, ByteBuffer data) {
    return pump.call(Objects.requireNonNull(request, "request"), Objects.requireNonNull(data, "data"));
  }

  /** Whether the session is still open. */
  public boolean isOpen() {
    return pump.isOpen();
  }

  /** Bytes queued for the server and not yet written. */
  public long queuedBytes() {
    return pump.budget().bytes();
  }

  /**
   * Closes the session (calls still open fail with {@link CallException.Kind#SESSION_CLOSED}), writes
   * what it queued, and closes the connection. Waits at most 5 s for the writer.
   */
  @Override
  public void close() {
    pump.closeSession();
    try {
      pump.awaitWriter(5_000_000_000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeResource();
  }

  private void closeResource() {
    try {
      resource.close();
    } catch (IOException e) {
      // the session is over either way; a failing close has nothing left to lose
    }
  }

  /** The session, its futures and their waiting room, under the pump's lock. */
  private static final class Pump extends BlockingPump {
    private final ClientCalls calls;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final OutboundBudget budget;
    private IOException ioFailure;

    Pump(ClientConfig config, Consumer<ClientEvent> listener) {
      super(READ_BUFFER);
      this.budget = new OutboundBudget(config.maxOutboundBytes());
      this.calls = new ClientCalls(new ClientSession(config), listener);
    }

    @Override
    protected OutboundBudget budget() {
      return budget;
    }

    /** The read loop goes on whatever this client owes (LIMIT-8); calls are held instead ({@link #canSend()}). */
    @Override
    protected boolean pausesInputForOutput() {
      return false;
    }

    /**
     * Whether one more call goes to the session now: a request id is free, and no more than {@link
     * ClientConfig#maxOutboundBytes()} are owed, queued in the session or for the writer.
     */
    private boolean canSend() {
      return calls.session().canSend() && budget.bytes() + calls.session().outboundBytes() <= budget.limit();
    }

    /** Writes drained the queue: calls held by {@link #canSend()} may go now. With or without the lock. */
    @Override
    protected void written(long bytes) {
      super.written(bytes);
      if (lock.isHeldByCurrentThread()) {
        afterWork();
      } else {
        locked(this::afterWork);
      }
    }

    CompletableFuture<Response> call(CommandRequest request, ByteBuffer data) {
      CompletableFuture<Response> result = new CompletableFuture<>();
      locked(() -> {
        if (calls.session().isClosed()) {
          result.completeExceptionally(new TransportException("client session closed", ioFailure));
        } else if (waiting.isEmpty() && canSend()) {
          send(new Waiting(request, data, result));
        } else {
          waiting.add(new Waiting(request, data, result));
        }
      });
      return result;
    }

    boolean isOpen() {
      lock.lock();
      try {
        return !calls.session().isClosed();
      } finally {
        lock.unlock();
      }
    }

    void closeSession() {
      locked(() -> {
        if (!calls.session().isClosed()) {
          calls.close();
        }
        afterWork();
      });
    }

    private void send(Waiting w) {
      CompletableFuture<Response> inner = w.data == null ? calls.call(w.request) : calls.call(w.request, w.data);
      inner.whenComplete((response, failure) -> defer(() -> {
        if (failure == null) {
          w.result.complete(response);
        } else {
          w.result.completeExceptionally(translate(failure));
        }
      }));
    }

    private Throwable translate(Throwable failure) {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (ioFailure != null && cause instanceof CallException ce && ce.kind() == CallException.Kind.SESSION_CLOSED) {
        return new TransportException("connection failed: " + ioFailure.getMessage(), ioFailure);
      }
      return cause;
    }

    /** Sends waiting calls that fit now; fails them all once the session has closed. */
    private void afterWork() {
      ClientSession s = calls.session();
      while (!waiting.isEmpty()) {
        Waiting w = waiting.peek();
        if (w.result.isDone()) {
          waiting.poll(); // cancelled while waiting
        } else if (s.isClosed()) {
          waiting.poll();
          TransportException e = new TransportException("client session closed before the call was sent", ioFailure);
          defer(() -> w.result.completeExceptionally(e));
        } else if (canSend()) {
          send(waiting.poll());
        } else {
          break;
        }
      }
    }

    @Override
    protected void onInput(ByteBuffer bytes) {
      calls.receive(bytes);
      afterWork();
    }

    @Override
    protected void onInputEnd() {
      calls.receiveEnd();
      afterWork();
    }

    @Override
    protected void onIoError(IOException e) {
      ioFailure = e;
      if (!calls.session().isClosed()) {
        calls.close();
      }
      afterWork();
    }

    @Override
    protected void onTimeout(long now) {
      calls.onTimeout(now);
      afterWork();
    }

    @Override
    protected long nextDeadline() {
      return calls.session().isClosed() ? Long.MAX_VALUE : calls.session().nextDeadline();
    }

    @Override
    protected ByteBuffer[] pollOutbound() {
      return calls.session().pollOutbound();
    }

    @Override
    protected boolean sessionClosed() {
      return calls.session().isClosed();
    }
  }
}
