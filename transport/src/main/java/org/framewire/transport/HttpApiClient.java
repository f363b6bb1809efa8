package org.framewire.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.session.CallException;
import org.framewire.session.ClientCalls;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientSession;
import org.framewire.session.Response;

/**
 * A client of the HTTP transport (SPEC.md §9.2) on the JDK's {@link HttpClient}. Each call, or each
 * batch sent to {@code multirequest}, is one HTTP exchange and one {@link ClientSession} of its own
 * (TRANS-9): the session's frames are the request body, sent with the media type in {@code
 * Content-Type} and {@code Accept} (TRANS-2); the response body is fed to the session as it arrives,
 * so a response's values are decoded while it streams.
 *
 * <p>A future fails with a {@link TransportException} when the exchange fails or is answered with a
 * status other than 200 or a {@code Content-Type} other than the media type ({@link
 * TransportException#httpStatus()} tells the status), and with a {@link CallException} for what the
 * frames report. Thread-safe; no thread of its own.
 */
public final class HttpApiClient {

  /**
   * One request of a {@link #multirequest} batch.
   *
   * @param request the command request
   * @param data its command data, or {@code null} for none; the frames are views of it until sent
   */
  public record Call(CommandRequest request, ByteBuffer data) {
    public Call {
      Objects.requireNonNull(request, "request");
    }
  }

  private final HttpClient http;
  private final URI base;
  private final String prefix;
  private final ClientConfig config;

  /**
   * A client of the server at {@code base} ({@code http://HOST:PORT}), under {@code prefix}.
   *
   * @param http the client to send with; it should speak HTTP/1.1 ({@link #defaultHttpClient()})
   */
  public HttpApiClient(HttpClient http, URI base, String prefix, ClientConfig config) {
    this.http = Objects.requireNonNull(http, "http");
    this.base = Objects.requireNonNull(base, "base");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** A client of the server at {@code base} under the default prefix, with its own HTTP/1.1 client. */
  public HttpApiClient(URI base, ClientConfig config) {
    this(defaultHttpClient(), base, HttpApi.DEFAULT_PREFIX, config);
  }

  /** An HTTP/1.1 client with a 10 s connect timeout. */
  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * An HTTP/1.1 client for {@code https://} servers (SPEC.md §9.3): TLS 1.3 or 1.2 with {@code
   * tls}'s context checking the server's certificate (and presenting the client's own, if it holds
   * one); the default client when {@code tls} is {@code null}.
   */
  public static HttpClient httpClient(org.framewire.transport.tls.ClientTls tls) {
    if (tls == null) {
      return defaultHttpClient();
    }
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(tls.handshakeTimeout())
        .sslContext(tls.context())
        .sslParameters(org.framewire.transport.tls.Tls.versionsOnly(tls.context().getDefaultSSLParameters()))
        .build();
  }

  /** The URI of {@code command}'s single-command path (or of {@link HttpApi#MULTIREQUEST}). */
  public URI uri(String command) {
    return base.resolve(HttpApi.path(prefix, command));
  }

  /** Calls {@code command} with {@code args} on its single-command path. */
  public CompletableFuture<Response> call(String command, CborValue.MapValue args) {
    return call(CommandRequest.of(command, args));
  }

  /** Sends one request to the single-command path of its command. */
  public CompletableFuture<Response> call(CommandRequest request) {
    return call(request, null);
  }

  /** Sends one request with command data (or {@code null} for none) to its single-command path. */
  public CompletableFuture<Response> call(CommandRequest request, ByteBuffer data) {
    return exchange(uri(request.nameString()), List.of(new Call(request, data))).get(0);
  }

  /**
   * Sends every call in one exchange to {@code multirequest}; one future per call, in order. The
   * server reads the body no faster than it answers (CMD-11), so a batch may be as deep as the
   * client sends at once: at most {@link ClientConfig#maxConcurrentRequests()} calls (by default
   * the whole request id space, 32 768), since the body goes out whole and none may wait.
   *
   * @throws IllegalArgumentException for an empty batch or one larger than that bound
   */
  public List<CompletableFuture<Response>> multirequest(List<Call> calls) {
    if (calls.isEmpty() || calls.size() > config.maxConcurrentRequests()) {
      throw new IllegalArgumentException("a multirequest holds 1 to " + config.maxConcurrentRequests()
          + " calls, not " + calls.size());
    }
    return exchange(uri(HttpApi.MULTIREQUEST), calls);
  }

  private List<CompletableFuture<Response>> exchange(URI uri, List<Call> batch) {
    ClientCalls calls = new ClientCalls(new ClientSession(config));
    List<CompletableFuture<Response>> results = new ArrayList<>(batch.size());
    for (Call c : batch) {
      CompletableFuture<Response> inner = c.data() == null ? calls.call(c.request()) : calls.call(c.request(), c.data());
      CompletableFuture<Response> outer = new CompletableFuture<>();
      inner.whenComplete((r, e) -> {
        if (e == null) {
          outer.complete(r);
        } else {
          outer.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
        }
      });
      results.add(outer);
    }
    ByteBuffer[] body = calls.session().pollOutbound();
    long length = 0;
    for (ByteBuffer b : body) {
      length += b.remaining();
    }
    HttpRequest request = HttpRequest.newBuilder(uri)
        .header("Content-Type", HttpApi.MEDIA_TYPE)
        .header("Accept", HttpApi.MEDIA_TYPE)
        .POST(HttpRequest.BodyPublishers.fromPublisher(new BufferPublisher(body), length))
        .build();
    FrameSubscriber subscriber = new FrameSubscriber(calls);
    http.sendAsync(request, info -> {
      if (info.statusCode() != 200) {
        subscriber.refused(new TransportException(uri + " answered status " + info.statusCode(), info.statusCode()));
        return HttpResponse.BodySubscribers.discarding();
      }
      String type = info.headers().firstValue("Content-Type").orElse("");
      if (!HttpApi.isMediaType(type)) {
        subscriber.refused(new TransportException(uri + " answered Content-Type " + type + " (TRANS-2)", 200));
        return HttpResponse.BodySubscribers.discarding();
      }
      return HttpResponse.BodySubscribers.fromSubscriber(subscriber);
    }).whenComplete((response, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        subscriber.refused(new TransportException("HTTP exchange with " + uri + " failed: " + cause.getMessage(), cause));
      }
      subscriber.settle(results);
    });
    return results;
  }

  /**
   * Feeds the response body to the exchange's session. Flow signals are serialized, so the session
   * needs no lock; {@link #settle} runs after the last of them.
   */
  private static final class FrameSubscriber implements Flow.Subscriber<List<ByteBuffer>> {
    private final ClientCalls calls;
    private volatile TransportException failure;

    FrameSubscriber(ClientCalls calls) {
      this.calls = calls;
    }

    void refused(TransportException e) {
      if (failure == null) {
        failure = e;
      }
    }

    /** Once the exchange is over: fails every call still open with the transport's failure. */
    void settle(List<CompletableFuture<Response>> results) {
      TransportException e = failure;
      for (CompletableFuture<Response> f : results) {
        if (e != null) {
          f.completeExceptionally(e);
        } else if (!f.isDone()) {
          f.completeExceptionally(new TransportException("response body ended before the response", (Throwable) null));
        }
      }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      for (ByteBuffer b : item) {
        calls.receive(b);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      refused(new TransportException("reading the response body failed: " + throwable.getMessage(), throwable));
    }

    @Override
    public void onComplete() {
      calls.receiveEnd();
    }
  }

  /** Publishes the request body's buffers (frame headers and payload views) without copying them. */
  private static final class BufferPublisher implements Flow.Publisher<ByteBuffer> {
    private final ByteBuffer[] buffers;

    BufferPublisher(ByteBuffer[] buffers) {
      this.buffers = buffers;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
      ByteBuffer[] own = new ByteBuffer[buffers.length];
      int n = 0;
      for (ByteBuffer b : buffers) {
        if (b.hasRemaining()) {
          own[n++] = b.duplicate();
        }
      }
      int count = n;
      subscriber.onSubscribe(new Flow.Subscription() {
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private int next;

        @Override
        public void request(long k) {
          if (k <= 0) {
            cancelled.set(true);
            subscriber.onError(new IllegalArgumentException("request(" + k + ")"));
            return;
          }
          demand.getAndAccumulate(k, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
          if (wip.getAndIncrement() != 0) {
            return; // the thread already draining picks the demand up
          }
          do {
            while (demand.get() > 0 && next < count && !cancelled.get()) {
              demand.decrementAndGet();
              subscriber.onNext(own[next++]);
            }
            if (next == count && !cancelled.getAndSet(true)) {
              subscriber.onComplete();
            }
          } while (wip.decrementAndGet() != 0);
        }

        @Override
        public void cancel() {
          cancelled.set(true);
        }
      });
    }
  }

  @Override
  public String toString() {
    return "HttpApiClient[" + base + " " + prefix + "]";
  }
}
