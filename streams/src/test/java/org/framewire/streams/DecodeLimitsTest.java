package org.framewire.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.frames.Frame;
import org.framewire.frames.ProtocolException;
import org.framewire.spec.Requirement;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;
import org.framewire.streams.encoding.ZlibProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decompression bombs (ENC-6): 1 GiB of zeros, compressed as it is generated (never held), sent
 * as one response on a zlib and on a zstd-8mb stream; the receiver stops each at its bound plus
 * at most one decode buffer, delivering no byte past the bound.
 */
class DecodeLimitsTest {

  private static final long GIB = 1L << 30;
  private static final int BUFFER = 32 * 1024;

  private static List<Frame> zlibBomb;
  private static List<Frame> zstdBomb;

  /** The frames of one response of {@code total} zero bytes on a fresh server stream. */
  static List<Frame> zeros(EncodingProfile profile, long total, int responses) {
    List<Frame> frames = new ArrayList<>();
    ByteBuffer mib = ByteBuffer.allocate(1 << 20);
    try (StreamRegistry server = new StreamRegistry(Side.SERVER)) {
      OutboundStream s = server.openOutbound(profile, OutboundStream.DEFAULT_MAX_FRAME_SIZE, frames::add);
      for (int r = 0; r < responses; r++) {
        ResponseEmitter e = new ResponseEmitter(s, 2 * r + 1);
        e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
        for (long sent = 0; sent < total; sent += mib.capacity()) {
          e.write(mib.clear());
        }
        e.end(false);
      }
    }
    return frames;
  }

  @BeforeAll
  static void makeBombs() {
    zlibBomb = zeros(new ZlibProfile(1), GIB, 1);
    zstdBomb = zeros(EncodingProfiles.ZSTD_8MB, GIB, 1);
    long zlibWire = zlibBomb.stream().mapToLong(f -> f.payload().remaining()).sum();
    long zstdWire = zstdBomb.stream().mapToLong(f -> f.payload().remaining()).sum();
    // zlib at level 1 expands about 230 times, zstd over 10 000 times
    assertTrue(zlibWire < GIB / 200, "zlib bomb is " + zlibWire + " bytes");
    assertTrue(zstdWire < GIB / 10_000, "zstd bomb is " + zstdWire + " bytes");
  }

  private record Outcome(ProtocolException error, long delivered, long decoded, StreamRegistry registry) {}

  private static Outcome receive(List<Frame> frames, StreamLimits limits) {
    StreamRegistry client = new StreamRegistry(Side.CLIENT, limits, EncodingProfiles.defaults());
    long[] delivered = {0};
    InboundStream[] stream = {null};
    ProtocolException error = null;
    try {
      for (Frame f : frames) {
        if (stream[0] == null) {
          stream[0] = client.inbound(2);
        }
        client.receive(f, (frame, bytes) -> delivered[0] += bytes.remaining());
      }
    } catch (ProtocolException e) {
      error = e;
    }
    return new Outcome(error, delivered[0], stream[0] == null ? 0 : stream[0].decodedBytes(), client);
  }

  private static void assertStoppedAt(Outcome o, long bound) {
    assertTrue(o.error != null, "the bomb was not stopped");
    assertEquals(Requirement.ENC_DECODED_LIMIT, o.error.requirement());
    assertTrue(o.delivered <= bound, "delivered " + o.delivered + " past the bound " + bound);
    assertTrue(o.decoded > bound && o.decoded <= bound + BUFFER, "decoded " + o.decoded + " for bound " + bound);
    assertEquals(0, o.registry.liveDecoderContexts(), "the failed stream's context is freed");
    ProtocolException again = assertThrows(ProtocolException.class, () -> o.registry.accept(zstdBomb.get(0)));
    assertSame(o.error, again);
  }

  private static StreamLimits limits(long frame, long request, long stream) {
    return StreamLimits.DEFAULT.withDecoded(BUFFER, frame, request, stream);
  }

  @Test
  void zlibBombStopsAtTheFrameBound() {
    // at level 1 a 32 KiB zlib frame expands to about 7 MiB, under the default frame bound
    long bound = 4L << 20;
    assertStoppedAt(receive(zlibBomb, limits(bound, Long.MAX_VALUE, Long.MAX_VALUE)), bound);
  }

  @Test
  void zlibBombStopsAtTheDefaultRequestBound() {
    assertStoppedAt(receive(zlibBomb, StreamLimits.DEFAULT), StreamLimits.DEFAULT_MAX_DECODED_REQUEST_BYTES);
  }

  @Test
  void zstdBombStopsAtTheFrameBound() {
    assertStoppedAt(receive(zstdBomb, StreamLimits.DEFAULT), StreamLimits.DEFAULT_MAX_DECODED_FRAME_BYTES);
  }

  @Test
  void zlibBombStopsAtTheRequestBound() {
    long bound = 100L << 20;
    Outcome o = receive(zlibBomb, limits(Long.MAX_VALUE, bound, Long.MAX_VALUE));
    assertStoppedAt(o, bound);
  }

  @Test
  void zstdBombStopsAtTheRequestBound() {
    long bound = 100L << 20;
    assertStoppedAt(receive(zstdBomb, limits(Long.MAX_VALUE, bound, Long.MAX_VALUE)), bound);
  }

  @Test
  void streamBoundCountsAcrossRequests() {
    List<Frame> two = zeros(EncodingProfiles.ZSTD_8MB, 40L << 20, 2);
    // each response alone fits the request bound; together they cross the stream bound
    Outcome ok = receive(two, limits(Long.MAX_VALUE, 41L << 20, Long.MAX_VALUE));
    assertEquals(null, ok.error);
    assertEquals(2 * ((40L << 20) + 11), ok.delivered);
    assertStoppedAt(receive(two, limits(Long.MAX_VALUE, 41L << 20, 60L << 20)), 60L << 20);
  }

  @Test
  void requestBoundResetsWhenTheResponseEnds() {
    List<Frame> three = zeros(EncodingProfiles.ZLIB, 30L << 20, 3);
    Outcome o = receive(three, limits(Long.MAX_VALUE, 31L << 20, Long.MAX_VALUE));
    assertEquals(null, o.error);
    assertEquals(3 * ((30L << 20) + 11), o.delivered);
  }

  @Test
  void identityFramesCountToo() {
    List<Frame> frames = zeros(EncodingProfiles.IDENTITY, 1L << 20, 1);
    Outcome o = receive(frames, limits(Long.MAX_VALUE, 512 * 1024, Long.MAX_VALUE));
    assertEquals(Requirement.ENC_DECODED_LIMIT, o.error.requirement());
  }
}
