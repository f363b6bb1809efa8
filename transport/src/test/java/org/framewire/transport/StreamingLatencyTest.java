package org.framewire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.framewire.cbor.CborValue;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.Response;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A response whose 200 values take a second to produce streams: each value reaches the client
 * within a few milliseconds of the handler writing it, not when a 32 KiB frame fills or the
 * response ends (the NIO host flushes the responses written to whenever its loop runs out of work,
 * {@code ServerSession.flushResponses()}), on an unencoded and on a zstd-encoded stream (where a
 * flush point is an encoder flush, ENC-4).
 */
class StreamingLatencyTest {
  private static final int VALUES = 200;
  private static final long PERIOD_NANOS = 5_000_000;

  @ParameterizedTest
  @ValueSource(strings = {"identity", "zstd-8mb"})
  void eachValueReachesTheClientWithinMillisecondsOfItsWrite(String encoding) throws Exception {
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
    ExecutorService handlers = Executors.newCachedThreadPool();
    try (TcpServer server = TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), commands, handlers);
        RawClient client = RawClient.connect(server.localAddress(),
            ClientConfig.DEFAULTS.withContentEncodings(List.of(encoding)), e -> {
              if (e instanceof ClientEvent.ResponseObject o && o.requestId() != 1) {
                int i = seen.merge(o.requestId(), 1, Integer::sum) - 1;
                seenAt[i] = System.nanoTime();
              }
            })) {
      // the first response loads the encoder's native library and context: not what is measured
      client.call("warm", CborValue.MapValue.of()).get(30, TimeUnit.SECONDS);
      Response r = client.call("slow", CborValue.MapValue.of()).get(30, TimeUnit.SECONDS);
      assertEquals(VALUES, r.objects().size());
    } finally {
      handlers.shutdownNow();
    }
    long[] lag = new long[VALUES];
    for (int i = 0; i < VALUES; i++) {
      lag[i] = seenAt[i] - writtenAt[i];
    }
    long first = TimeUnit.NANOSECONDS.toMillis(lag[0]);
    java.util.Arrays.sort(lag);
    long median = TimeUnit.NANOSECONDS.toMillis(lag[VALUES / 2]);
    System.out.println("StreamingLatencyTest " + encoding + ": first value after " + first + " ms, median "
        + median + " ms, slowest " + TimeUnit.NANOSECONDS.toMillis(lag[VALUES - 1]) + " ms");
    // Without the flush the first value arrives with the last, a second after it was written.
    assertTrue(first < 200, "the first value reached the client " + first + " ms after its write");
    assertTrue(median < 50, "half the values took more than " + median + " ms to reach the client");
  }
}
