package org.framewire.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.framewire.frames.Frame;
import org.framewire.streams.encoding.EncodingProfiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Native compression contexts are freed on stream end (both sides) and on registry close:
 * opening and closing 10 000 zstd-8mb streams leaves the process's native memory flat.
 *
 * <p>The measure is the resident set size from {@code /proc/self/status} minus the JVM's
 * committed heap and non-heap memory, and the direct buffer pools — memory zstd's contexts live
 * in. Each leaked zstd context pair would keep over 700 KiB resident (the encoder's match tables
 * are cleared, hence touched, on first use), so a leak of all of them would add gigabytes;
 * the bound allows 96 MiB of noise. The check runs every 1000 streams so that a regression fails
 * early instead of exhausting the machine.
 */
class NativeMemoryTest {

  private static final int STREAMS = 10_000;
  private static final int WARM_UP = 1000;
  private static final long BOUND = 96L << 20;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

  static long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        String kb = line.substring(6).trim().split("\\s+")[0];
        return Long.parseLong(kb) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS");
  }

  long nativeBytes() throws IOException {
    System.gc();
    long jvm = memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted();
    long direct = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      direct += pool.getMemoryUsed();
    }
    return rssBytes() - jvm + direct;
  }

  /** One response on a fresh zstd stream, sent by the server registry and received by the client's. */
  static void oneStream(StreamRegistry server, StreamRegistry client, byte[] body) throws Exception {
    List<Frame> frames = new ArrayList<>(4);
    OutboundStream s = server.openOutbound(EncodingProfiles.ZSTD_8MB, 4096, frames::add);
    ResponseEmitter e = new ResponseEmitter(s, 1);
    e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    e.write(ByteBuffer.wrap(body));
    e.end(true);
    for (Frame f : frames) {
      client.receive(f, (frame, bytes) -> {});
    }
  }

  @Test
  void tenThousandZstdStreamsLeaveNativeMemoryFlat() throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs /proc");
    byte[] body = "some response bytes, a few times over; ".repeat(50).getBytes();
    try (StreamRegistry server = new StreamRegistry(Side.SERVER);
        StreamRegistry client = new StreamRegistry(Side.CLIENT)) {
      // The allocators under zstd grow to their working size over the first thousand streams (some
      // 75 MiB resident): measured from there, on its own, not after another test warmed them.
      for (int i = 0; i < WARM_UP; i++) {
        oneStream(server, client, body);
      }
      long before = nativeBytes();
      for (int i = 1; i <= STREAMS; i++) {
        oneStream(server, client, body);
        if (i % 1000 == 0) {
          long growth = nativeBytes() - before;
          assertTrue(growth < BOUND, "native memory grew by " + (growth >> 20) + " MiB after " + i + " streams");
        }
      }
      assertEquals(0, server.openOutboundStreams());
      assertEquals(0, client.openInboundStreams());
      assertEquals(0, client.liveDecoderContexts());
    }
  }

  @Test
  void closingTheRegistryFreesContextsOfStreamsThatNeverEnded() throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs /proc");
    byte[] body = new byte[10_000];
    for (int i = 0; i < 50; i++) {
      cycleUnended(body);
    }
    long before = nativeBytes();
    for (int i = 1; i <= 2000; i++) {
      cycleUnended(body);
      if (i % 500 == 0) {
        long growth = nativeBytes() - before;
        assertTrue(growth < BOUND, "native memory grew by " + (growth >> 20) + " MiB after " + i + " connections");
      }
    }
  }

  /** A connection with one zstd stream each way that never ends, closed with the registries. */
  private static void cycleUnended(byte[] body) throws Exception {
    List<Frame> frames = new ArrayList<>();
    StreamRegistry server = new StreamRegistry(Side.SERVER);
    StreamRegistry client = new StreamRegistry(Side.CLIENT);
    OutboundStream s = server.openOutbound(EncodingProfiles.ZSTD_8MB, 4096, frames::add);
    ResponseEmitter e = new ResponseEmitter(s, 1);
    e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    e.write(ByteBuffer.wrap(body));
    e.end(false);
    for (Frame f : frames) {
      client.receive(f, (frame, bytes) -> {});
    }
    assertEquals(1, client.liveDecoderContexts());
    server.close();
    client.close();
    assertEquals(0, client.liveDecoderContexts());
  }
}
