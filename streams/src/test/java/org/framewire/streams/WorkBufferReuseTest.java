package org.framewire.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Responses reuse a pooled frame-size work buffer instead of allocating one each (the benchmarks
 * module measured that allocation as dearer than compressing a small response), a stream between
 * responses keeps none of its own (an idle connection holds no 32 KiB buffer), and no frame ever
 * aliases the reused buffer: frames sent earlier keep their bytes.
 */
class WorkBufferReuseTest {

  private final List<Frame> sent = new ArrayList<>();
  private final StreamRegistry server = new StreamRegistry(Side.SERVER);

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  private void respond(OutboundStream s, int requestId, byte[] value) {
    ResponseEmitter e = new ResponseEmitter(s, requestId);
    e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
    e.write(ByteBuffer.wrap(value));
    e.end(false);
  }

  private List<byte[]> payloads() {
    List<byte[]> out = new ArrayList<>();
    for (Frame f : sent) {
      if (f.type() == FrameType.COMMAND_RESPONSE) {
        out.add(f.payloadBytes());
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "zstd-8mb", "zlib"})
  void aResponseGivesItsWorkBufferBackAndEarlierFramesKeepTheirBytes(String name) {
    EncodingProfile profile = EncodingProfiles.defaults().find(name).orElseThrow();
    OutboundStream s = server.openOutbound(profile, 4096, sent::add);
    WorkBufferPool.clear();
    ByteBuffer work = s.borrowBuffer();
    s.returnBuffer(work);
    respond(s, 1, filled(1000, 'a'));
    List<byte[]> first = payloads();
    // the response borrowed the pooled buffer and gave it back
    assertTrue(WorkBufferPool.holds(work), "the response kept the work buffer");
    ByteBuffer again = s.borrowBuffer();
    assertSame(work, again);
    s.returnBuffer(again);
    respond(s, 3, filled(1000, 'b'));
    List<byte[]> firstAfter = payloads().subList(0, first.size());
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i), firstAfter.get(i), "frame " + i + " of the first response changed");
    }
    // no frame payload is a view of the work buffer: overwriting it changes no frame
    List<byte[]> before = payloads();
    ByteBuffer probe = s.borrowBuffer();
    while (probe.hasRemaining()) {
      probe.put((byte) 0x5a);
    }
    s.returnBuffer(probe);
    List<byte[]> after = payloads();
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), after.get(i), "frame " + i + " is a view of the work buffer");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "zstd-8mb", "zlib"})
  void anIdleStreamHoldsNoBufferAndAnotherStreamReusesIt(String name) {
    EncodingProfile profile = EncodingProfiles.defaults().find(name).orElseThrow();
    OutboundStream a = server.openOutbound(profile, 4096, sent::add);
    OutboundStream b = server.openOutbound(profile, 4096, sent::add);
    WorkBufferPool.clear();
    ByteBuffer work = a.borrowBuffer();
    a.returnBuffer(work);
    respond(a, 1, filled(1000, 'a'));
    // stream a is idle: its buffer is back in the pool, not kept by the stream
    assertTrue(WorkBufferPool.holds(work));
    respond(b, 3, filled(1000, 'b'));
    // stream b's response used the same buffer and gave it back: no new buffer for b
    assertTrue(WorkBufferPool.holds(work));
    assertSame(work, b.borrowBuffer());
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "zstd-8mb"})
  void aFullFrameTakesTheBufferItselfAndTheStreamAllocatesAnother(String name) {
    EncodingProfile profile = EncodingProfiles.defaults().find(name).orElseThrow();
    OutboundStream s = server.openOutbound(profile, 1024, sent::add);
    byte[] noise = new byte[20_000];
    new java.util.Random(1).nextBytes(noise);
    respond(s, 1, noise);
    ByteBuffer a = s.borrowBuffer();
    ByteBuffer b = s.borrowBuffer();
    assertNotSame(a, b);
    assertEquals(1024, a.capacity());
    assertEquals(0, a.position());
  }
}
