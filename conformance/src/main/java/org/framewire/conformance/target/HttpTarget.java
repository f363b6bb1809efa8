package org.framewire.conformance.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import org.framewire.transport.tls.ClientTls;
import org.framewire.transport.tls.Tls;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.framewire.conformance.cases.Step;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.fuzz.ServerConnection;
import org.framewire.transport.HttpApi;

/**
 * A server reached over the HTTP transport (SPEC.md §9.2): each session is one exchange (TRANS-9).
 * A session's sends are buffered and go out as one {@code POST} to {@code
 * /api/<prefix>/ro/multirequest} when the input ends; the response body is the server's output,
 * and its end closes the session. A status other than 200, or a response media type other than
 * the framing one (TRANS-2), fails the session as an {@link IOException}.
 *
 * <p>HTTP-only cases send requests of their own ({@link Step.Http}) through {@link
 * Exchange#request}. Every request has a timeout, and closing a session cancels the request in
 * flight, so a case's watchdog holds.
 */
public final class HttpTarget implements ServerAdapter, Transport.Carrier {

  /**
   * One HTTP response.
   *
   * @param status the status code
   * @param headers the response headers
   * @param body the whole body
   */
  public record Reply(int status, HttpHeaders headers, byte[] body) {}

  private final URI root;
  private final String prefix;
  private final Duration requestTimeout;
  private final HttpClient http;

  /**
   * @param root {@code http://HOST:PORT}, followed by the context path the API is mounted under, if any
   * @param prefix the API prefix (SPEC.md §9.2)
   * @param connectTimeout how long a connect may take
   * @param requestTimeout how long one exchange may take, response body included
   */
  public HttpTarget(URI root, String prefix, Duration connectTimeout, Duration requestTimeout) {
    this(root, prefix, connectTimeout, requestTimeout, null);
  }

  /** As the other constructor; an {@code https://} root is reached with {@code tls} (SPEC.md §9.3). */
  public HttpTarget(URI root, String prefix, Duration connectTimeout, Duration requestTimeout, ClientTls tls) {
    String r = root.toString();
    this.root = URI.create(r.endsWith("/") ? r.substring(0, r.length() - 1) : r);
    this.prefix = prefix;
    this.requestTimeout = requestTimeout;
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
    if ("https".equals(this.root.getScheme())) {
      ClientTls t = tls == null ? ClientTls.system() : tls;
      b.sslContext(t.context()).sslParameters(Tls.versionsOnly(t.context().getDefaultSSLParameters()));
    }
    this.http = b.build();
  }

  /**
   * A target from {@code http://HOST:PORT[/CONTEXT]/api/PREFIX}, {@code http://HOST:PORT/PREFIX} or
   * {@code http://HOST:PORT} (the default prefix).
   */
  public static HttpTarget of(URI uri, Duration connectTimeout, Duration requestTimeout) {
    return of(uri, connectTimeout, requestTimeout, null);
  }

  /** As {@link #of(URI, Duration, Duration)}; {@code https://} reached with {@code tls} (null: the JDK's trust store). */
  public static HttpTarget of(URI uri, Duration connectTimeout, Duration requestTimeout, ClientTls tls) {
    boolean secure = "https".equals(uri.getScheme());
    if (!("http".equals(uri.getScheme()) || secure) || uri.getHost() == null || uri.getPort() <= 0 || uri.getQuery() != null) {
      throw new IllegalArgumentException("an HTTP target is http://HOST:PORT[/api/PREFIX], not " + uri);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    String context = "";
    String prefix = HttpApi.DEFAULT_PREFIX;
    int api = path.lastIndexOf("/api/");
    if (api >= 0) {
      context = path.substring(0, api);
      prefix = path.substring(api + 5);
    } else if (!path.isEmpty()) {
      prefix = path.substring(1);
    }
    if (prefix.isEmpty() || prefix.contains("/")) {
      throw new IllegalArgumentException("an HTTP target is http://HOST:PORT[/api/PREFIX], not " + uri);
    }
    URI root = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + context);
    return new HttpTarget(root, HttpApi.decodeSegment(prefix), connectTimeout, requestTimeout, tls);
  }

  @Override
  public String name() {
    return root + "/api/" + prefix;
  }

  @Override
  public Transport transport() {
    return Transport.HTTP;
  }

  @Override
  public Exchange connect() {
    return new Exchange();
  }

  /** One session: the buffered sends, or the HTTP-only requests of a case. */
  public final class Exchange implements ServerConnection {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private volatile CompletableFuture<HttpResponse<byte[]>> inFlight;
    private volatile boolean closed;

    @Override
    public Output send(ByteBuffer bytes) {
      if (closed) {
        return new Output(new byte[0], true);
      }
      byte[] b = new byte[bytes.remaining()];
      bytes.get(b);
      body.writeBytes(b);
      return Output.NOTHING;
    }

    /** POSTs the buffered sends to the multirequest path; the response body is the output. */
    @Override
    public Output endInput() throws IOException {
      if (closed) {
        return new Output(new byte[0], true);
      }
      String path = HttpApi.path(prefix, HttpApi.MULTIREQUEST).substring("/api/".length());
      Reply r = request(new Step.Http("POST", path, Map.of(), java.util.List.of()), body.toByteArray());
      closed = true;
      if (r.status() != 200) {
        throw new IOException("HTTP " + r.status() + " for a POST of " + body.size() + " bytes: "
            + new String(r.body(), 0, Math.min(200, r.body().length), StandardCharsets.ISO_8859_1));
      }
      String type = r.headers().firstValue("Content-Type").orElse("(none)");
      if (!HttpApi.isMediaType(type)) {
        throw new IOException("TRANS-2: the response's Content-Type is " + type + ", not " + HttpApi.MEDIA_TYPE);
      }
      return new Output(r.body(), true);
    }

    /** Sends one HTTP-only case's request (its frames as the body) and waits for the whole response. */
    public Reply request(Step.Http step) throws IOException {
      return request(step, step.bodyBytes());
    }

    private Reply request(Step.Http step, byte[] bytes) throws IOException {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Accept", HttpApi.MEDIA_TYPE);
      headers.put("Content-Type", HttpApi.MEDIA_TYPE);
      headers.putAll(step.headers());
      URI uri = URI.create(root + "/api/" + step.path().replace("{prefix}", prefix));
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout)
          .method(step.method(), bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
      headers.forEach((k, v) -> {
        if (v != null) {
          b.header(k, v);
        }
      });
      CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      inFlight = f;
      if (closed) {
        f.cancel(true);
      }
      try {
        HttpResponse<byte[]> r = f.get();
        return new Reply(r.statusCode(), r.headers(), r.body());
      } catch (InterruptedException e) {
        f.cancel(true);
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      } catch (CancellationException e) {
        throw new IOException("the exchange was cancelled", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      }
    }

    /** Cancels the exchange in flight, if any. */
    @Override
    public void close() {
      closed = true;
      CompletableFuture<HttpResponse<byte[]>> f = inFlight;
      if (f != null) {
        f.cancel(true);
      }
    }
  }
}
