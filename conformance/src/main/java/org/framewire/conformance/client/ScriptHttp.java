package org.framewire.conformance.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.framewire.conformance.WireEvent;
import org.framewire.spec.Requirement;
import org.framewire.transport.HttpApi;

/**
 * The client role's HTTP script server (SPEC.md §9.2), for the cases marked {@code "needs":
 * {"transport": "http"}}: a JDK {@link HttpServer} on 127.0.0.1 whose target for the adapter is
 * {@code http://127.0.0.1:PORT/api/exp-http-v2-0003}. Such a case makes one call; the client's first
 * exchange is the case's {@link ScriptServer}: the request body is what the client sends (judged
 * frame by frame as on a connection), the script's frames go out as the body of a 200 response
 * with the framing media type (TRANS-2), sent chunked as the script plays, and the response ends
 * with the script or at its {@code close} step. The request's method, path and headers are kept
 * ({@link Request}) and judged once the body has ended ({@link Request#violations}).
 */
final class ScriptHttp implements AutoCloseable {
  /** The API prefix of the target: the SPEC's default, Mercurial's name. */
  static final String PREFIX = HttpApi.DEFAULT_PREFIX;

  private final HttpServer server;
  private final BlockingQueue<HttpExchange> exchanges = new LinkedBlockingQueue<>();

  private ScriptHttp(HttpServer server) {
    this.server = server;
  }

  /** A server listening on an ephemeral loopback port; its handler only queues each exchange. */
  static ScriptHttp start() throws IOException {
    ScriptHttp s = new ScriptHttp(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4));
    s.server.createContext("/", s.exchanges::add);
    s.server.start();
    return s;
  }

  /** The target the {@code call} op names. */
  String target() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/" + PREFIX;
  }

  /** The client's exchange: what it asked for, and the script server over its bodies. */
  record Exchange(Request request, ScriptServer server) {}

  /** The client's next exchange before {@code deadline} (nanoTime), logged; null when none came. */
  Exchange accept(long deadline, Consumer<WireEvent> log, long started) throws InterruptedException {
    HttpExchange ex = exchanges.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    if (ex == null) {
      return null;
    }
    String path = ex.getRequestURI().getRawPath();
    Request r = new Request(ex.getRequestMethod(), path == null ? "" : path, values(ex, "Content-Type"), values(ex, "Accept"));
    log.accept(ClientCaseRunner.note(started, "HTTP request: " + r));
    ResponseBody body = new ResponseBody(ex, log, started);
    return new Exchange(r, new ScriptServer(ex.getRequestBody(), body, body::end, ex::close, log, started,
        "the request body ended"));
  }

  private static List<String> values(HttpExchange ex, String header) {
    List<String> v = ex.getRequestHeaders().get(header);
    return v == null ? List.of() : List.copyOf(v);
  }

  /**
   * What the client put in its request line and headers (SPEC.md §9.2).
   *
   * @param method the request method
   * @param path the raw (percent-encoded) path
   * @param contentType the {@code Content-Type} values, empty when absent
   * @param accept the {@code Accept} values, empty when absent
   */
  record Request(String method, String path, List<String> contentType, List<String> accept) {
    Request {
      contentType = List.copyOf(contentType);
      accept = List.copyOf(accept);
    }

    /**
     * What this request broke, given the names of the command requests its body held ({@link
     * ScriptServer#commands()}), each with the requirement a server applies to it: {@code POST}
     * only (TRANS-7), a path {@code /api/PREFIX/ro/NAME} under the target's prefix (TRANS-8), the
     * media type listed in {@code Accept} (TRANS-3) and as the {@code Content-Type} (TRANS-2), and on
     * a single-command path exactly one request, named as the path (TRANS-5). {@code multirequest}
     * takes any number, one included.
     */
    List<ClientGrader.Violation> violations(List<String> commands) {
      List<ClientGrader.Violation> out = new ArrayList<>();
      if (!method.equals("POST")) {
        out.add(violation(Requirement.TRANSPORT_HTTP_METHOD, "the method is " + method + ", not POST (a server answers 405)"));
      }
      String command = command();
      if (command == null) {
        out.add(violation(Requirement.TRANSPORT_HTTP_NOT_FOUND, "the path " + path + " is not /api/" + PREFIX
            + "/ro/COMMAND or /api/" + PREFIX + "/ro/" + HttpApi.MULTIREQUEST + " (a server answers 404)"));
      }
      if (!HttpApi.accepts(accept)) {
        out.add(violation(Requirement.TRANSPORT_HTTP_ACCEPT, "Accept " + accept + " does not list " + HttpApi.MEDIA_TYPE
            + " (a server answers 406)"));
      }
      if (contentType.size() != 1 || !HttpApi.isMediaType(contentType.get(0))) {
        out.add(violation(Requirement.TRANSPORT_HTTP_MEDIA, "Content-Type " + contentType + " is not " + HttpApi.MEDIA_TYPE
            + " (a server answers 415, TRANS-4)"));
      }
      if (command != null && !command.equals(HttpApi.MULTIREQUEST)) {
        List<String> names = commands.stream().map(Request::utf8).toList();
        if (names.size() != 1) {
          out.add(violation(Requirement.TRANSPORT_HTTP_COMMAND_MATCH, "the body on the single-command path of " + command
              + " holds " + names.size() + " command requests " + names + ", not one"));
        } else if (!names.get(0).equals(command)) {
          out.add(violation(Requirement.TRANSPORT_HTTP_COMMAND_MATCH, "the command request names " + names.get(0)
              + " but the path names " + command));
        }
      }
      return out;
    }

    /** The path's last segment, decoded ({@code multirequest} or a command), or null for a path off the API. */
    private String command() {
      String[] segments = path.split("/", -1);
      if (segments.length != 5 || !segments[0].isEmpty() || !segments[1].equals("api") || !segments[3].equals("ro")
          || !PREFIX.equals(HttpApi.decodeSegment(segments[2]))) {
        return null;
      }
      String command = HttpApi.decodeSegment(segments[4]);
      return command == null || command.isEmpty() ? null : command;
    }

    /** A name the server session read as Latin-1, read as the UTF-8 a path segment decodes to. */
    private static String utf8(String latin1) {
      return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static ClientGrader.Violation violation(Requirement r, String message) {
      return new ClientGrader.Violation(r, "HTTP request", message);
    }

    @Override
    public String toString() {
      return method + " " + path + ", Content-Type " + contentType + ", Accept " + accept;
    }
  }

  /**
   * The response body: a 200 with the framing media type (TRANS-2, TRANS-10), its status line and
   * headers sent with the first frames (or at the end, for a response without any), then chunked.
   */
  private static final class ResponseBody extends OutputStream {
    private final HttpExchange ex;
    private final Consumer<WireEvent> log;
    private final long started;
    private OutputStream out;
    private boolean ended;

    ResponseBody(HttpExchange ex, Consumer<WireEvent> log, long started) {
      this.ex = ex;
      this.log = log;
      this.started = started;
    }

    private synchronized OutputStream begin() throws IOException {
      if (out == null) {
        ex.getResponseHeaders().set("Content-Type", HttpApi.MEDIA_TYPE);
        ex.sendResponseHeaders(200, 0);
        out = ex.getResponseBody();
        log.accept(ClientCaseRunner.note(started, "HTTP response: 200, Content-Type " + HttpApi.MEDIA_TYPE + ", chunked"));
      }
      return out;
    }

    @Override
    public void write(int b) throws IOException {
      begin().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      begin().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      begin().flush();
    }

    /** Ends the response body, once: the client sees the end of the server's frames. */
    synchronized void end() throws IOException {
      if (!ended) {
        ended = true;
        begin().close();
      }
    }

    @Override
    public void close() throws IOException {
      end();
    }
  }

  /** Stops the server, closing every connection; exchanges never taken are dropped with it. */
  @Override
  public void close() {
    server.stop(0);
    HttpExchange ex;
    while ((ex = exchanges.poll()) != null) {
      ex.close();
    }
  }
}
