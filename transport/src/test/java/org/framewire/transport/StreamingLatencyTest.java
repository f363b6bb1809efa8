package org.framewire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.ClientSession;
import org.framewire.session.Response;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A response whose 200 values take a second to produce streams: each value reaches the client
 * within a few milliseconds of the handler writing it, not when a 32 KiB frame fills or the
 * response ends, on an unencoded and on a zstd-encoded stream (where a flush point is an encoder
 * flush, ENC-4), on the NIO host (it flushes the responses written to whenever its loop runs out of
 * work, {@code ServerSession.flushResponses()}) and on the HTTP host (its writer flushes them
 * whenever it has nothing left to write, {@code BlockingPump.onIdle()}). Over HTTP the request
 * body has ended before the answer begins (§9.2), so only the response's pace is measured.
 */
class StreamingLatencyTest {
  private static final int VALUES = 200;
  private static final long PERIOD_NANOS = 5_000_000;

  @ParameterizedTest
  @CsvSource({"tcp, identity", "tcp, zstd-8mb", "http, identity", "http, zstd-8mb"})
  void eachValueReachesTheClientWithinMillisecondsOfItsWrite(String host, String encoding) throws Exception {
    long[] writtenAt = new long[VALUES];
    long[] seenAt = new long[VALUES];
    CommandRegistry commands = CommandRegistry.builder().add("warm", (call, out) -> {
      out.writeObject(CborValue.bytes("warm"));
    }).add("slow", (call, out) -> {
      for (int i = 0; i < VALUES; i++) {
        long due = System.nanoTime() + PERIOD_NANOS;
        writtenAt[i] = System.nanoTime();
        out.writeObject(CborValue.bytes("line " + i));
        TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
      }
    }).build();
    ConcurrentHashMap<Integer, Integer> seen = new ConcurrentHashMap<>();
    Consumer<ClientEvent> clock = e -> {
      if (e instanceof ClientEvent.ResponseObject o && o.requestId() != 1) {
        int i = seen.merge(o.requestId(), 1, Integer::sum) - 1;
        seenAt[i] = System.nanoTime();
      }
    };
    ClientConfig config = ClientConfig.DEFAULTS.withContentEncodings(List.of(encoding));
    ExecutorService handlers = Executors.newCachedThreadPool();
    try {
      if (host.equals("tcp")) {
        overTcp(commands, handlers, config, clock);
      } else {
        overHttp(commands, handlers, config, clock);
      }
    } finally {
      handlers.shutdownNow();
    }
    assertEquals(VALUES, seen.get(3), "every value of the slow response arrived");
    long[] lag = new long[VALUES];
    for (int i = 0; i < VALUES; i++) {
      lag[i] = seenAt[i] - writtenAt[i];
    }
    long first = TimeUnit.NANOSECONDS.toMillis(lag[0]);
    java.util.Arrays.sort(lag);
    long median = TimeUnit.NANOSECONDS.toMillis(lag[VALUES / 2]);
    System.out.println("StreamingLatencyTest " + host + " " + encoding + ": first value after " + first
        + " ms, median " + median + " ms, slowest " + TimeUnit.NANOSECONDS.toMillis(lag[VALUES - 1]) + " ms");
    // Without the flush the first value arrives with the last, a second after it was written.
    assertTrue(first < 200, "the first value reached the client " + first + " ms after its write");
    assertTrue(median < 50, "half the values took more than " + median + " ms to reach the client");
  }

  /** Request 1 warms up (the encoder's native library and context: not what is measured), request 3 is slow. */
  private static void overTcp(CommandRegistry commands, ExecutorService handlers, ClientConfig config,
      Consumer<ClientEvent> clock) throws Exception {
    try (TcpServer server = TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), commands, handlers);
        RawClient client = RawClient.connect(server.localAddress(), config, clock::accept)) {
      client.call("warm", CborValue.MapValue.of()).get(30, TimeUnit.SECONDS);
      Response r = client.call("slow", CborValue.MapValue.of()).get(30, TimeUnit.SECONDS);
      assertEquals(VALUES, r.objects().size());
    }
  }

  /**
   * A first exchange warms the HTTP client and server up; then one multirequest exchange, warm then
   * slow, whose response body is fed to a client session as it arrives.
   */
  private static void overHttp(CommandRegistry commands, ExecutorService handlers, ClientConfig config,
      Consumer<ClientEvent> clock) throws Exception {
    try (HttpApiServer server = HttpApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        commands, handlers)) {
      HttpApiClient api = new HttpApiClient(server.baseUri(), config);
      api.call("warm", CborValue.MapValue.of()).get(30, TimeUnit.SECONDS); // the HTTP client's first exchange
      ClientSession session = new ClientSession(config);
      session.sendCommand(CommandRequest.of("warm"));
      session.sendCommand(CommandRequest.of("slow"));
      ByteBuffer[] out = session.pollOutbound();
      ByteBuffer body = ByteBuffer.allocate(java.util.Arrays.stream(out).mapToInt(ByteBuffer::remaining).sum());
      for (ByteBuffer b : out) {
        body.put(b);
      }
      HttpRequest request = HttpRequest.newBuilder(api.uri(HttpApi.MULTIREQUEST))
          .header("Content-Type", HttpApi.MEDIA_TYPE)
          .header("Accept", HttpApi.MEDIA_TYPE)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body.array()))
          .build();
      HttpResponse<Void> response = HttpApiClient.defaultHttpClient().send(request,
          HttpResponse.BodyHandlers.fromSubscriber(new Flow.Subscriber<List<ByteBuffer>>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
              s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
              for (ByteBuffer b : item) {
                session.receive(b).forEach(clock);
              }
            }

            @Override
            public void onError(Throwable t) {
              // the status and the count of values below tell
            }

            @Override
            public void onComplete() {
              session.receiveEnd().forEach(clock);
            }
          }));
      assertEquals(200, response.statusCode());
    }
  }
}
