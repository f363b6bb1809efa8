package org.framewire.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import javax.net.ssl.SSLParameters;
import org.framewire.session.commands.TlsPeer;
import org.framewire.transport.tls.ServerTls;
import org.framewire.transport.tls.Tls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.framewire.session.commands.CommandRegistry;

/**
 * A server of the HTTP transport (SPEC.md §9.2) on the JDK's {@link HttpServer}: each {@code POST}
 * to {@code /api/<prefix>/ro/<command>} or {@code /api/<prefix>/ro/multirequest} is one session of
 * its own (TRANS-9), whose frames come in the request body and go out in the response body.
 *
 * <h2>Status rules</h2>
 *
 * Checked in this order, as SPEC.md §9.2 says: method, path, Accept, Content-Type.
 *
 * <ol>
 *   <li>Any path outside {@code /api/} is not the API: 404 whatever the method.
 *   <li>A method other than {@code POST} on an {@code /api/} path: 405 with {@code Allow: POST}
 *       (TRANS-7).
 *   <li>A path that is not {@code /api/<prefix>/ro/<name>} for the served prefix, or names a command
 *       the registry lacks: 404 (TRANS-8).
 *   <li>No {@code Accept} value lists the media type: 406 (TRANS-3).
 *   <li>A {@code Content-Type} other than the media type: 415 (TRANS-4).
 * </ol>
 *
 * <p>While the server shuts down, new exchanges are answered 503.
 *
 * <p>Once these pass, the answer is 200 with the media type (TRANS-2, TRANS-10), and violations in
 * the body are reported in band as error-response frames. On a single-command path, the body must
 * hold exactly one request, naming the command in the path (TRANS-5); anything else is a protocol
 * violation reported the same way.
 *
 * <h2>Streaming and threads</h2>
 *
 * <p>An exchange's reader (a thread of this server's I/O pool) feeds the body to the session,
 * pausing while the outbound queue is over its limit (LIMIT-3), and the exchange's own thread
 * writes. Commands run on the caller's executor. The response, status line included, waits for the
 * end of the request body (SPEC.md §9.2 allows it; proxies need it: nginx stops sending a body once
 * the response has begun), then goes out chunked, frame batches flushed as the session produces
 * them; a session that closes early still reads the body to its end, or for {@link
 * TransportConfig#closeLinger()}, before it answers. The rules are {@code
 * BlockingPump.holdOutputUntilInputEnds}'s; docs/deployment.md tells what they mean behind a proxy.
 *
 * <h2>TCP_NODELAY</h2>
 *
 * <p>The JDK's server leaves Nagle's algorithm on unless the system property {@value #NODELAY} is
 * {@code true}; then the first chunk of a response, written right after the headers, waits for
 * the client's delayed ACK — about 40 ms per exchange on Linux, which capped this server at a few
 * hundred small requests a second over loopback ({@code servlet_vs_nio_requests} in
 * docs/benchmarks.md). The JDK reads the property once, when the first {@code HttpServer} of the
 * JVM is made, so this class sets it to {@code true} before making its server unless the
 * application has set it already; an application that made a JDK server earlier keeps that
 * server's setting.
 */
public final class HttpApiServer implements AutoCloseable {

  /** The JDK server's switch for TCP_NODELAY on accepted connections. */
  static final String NODELAY = "sun.net.httpserver.nodelay";

  private final HttpServer server;
  private final ExecutorService io;
  private final String prefix;
  private final TransportConfig config;
  private final CommandRegistry commands;
  private final Executor executor;
  private final TransportListener listener;
  private final Set<StreamConnection> active = ConcurrentHashMap.newKeySet();
  private final AtomicLong serial = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicInteger stopping = new AtomicInteger();
  /** Exchanges being handled, checks included; guarded by itself for the shutdown's wait. */
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile Duration grace;
  /** The HTTPS handshake deadline, or null over plain HTTP; set once at start. */
  private volatile HandshakeDeadline handshakeDeadline;

  private HttpApiServer(HttpServer server, ExecutorService io, String prefix, TransportConfig config,
      CommandRegistry commands, Executor executor, TransportListener listener) {
    this.server = server;
    this.io = io;
    this.prefix = prefix;
    this.config = config;
    this.commands = commands;
    this.executor = executor;
    this.listener = listener;
  }

  /**
   * Binds {@code bind} (port 0 for an ephemeral port) and starts serving the API under {@code
   * prefix} ({@link HttpApi#DEFAULT_PREFIX} unless configured otherwise).
   *
   * @param executor where command handlers run
   */
  public static HttpApiServer start(InetSocketAddress bind, String prefix, TransportConfig config,
      CommandRegistry commands, Executor executor, TransportListener listener) throws IOException {
    return start(bind, prefix, config, null, commands, executor, listener);
  }

  /**
   * As {@link #start(InetSocketAddress, String, TransportConfig, CommandRegistry, Executor,
   * TransportListener)}, over HTTPS when {@code tls} is not {@code null} (SPEC.md §9.3): the JDK's
   * {@link HttpsServer}, TLS 1.3 or 1.2, client certificates required under mutual TLS (then TLS 1.2:
   * see the configurator) and handed to handlers as {@link
   * org.framewire.session.commands.CommandCall#tls()}.
   */
  public static HttpApiServer start(InetSocketAddress bind, String prefix, TransportConfig config, ServerTls tls,
      CommandRegistry commands, Executor executor, TransportListener listener) throws IOException {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty() || prefix.contains("/")) {
      throw new IllegalArgumentException("bad API prefix: " + prefix);
    }
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    HttpServer server;
    if (tls == null) {
      server = HttpServer.create(bind, 0);
    } else {
      HttpsServer https = HttpsServer.create(bind, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls.context()) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters p = Tls.versionsOnly(tls.context().getDefaultSSLParameters());
          if (tls.requireClientCertificate()) {
            // JDK 17's HttpsServer stalls the handshake of TLS 1.3 with client certificates (its
            // SSLStreams never answer the post-Finished flight; TlsTransportTest shows it): mutual
            // TLS over HTTPS runs at the spec's floor, TLS 1.2 (docs/transports.md).
            p.setNeedClientAuth(true);
            p.setProtocols(new String[] {"TLSv1.2"});
          }
          params.setSSLParameters(p);
        }
      });
      server = https;
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService io = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "framewire-http-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    HttpApiServer api = new HttpApiServer(server, io, prefix, Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(commands, "commands"), Objects.requireNonNull(executor, "executor"),
        Objects.requireNonNull(listener, "listener"));
    server.createContext("/", api::handle);
    if (tls != null) {
      // the JDK's HttpsServer has no handshake deadline of its own (TRANS-15)
      api.handshakeDeadline = new HandshakeDeadline(io, tls.handshakeTimeout());
      server.setExecutor(api.handshakeDeadline);
    } else {
      server.setExecutor(io);
    }
    server.start();
    return api;
  }

  /** Starts a server with the default prefix, {@link TransportConfig#DEFAULTS} and no listener. */
  public static HttpApiServer start(InetSocketAddress bind, CommandRegistry commands, Executor executor)
      throws IOException {
    return start(bind, HttpApi.DEFAULT_PREFIX, TransportConfig.DEFAULTS, commands, executor, TransportListener.NONE);
  }

  /** The bound address, with the actual port. */
  public InetSocketAddress localAddress() {
    return server.getAddress();
  }

  /** The served API prefix. */
  public String prefix() {
    return prefix;
  }

  /** {@code http://HOST:PORT} ({@code https://} with TLS), the base a {@link HttpApiClient} takes. */
  public URI baseUri() {
    InetSocketAddress a = localAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    return URI.create((server instanceof HttpsServer ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
  }

  /**
   * HTTPS connections closed unserved because their handshake and request head did not finish
   * within {@link ServerTls#handshakeTimeout()} (TRANS-15); 0 over plain HTTP.
   */
  public long handshakeTimeouts() {
    return handshakeDeadline == null ? 0 : handshakeDeadline.expired();
  }

  /** Exchanges whose session is running now. */
  public int activeExchanges() {
    return active.size();
  }

  /**
   * Begins a graceful shutdown and returns at once: new exchanges are answered 503; sessions stop
   * reading, their responses being produced get {@code grace} to finish, then end with an
   * error-response of type server; once no exchange is left, the server stops.
   */
  public void shutdown(Duration grace) {
    if (!stopping.compareAndSet(0, 1)) {
      return;
    }
    this.grace = grace;
    for (StreamConnection c : active) {
      c.shutdown(grace);
    }
    Thread t = new Thread(() -> {
      // HttpServer.stop(delay) waits the whole delay on JDK 17 (JDK-8304065), so wait for our own
      // exchanges, then stop at once.
      long deadline = System.nanoTime() + grace.plus(config.closeLinger()).plusSeconds(1).toNanos();
      synchronized (inFlight) {
        try {
          for (long left; inFlight.get() > 0 && (left = deadline - System.nanoTime()) > 0; ) {
            TimeUnit.NANOSECONDS.timedWait(inFlight, left);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      server.stop(0);
      io.shutdown();
      if (handshakeDeadline != null) {
        handshakeDeadline.close();
      }
      stopped.countDown();
    }, "framewire-http-stop");
    t.setDaemon(true);
    t.start();
  }

  /** Waits until the server has stopped. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Shuts down with {@link TransportConfig#shutdownGrace()} and waits for the end. */
  @Override
  public void close() {
    shutdown(config.shutdownGrace());
    try {
      awaitTermination(config.shutdownGrace().plus(config.closeLinger()).plusSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- exchanges

  private void handle(HttpExchange ex) {
    if (handshakeDeadline != null && !handshakeDeadline.arrived()) {
      ex.close(); // the handshake deadline passed first: the connection is being closed unserved
      return;
    }
    inFlight.incrementAndGet();
    try (ex) {
      if (stopping.get() != 0) {
        status(ex, 503, "server shutting down");
        return;
      }
      String command = check(ex);
      if (command == null) {
        return;
      }
      serve(ex, command);
    } catch (IOException e) {
      listener.ioError("http " + ex.getRequestMethod() + " " + ex.getRequestURI(), e);
    } finally {
      synchronized (inFlight) {
        inFlight.decrementAndGet();
        inFlight.notifyAll();
      }
    }
  }

  /** The HTTP checks of SPEC.md §9.2, in order; the command (or multirequest) when they pass. */
  private String check(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    if (path == null || !path.startsWith("/api/")) {
      status(ex, 404, "not an API path");
      return null;
    }
    if (!ex.getRequestMethod().equals("POST")) {
      ex.getResponseHeaders().set("Allow", "POST");
      status(ex, 405, "the API takes POST only (TRANS-7)");
      return null;
    }
    String[] segments = path.substring("/api/".length()).split("/", -1);
    String command = segments.length == 3 ? HttpApi.decodeSegment(segments[2]) : null;
    if (command == null || !prefix.equals(HttpApi.decodeSegment(segments[0])) || !segments[1].equals("ro")
        || !(command.equals(HttpApi.MULTIREQUEST) || commands.contains(command))) {
      status(ex, 404, "no such API path (TRANS-8)");
      return null;
    }
    if (!HttpApi.accepts(ex.getRequestHeaders().get("Accept"))) {
      status(ex, 406, "Accept must list " + HttpApi.MEDIA_TYPE + " (TRANS-3)");
      return null;
    }
    var contentTypes = ex.getRequestHeaders().get("Content-Type");
    if (contentTypes == null || contentTypes.size() != 1 || !HttpApi.isMediaType(contentTypes.get(0))) {
      status(ex, 415, "Content-Type must be " + HttpApi.MEDIA_TYPE + " (TRANS-4)");
      return null;
    }
    return command;
  }

  /** A short plain-text answer; none for HEAD, which has no body. */
  private static void status(HttpExchange ex, int code, String text) throws IOException {
    byte[] body = (code + " " + text + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(code, -1);
      return;
    }
    ex.sendResponseHeaders(code, body.length);
    ex.getResponseBody().write(body);
  }

  /** Runs the exchange's session: the body is read on an I/O thread while this thread writes. */
  private void serve(HttpExchange ex, String command) throws IOException {
    String name = "http#" + serial.incrementAndGet() + " " + ex.getRequestURI().getRawPath() + " "
        + ex.getRemoteAddress();
    CommandDispatcher.Gate gate = command.equals(HttpApi.MULTIREQUEST) ? null : singleCommand(command);
    StreamConnection c = new StreamConnection(name, config, commands, executor, listener, gate);
    if (ex instanceof HttpsExchange secure) {
      c.tls(TlsPeer.of(secure.getSSLSession()));
    }
    ex.getResponseHeaders().set("Content-Type", HttpApi.MEDIA_TYPE);
    c.holdOutputUntilInputEnds(config.closeLinger());
    ResponseBody body = new ResponseBody(ex);
    active.add(c);
    listener.connectionOpened(name);
    if (stopping.get() != 0) {
      c.shutdown(grace);
    }
    CountDownLatch readerDone = new CountDownLatch(1);
    try {
      io.execute(() -> {
        try {
          c.readLoop(ex.getRequestBody());
        } finally {
          readerDone.countDown();
        }
      });
      c.writeLoop(body);
      body.begin(); // a response with no frames still gets its status
      // Let the reader see the end of the body before the exchange closes its streams.
      readerDone.await(config.closeLinger().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      active.remove(c);
    }
  }

  /**
   * The response body, whose status line and headers go out with its first bytes: TRANS-10's 200,
   * chunked, sent only once the session has something to say (see the class comment).
   */
  private static final class ResponseBody extends java.io.OutputStream {
    private final HttpExchange ex;
    private java.io.OutputStream out;

    ResponseBody(HttpExchange ex) {
      this.ex = ex;
    }

    void begin() throws IOException {
      if (out == null) {
        ex.sendResponseHeaders(200, 0); // TRANS-10: 200 from here on, chunked
        out = ex.getResponseBody();
      }
    }

    @Override
    public void write(int b) throws IOException {
      begin();
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      begin();
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      begin();
      out.flush();
    }
  }

  /** TRANS-5: a single-command path holds exactly one request, for the command in the path. */
  static CommandDispatcher.Gate singleCommand(String command) {
    return new CommandDispatcher.Gate() {
      @Override
      public String check(org.framewire.session.ServerEvent.RunCommand run, int requestsSoFar) {
        if (requestsSoFar > 1) {
          return "a request to the single-command path of " + command + " holds a second command request";
        }
        if (!run.command().equals(command)) {
          return "the command request names " + run.command() + " but the path names " + command;
        }
        return null;
      }

      @Override
      public String atInputEnd(int requestsSoFar) {
        return requestsSoFar == 0 ? "the request body holds no command request for " + command : null;
      }
    };
  }
}
