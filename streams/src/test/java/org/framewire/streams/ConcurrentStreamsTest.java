package org.framewire.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.framewire.frames.Frame;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The threading contract: each stream confined to one thread at a time, different streams
 * independent. Two streams compressed on two threads at once produce exactly the frames they
 * produce one after the other; two inbound streams, routed by the registry on one thread, decode
 * on two threads at once.
 */
class ConcurrentStreamsTest {

  private static final int RESPONSES = 12;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void shutdown() throws Exception {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** Response bodies for one stream: compressible and varied, a few hundred KiB in all. */
  static List<byte[]> bodies(long seed) {
    Random rnd = new Random(seed);
    List<byte[]> l = new ArrayList<>();
    for (int r = 0; r < RESPONSES; r++) {
      byte[] b = new byte[20_000 + rnd.nextInt(40_000)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt() : "abcdefghij".charAt((i / 7) % 10));
      }
      l.add(b);
    }
    return l;
  }

  /** Sends all bodies on {@code s}, one response each, ending the stream with the last. */
  static void drive(OutboundStream s, List<byte[]> bodies) {
    for (int r = 0; r < bodies.size(); r++) {
      ResponseEmitter e = new ResponseEmitter(s, 2 * r + 1);
      e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
      byte[] b = bodies.get(r);
      for (int off = 0; off < b.length; off += 5000) {
        e.write(ByteBuffer.wrap(b, off, Math.min(5000, b.length - off)));
      }
      e.end(r == bodies.size() - 1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib"})
  void twoStreamsOnTwoThreadsMatchSequentialOutput(String name) throws Exception {
    EncodingProfile profile = EncodingProfiles.defaults().find(name).orElseThrow();
    List<byte[]> a = bodies(1);
    List<byte[]> b = bodies(2);

    List<Frame> seqA = new ArrayList<>();
    List<Frame> seqB = new ArrayList<>();
    try (StreamRegistry server = new StreamRegistry(Side.SERVER)) {
      drive(server.openOutbound(profile, 8192, seqA::add), a);
      drive(server.openOutbound(profile, 8192, seqB::add), b);
    }

    List<Frame> parA = new ArrayList<>();
    List<Frame> parB = new ArrayList<>();
    try (StreamRegistry server = new StreamRegistry(Side.SERVER)) {
      OutboundStream sa = server.openOutbound(profile, 8192, parA::add);
      OutboundStream sb = server.openOutbound(profile, 8192, parB::add);
      CyclicBarrier start = new CyclicBarrier(2);
      Future<?> fa = pool.submit(() -> {
        start.await();
        drive(sa, a);
        return null;
      });
      Future<?> fb = pool.submit(() -> {
        start.await();
        drive(sb, b);
        return null;
      });
      fa.get(30, TimeUnit.SECONDS);
      fb.get(30, TimeUnit.SECONDS);
      assertEquals(0, server.openOutboundStreams());
    }
    assertEquals(TestSupport.hexes(seqA), TestSupport.hexes(parA));
    assertEquals(TestSupport.hexes(seqB), TestSupport.hexes(parB));

    // Receive: the registry routes on this thread; each stream decodes on its own thread.
    List<Frame> arrivalsA = new ArrayList<>();
    List<Frame> arrivalsB = new ArrayList<>();
    try (StreamRegistry client = new StreamRegistry(Side.CLIENT)) {
      int i = 0;
      int j = 0;
      List<InboundStream> routedA = new ArrayList<>();
      List<InboundStream> routedB = new ArrayList<>();
      while (i < parA.size() || j < parB.size()) {   // interleave the two streams' frames
        if (i < parA.size()) {
          Frame f = parA.get(i++);
          InboundStream s = client.accept(f);
          if (s != null) {
            arrivalsA.add(f);
            routedA.add(s);
          }
        }
        if (j < parB.size()) {
          Frame f = parB.get(j++);
          InboundStream s = client.accept(f);
          if (s != null) {
            arrivalsB.add(f);
            routedB.add(s);
          }
        }
      }
      Future<TestSupport.Collector> da = pool.submit(() -> decode(routedA, arrivalsA));
      Future<TestSupport.Collector> db = pool.submit(() -> decode(routedB, arrivalsB));
      TestSupport.Collector ca = da.get(30, TimeUnit.SECONDS);
      TestSupport.Collector cb = db.get(30, TimeUnit.SECONDS);
      for (int r = 0; r < RESPONSES; r++) {
        assertArrayEquals(withStatus(a.get(r)), ca.of(2 * r + 1));
        assertArrayEquals(withStatus(b.get(r)), cb.of(2 * r + 1));
      }
      assertEquals(0, client.liveDecoderContexts());
    }
  }

  private static TestSupport.Collector decode(List<InboundStream> streams, List<Frame> frames) throws Exception {
    TestSupport.Collector c = new TestSupport.Collector();
    for (int k = 0; k < frames.size(); k++) {
      streams.get(k).decode(frames.get(k), c);
    }
    return c;
  }

  private static byte[] withStatus(byte[] body) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(TestSupport.okStatus());
    o.writeBytes(body);
    return o.toByteArray();
  }
}
