package org.framewire.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import org.framewire.transport.HttpApi;
import org.framewire.transport.SessionDriver;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;

/**
 * framewire's HTTP transport (SPEC.md §9.2) as an asynchronous, non-blocking servlet: POST {@code
 * /api/<prefix>/ro/<command>} and {@code .../ro/multirequest}, each exchange one sans-I/O server
 * session (through {@link SessionDriver}). Map it to {@code /api/*} (or {@code /*}) with async
 * support on:
 *
 * <pre>{@code
 * Wrapper w = Tomcat.addServlet(ctx, "framewire", new FramewireServlet(CommandRegistry.conformance(), executor));
 * w.setAsyncSupported(true);
 * ctx.addServletMappingDecoded("/api/*", "framewire");
 * }</pre>
 *
 * <p>Checks, in the order of SPEC.md §9.2 (as {@code HttpApiServer}): a path outside {@code /api/}
 * is 404; a method other than POST is 405 with {@code Allow: POST} (TRANS-7); an unknown prefix,
 * command or path shape is 404 (TRANS-8); an {@code Accept} without the media type is 406
 * (TRANS-3); a {@code Content-Type} other than the media type is 415 (TRANS-4). Past them the
 * response is 200 with the media type (TRANS-9, TRANS-10) and the frames stream as produced by a
 * {@link ServletExchange}; a single-command body must hold exactly that one request (TRANS-5). The
 * response begins only once the request body has ended, or the session closed early and the rest
 * of the body was read or {@link TransportConfig#closeLinger()} passed (what a proxy in front
 * needs: docs/deployment.md).
 */
public final class FramewireServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient CommandRegistry commands;
  private final transient Executor executor;
  private final transient TransportConfig config;
  private final transient TransportListener listener;
  private final String prefix;
  private final transient AtomicLong serial = new AtomicLong();
  private transient ScheduledExecutorService timers;

  /** The default prefix, {@link TransportConfig#DEFAULTS}, no listener. */
  public FramewireServlet(CommandRegistry commands, Executor executor) {
    this(HttpApi.DEFAULT_PREFIX, TransportConfig.DEFAULTS, commands, executor, TransportListener.NONE);
  }

  /**
   * @param executor where command handlers run, and where their output is handed to the container
   */
  public FramewireServlet(String prefix, TransportConfig config, CommandRegistry commands, Executor executor,
      TransportListener listener) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.config = Objects.requireNonNull(config, "config");
    this.commands = Objects.requireNonNull(commands, "commands");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public void init() throws ServletException {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "framewire-servlet-timers");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    timers = t;
  }

  @Override
  public void destroy() {
    if (timers != null) {
      timers.shutdownNow();
    }
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String command = check(req, resp);
    if (command == null) {
      return;
    }
    String name = "servlet#" + serial.incrementAndGet() + " " + req.getRequestURI() + " " + req.getRemoteAddr();
    resp.setStatus(200); // TRANS-10: 200 from here on
    resp.setContentType(HttpApi.MEDIA_TYPE); // TRANS-9
    AsyncContext async = req.startAsync();
    async.setTimeout(0); // the session's own deadlines govern the exchange
    ServletExchange exchange = new ServletExchange(name, async, executor, timers, listener, config.closeLinger());
    SessionDriver driver = command.equals(HttpApi.MULTIREQUEST)
        ? SessionDriver.raw(name, config, commands, executor, listener, exchange::wakeup)
        : SessionDriver.httpCommand(name, command, config, commands, executor, listener, exchange::wakeup);
    org.framewire.session.commands.TlsPeer peer = tlsPeer(req);
    if (peer != null) {
      driver.tls(peer); // before the first input, so every handler of the exchange sees it
    }
    exchange.start(driver, req.getInputStream(), resp.getOutputStream());
  }

  /**
   * What the container's TLS connector established about the client (SPEC.md §9.3), for {@code
   * CommandCall.tls()}: the verified certificate chain from {@code
   * jakarta.servlet.request.X509Certificate} (present only when the connector verified one, i.e.
   * mutual TLS), the cipher suite, and the protocol version from Servlet 6's {@code
   * jakarta.servlet.request.secure_protocol} (Tomcat's own attribute before it). Null over plain HTTP.
   */
  static org.framewire.session.commands.TlsPeer tlsPeer(HttpServletRequest req) {
    if (!req.isSecure()) {
      return null;
    }
    java.util.List<java.security.cert.X509Certificate> chain = new java.util.ArrayList<>();
    if (req.getAttribute("jakarta.servlet.request.X509Certificate") instanceof java.security.cert.X509Certificate[] certs) {
      chain.addAll(java.util.Arrays.asList(certs));
    }
    String protocol = attribute(req, "jakarta.servlet.request.secure_protocol", "org.apache.tomcat.util.net.secure_protocol_version");
    String suite = attribute(req, "jakarta.servlet.request.cipher_suite", "jakarta.servlet.request.cipher_suite");
    return new org.framewire.session.commands.TlsPeer(protocol == null ? "" : protocol, suite == null ? "" : suite, chain);
  }

  private static String attribute(HttpServletRequest req, String name, String fallback) {
    Object v = req.getAttribute(name);
    if (v == null) {
      v = req.getAttribute(fallback);
    }
    return v == null ? null : v.toString();
  }

  /** The HTTP checks of SPEC.md §9.2, in order; the command (or multirequest) when they pass. */
  private String check(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String uri = req.getRequestURI();
    String context = req.getContextPath();
    String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
    if (!path.startsWith("/api/")) {
      status(resp, 404, "not an API path");
      return null;
    }
    if (!req.getMethod().equals("POST")) {
      resp.setHeader("Allow", "POST");
      status(resp, 405, "the API takes POST only (TRANS-7)");
      return null;
    }
    String[] segments = path.substring("/api/".length()).split("/", -1);
    String command = segments.length == 3 ? HttpApi.decodeSegment(segments[2]) : null;
    if (command == null || !prefix.equals(HttpApi.decodeSegment(segments[0])) || !segments[1].equals("ro")
        || !(command.equals(HttpApi.MULTIREQUEST) || commands.contains(command))) {
      status(resp, 404, "no such API path (TRANS-8)");
      return null;
    }
    if (!HttpApi.accepts(Collections.list(req.getHeaders("Accept")))) {
      status(resp, 406, "Accept must list " + HttpApi.MEDIA_TYPE + " (TRANS-3)");
      return null;
    }
    var contentTypes = Collections.list(req.getHeaders("Content-Type"));
    if (contentTypes.size() != 1 || !HttpApi.isMediaType(contentTypes.get(0))) {
      status(resp, 415, "Content-Type must be " + HttpApi.MEDIA_TYPE + " (TRANS-4)");
      return null;
    }
    return command;
  }

  private static void status(HttpServletResponse resp, int code, String text) throws IOException {
    byte[] body = (code + " " + text + "\n").getBytes(StandardCharsets.UTF_8);
    resp.setStatus(code);
    resp.setContentType("text/plain; charset=utf-8");
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }
}
