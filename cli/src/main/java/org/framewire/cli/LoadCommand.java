package org.framewire.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.session.ClientConfig;
import org.framewire.transport.HttpApi;
import org.framewire.transport.HttpApiClient;
import org.framewire.transport.RawClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code framewire load}: C connections in parallel, R requests each (pipelined up to {@code
 * --concurrency}), every response checked byte for byte against its deterministic content: for
 * {@code echodata} and {@code echo}, byte j of request k on connection c = (c + k + j) mod 256; for
 * {@code stream}, the Appendix A pattern (k + j) mod 256 of SPEC.md. Reports throughput and
 * latency percentiles (sorted samples); exit status 1 on any mismatch or error.
 *
 * <p>Every request is accounted for: it ends with its response (checked), or with an error the
 * client reported, counted by kind ({@code errorKinds}: a connection that could not be opened or
 * broke, an error-response from a server shutting down, an HTTP status from a balancer); requests
 * a broken connection never sent count as errors too, as do requests still unanswered after five
 * minutes. So a server stopped in the middle of a run (docs/deployment.md) shows up as errors, never
 * as requests that vanished.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Load a framewire server with echodata requests and check every response.")
final class LoadCommand implements Callable<Integer> {

  @Option(names = "--target", required = true, paramLabel = "URL",
      description = "tcp://HOST:PORT (raw transport), tls://HOST:PORT (over TLS) or http[s]://HOST:PORT[/api/PREFIX] (HTTP API).")
  URI target;

  @picocli.CommandLine.Mixin TlsClientOptions tlsOptions;

  /** TLS for a tls:// or https:// target, else null; set before the connections open. */
  private org.framewire.transport.tls.ClientTls tls;

  @Option(names = "--connections", defaultValue = "8", description = "Parallel connections (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--requests", defaultValue = "100", description = "Requests per connection (default ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--size", defaultValue = "64", description = "Payload bytes per request (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--concurrency", defaultValue = "8", description = "Requests in flight per connection (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--encodings", split = ",", description = "Content encodings to offer (default identity).")
  List<String> encodings;

  /** The command each request runs. */
  enum Kind { echo, echodata, stream }

  @Option(names = "--command", defaultValue = "echodata",
      description = "echodata (payload as command data), echo (payload as argument) or stream "
          + "(2 byte strings of --size bytes, byte j of string k = (k + j) mod 256); default ${DEFAULT-VALUE}.")
  Kind command;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the summary as JSON.")
  Path json;

  final AtomicLong done = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  final AtomicLong mismatches = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  final ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
  /** Errors by kind: the exception's class and first line, numbers as N, per request. */
  final java.util.concurrent.ConcurrentSkipListMap<String, AtomicLong> errorKinds =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  /** Counts {@code n} requests as failed with {@code error}. */
  void failed(Throwable error, long n) {
    Throwable e = error;
    while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    // Numbers (request ids, ports) vary per request: one kind per message shape.
    String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceAll("[0-9]+", "N");
    String kind = e.getClass().getSimpleName() + ": " + (message.length() > 160 ? message.substring(0, 160) : message);
    errorKinds.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(n);
    errors.addAndGet(n);
    done.addAndGet(n);
  }

  /** The payload of request {@code k} on connection {@code c}. */
  static byte[] payload(int c, int k, int size) {
    byte[] b = new byte[size];
    for (int j = 0; j < size; j++) {
      b[j] = (byte) (c + k + j);
    }
    return b;
  }

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    if (!("tcp".equals(target.getScheme()) || "http".equals(target.getScheme()) || TlsClientOptions.secure(target.getScheme()))
        || target.getHost() == null || target.getPort() < 0) {
      err.println("framewire load: --target takes tcp://HOST:PORT, tls://HOST:PORT or http[s]://HOST:PORT[/api/PREFIX], got "
          + target);
      return 2;
    }
    if (TlsClientOptions.secure(target.getScheme())) {
      tls = tlsOptions.clientTls(err);
    }
    InetSocketAddress address = new InetSocketAddress(target.getHost(), target.getPort());
    ClientConfig config = encodings == null ? ClientConfig.DEFAULTS : ClientConfig.DEFAULTS.withContentEncodings(encodings);
    long start = System.nanoTime();
    Thread[] workers = new Thread[connections];
    for (int c = 0; c < connections; c++) {
      int conn = c;
      workers[c] = new Thread(() -> runConnection(conn, address, config), "load-" + c);
      workers[c].start();
    }
    long total = (long) connections * requests;
    while (true) {
      boolean alive = false;
      for (Thread t : workers) {
        t.join(1000 / Math.max(1, connections));
        alive |= t.isAlive();
      }
      err.printf("\rload: %d/%d requests, %d mismatches, %d errors", done.get(), total, mismatches.get(), errors.get());
      if (!alive) {
        break;
      }
      Thread.sleep(1000);
    }
    err.println();
    double secs = (System.nanoTime() - start) / 1e9;
    long[] lat = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    String summary = String.format(
        "{\"connections\":%d,\"requests\":%d,\"size\":%d,\"completed\":%d,\"mismatches\":%d,\"errors\":%d,"
            + "\"seconds\":%.3f,\"requestsPerSecond\":%.1f,\"bytesPerSecond\":%.1f,"
            + "\"latencyMicros\":{\"p50\":%d,\"p90\":%d,\"p99\":%d,\"max\":%d},\"errorKinds\":{%s}}",
        connections, requests, size, done.get(), mismatches.get(), errors.get(), secs, done.get() / secs,
        bytes.get() / secs, pct(lat, 50), pct(lat, 90), pct(lat, 99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1000,
        String.join(",", errorKinds.entrySet().stream()
            .map(e -> "\"" + jsonEscape(e.getKey()) + "\":" + e.getValue().get()).toList()));
    errorKinds.forEach((kind, n) -> err.println("load: " + n.get() + " requests failed: " + kind));
    System.out.println(summary);
    if (json != null) {
      Files.writeString(json, summary + "\n", StandardCharsets.UTF_8);
    }
    return mismatches.get() == 0 && errors.get() == 0 && done.get() == total ? 0 : 1;
  }

  /** One connection: a {@link RawClient} (tcp) or an {@link HttpApiClient} (http, one per "connection"). */
  interface Caller extends AutoCloseable {
    CompletableFuture<org.framewire.session.Response> call(CommandRequest request, ByteBuffer data);

    @Override
    void close();
  }

  private Caller open(InetSocketAddress address, ClientConfig config) throws IOException {
    if ("tcp".equals(target.getScheme()) || "tls".equals(target.getScheme())) {
      RawClient raw = RawClient.connect(address, config, tls, e -> { });
      return new Caller() {
        public CompletableFuture<org.framewire.session.Response> call(CommandRequest request, ByteBuffer data) {
          return data == null ? raw.call(request) : raw.call(request, data);
        }

        public void close() {
          raw.close();
        }
      };
    }
    String path = target.getPath() == null ? "" : target.getPath();
    String prefix = path.startsWith("/api/") ? path.substring(5).replaceAll("/.*", "") : HttpApi.DEFAULT_PREFIX;
    HttpApiClient http = new HttpApiClient(HttpApiClient.httpClient(tls), target.resolve("/"), prefix, config);
    return new Caller() {
      public CompletableFuture<org.framewire.session.Response> call(CommandRequest request, ByteBuffer data) {
        return http.call(request, data);
      }

      public void close() {}
    };
  }

  private CompletableFuture<org.framewire.session.Response> send(Caller client, byte[] payload) {
    return switch (command) {
      case echodata -> client.call(CommandRequest.of("echodata", new CborValue.MapValue(List.of())),
          ByteBuffer.wrap(payload.clone()));
      case echo -> client.call(CommandRequest.of("echo",
          CborValue.MapValue.of(CborValue.Bytes.of("payload"), new CborValue.Bytes(payload.clone()))), null);
      case stream -> client.call(CommandRequest.of("stream", CborValue.MapValue.of(
          CborValue.Bytes.of("count"), new CborValue.Int(2), CborValue.Bytes.of("size"), new CborValue.Int(size))), null);
    };
  }

  /** Whether the response objects are exactly what {@link #command} must return for {@code payload}. */
  private boolean matches(List<CborValue> objects, byte[] payload) {
    return switch (command) {
      case echodata -> objects.size() == 1 && Arrays.equals(bytesOf(objects.get(0)), payload);
      case echo -> objects.size() == 1 && objects.get(0) instanceof CborValue.MapValue m
          && m.entries().size() == 1 && Arrays.equals(bytesOf(m.get("payload")), payload);
      case stream -> objects.size() == 2 && Arrays.equals(bytesOf(objects.get(0)), payload(0, 0, size))
          && Arrays.equals(bytesOf(objects.get(1)), payload(1, 0, size));
    };
  }

  private static byte[] bytesOf(CborValue v) {
    if (v instanceof CborValue.Bytes b) {
      return b.value();
    }
    if (v instanceof CborValue.IndefiniteBytes ib) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      ib.chunks().forEach(out::writeBytes);
      return out.toByteArray();
    }
    return null;
  }

  private static String jsonEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        sb.append('\\').append(ch);
      } else if (ch < 0x20) {
        sb.append(String.format("\\u%04x", (int) ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  static long pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1000;
  }

  private void runConnection(int c, InetSocketAddress address, ClientConfig config) {
    long[] lat = new long[requests];
    // 0 pending, 1 accounted: a request is counted once, by its completion or as unanswered.
    java.util.concurrent.atomic.AtomicIntegerArray state = new java.util.concurrent.atomic.AtomicIntegerArray(requests);
    CompletableFuture<?>[] all = new CompletableFuture<?>[requests];
    int sent = 0;
    try (Caller client = open(address, config)) {
      Semaphore window = new Semaphore(concurrency);
      for (int k = 0; k < requests; k++) {
        window.acquire();
        byte[] expected = payload(c, k, size);
        int idx = k;
        long t0 = System.nanoTime();
        all[k] = send(client, expected)
            .whenComplete((r, e) -> {
              lat[idx] = System.nanoTime() - t0;
              if (state.compareAndSet(idx, 0, 1)) {
                if (e != null) {
                  failed(e, 1);
                } else if (!matches(r.objects(), expected)) {
                  mismatches.incrementAndGet();
                  done.incrementAndGet();
                } else {
                  bytes.addAndGet(2L * expected.length);
                  done.incrementAndGet();
                }
              }
              window.release();
            });
        sent = k + 1;
      }
      CompletableFuture.allOf(all).get(5, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException e) {
      // a request failed: counted by its own completion
    } catch (java.util.concurrent.TimeoutException e) {
      long unanswered = 0;
      for (int k = 0; k < sent; k++) {
        if (state.compareAndSet(k, 0, 1)) {
          unanswered++;
        }
      }
      if (unanswered > 0) {
        failed(new java.util.concurrent.TimeoutException("no answer within 5 minutes"), unanswered);
      }
    } catch (IOException | RuntimeException e) {
      if (requests - sent > 0) {
        failed(e, requests - sent); // never sent: the connection could not be opened or broke
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    samples.add(lat);
  }
}
