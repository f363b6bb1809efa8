package org.framewire.conformance.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A JDK HTTP client that rewrites each request before the client it wraps sends it: how a mutant
 * puts one HTTP transport bug (SPEC.md §9.2) into framewire's {@code HttpApiClient}, through {@link
 * ClientHooks#httpClient}. The static helpers build the usual rewrites.
 */
final class RewritingHttpClient extends HttpClient {
  private final HttpClient inner;
  private final UnaryOperator<HttpRequest> rewrite;

  RewritingHttpClient(HttpClient inner, UnaryOperator<HttpRequest> rewrite) {
    this.inner = inner;
    this.rewrite = rewrite;
  }

  /** Hooks whose HTTP client applies {@code rewrite} to every request. */
  static ClientHooks hooks(UnaryOperator<HttpRequest> rewrite) {
    return new ClientHooks() {
      @Override
      public HttpClient httpClient(HttpClient requested) {
        return new RewritingHttpClient(requested, rewrite);
      }
    };
  }

  /** The request with the last segment of its path replaced by {@code segment}. */
  static HttpRequest lastSegment(HttpRequest r, String segment) {
    String path = r.uri().getRawPath();
    return copy(r).uri(r.uri().resolve(path.substring(0, path.lastIndexOf('/') + 1) + segment)).build();
  }

  /** The request with {@code from} replaced by {@code to} in its path. */
  static HttpRequest path(HttpRequest r, String from, String to) {
    return copy(r).uri(r.uri().resolve(r.uri().getRawPath().replace(from, to))).build();
  }

  /** The request with header {@code name} set to {@code value} alone. */
  static HttpRequest header(HttpRequest r, String name, String value) {
    return copy(r).setHeader(name, value).build();
  }

  /** The request with its body rewritten by {@code f}. */
  static HttpRequest body(HttpRequest r, UnaryOperator<byte[]> f) {
    return copy(r).POST(HttpRequest.BodyPublishers.ofByteArray(f.apply(bytes(r)))).build();
  }

  private static HttpRequest.Builder copy(HttpRequest r) {
    return HttpRequest.newBuilder(r, (name, value) -> true);
  }

  /** The request body, read from its publisher. */
  private static byte[] bytes(HttpRequest r) {
    HttpRequest.BodyPublisher publisher = r.bodyPublisher().orElseThrow();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        out.writeBytes(a);
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        done.complete(out.toByteArray());
      }
    });
    return done.join();
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return inner.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return inner.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return inner.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return inner.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return inner.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return inner.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return inner.authenticator();
  }

  @Override
  public Version version() {
    return inner.version();
  }

  @Override
  public Optional<Executor> executor() {
    return inner.executor();
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return inner.send(rewrite.apply(request), handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return inner.sendAsync(rewrite.apply(request), handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> push) {
    return inner.sendAsync(rewrite.apply(request), handler, push);
  }

  @Override
  public String toString() {
    return "RewritingHttpClient[" + inner + "]";
  }
}
