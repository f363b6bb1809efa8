package org.framewire.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.frames.StreamFlags;
import org.framewire.spec.Requirement;
import org.framewire.streams.encoding.ContentEncoder;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;
import org.framewire.streams.encoding.ZlibProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decoded-size bounds (ENC-6) against decompression bombs: 1 GiB of zeros, compressed as it is
 * generated (never held whole), on zlib and zstd-8mb streams. A compliant sender flushes every
 * 2^24 input bytes (ENC-11), so its bomb meets the per-response bound; a hostile sender never
 * flushes, so its frames meet the per-frame bound. Either way the receiver stops at the bound plus
 * at most one decode buffer and delivers no byte past the bound.
 */
class DecodeLimitsTest {

  private static final long GIB = 1L << 30;
  private static final int BUFFER = DecodeLimits.DEFAULT_BUFFER_SIZE;
  private static final ByteBuffer MIB_OF_ZEROS = ByteBuffer.allocate(1 << 20).asReadOnlyBuffer();
  private static final int HOSTILE_FRAME = 1 << 20;

  private static List<Frame> zlibBomb;
  private static List<Frame> zstdBomb;
  private static List<Frame> hostileZlibBomb;
  private static List<Frame> hostileZstdBomb;

  /** One response per entry of {@code sizes}, each that many zero bytes, on a fresh server stream. */
  static List<Frame> zeros(EncodingProfile profile, long... sizes) {
    List<Frame> frames = new ArrayList<>();
    try (StreamRegistry server = new StreamRegistry(Side.SERVER)) {
      OutboundStream s = server.openOutbound(profile, OutboundStream.DEFAULT_MAX_FRAME_SIZE, frames::add);
      for (int r = 0; r < sizes.length; r++) {
        ResponseEmitter e = new ResponseEmitter(s, 2 * r + 1);
        e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
        for (long sent = 0; sent < sizes[r]; sent += MIB_OF_ZEROS.capacity()) {
          e.write(MIB_OF_ZEROS.duplicate());
        }
        e.end(false);
      }
    }
    return frames;
  }

  /**
   * A sender that ignores ENC-11: 1 GiB of zeros through one context with a single flush at the
   * end, in frames of 1 MiB (a receiver may allow frames up to 2^24-1 bytes).
   */
  static List<Frame> hostile(EncodingProfile profile) {
    List<Frame> frames = new ArrayList<>();
    frames.add(Frame.of(1, 2, StreamFlags.BEGIN, FrameType.STREAM_SETTINGS, FrameType.FLAG_EOS,
        new StreamSettings(profile.name(), List.of()).encode()));
    try (ContentEncoder e = profile.newEncoder()) {
      ByteBuffer out = ByteBuffer.allocate(HOSTILE_FRAME);
      for (long fed = 0; fed < GIB; fed += MIB_OF_ZEROS.capacity()) {
        ByteBuffer src = MIB_OF_ZEROS.duplicate();
        while (true) {
          e.encode(src, out);
          if (out.hasRemaining()) {
            break;
          }
          frames.add(encodedFrame(out, FrameType.FLAG_CONTINUATION));
          out = ByteBuffer.allocate(HOSTILE_FRAME);
        }
      }
      while (!e.flush(out)) {
        frames.add(encodedFrame(out, FrameType.FLAG_CONTINUATION));
        out = ByteBuffer.allocate(HOSTILE_FRAME);
      }
      frames.add(encodedFrame(out, FrameType.FLAG_EOS));
    }
    return frames;
  }

  private static Frame encodedFrame(ByteBuffer out, int flags) {
    out.flip();
    return Frame.of(1, 2, StreamFlags.ENCODED, FrameType.COMMAND_RESPONSE, flags, out);
  }

  @BeforeAll
  static void makeBombs() {
    zlibBomb = zeros(new ZlibProfile(1), GIB);
    zstdBomb = zeros(EncodingProfiles.ZSTD_8MB, GIB);
    hostileZlibBomb = hostile(new ZlibProfile(1));
    hostileZstdBomb = hostile(EncodingProfiles.ZSTD_8MB);
    // zlib at level 1 expands about 230 times, zstd over 10 000 times
    assertTrue(wire(zlibBomb) < GIB / 200, "zlib bomb is " + wire(zlibBomb) + " bytes");
    assertTrue(wire(zstdBomb) < GIB / 10_000, "zstd bomb is " + wire(zstdBomb) + " bytes");
  }

  private static long wire(List<Frame> frames) {
    return frames.stream().mapToLong(f -> f.payload().remaining()).sum();
  }

  private record Outcome(ProtocolException error, long delivered, long decoded, StreamRegistry registry) {}

  private static Outcome receive(List<Frame> frames, Side side, DecodeLimits limits) {
    StreamRegistry receiver = new StreamRegistry(side, StreamLimits.DEFAULT.withDecode(limits), EncodingProfiles.defaults());
    long[] delivered = {0};
    InboundStream stream = null;
    ProtocolException error = null;
    try {
      for (Frame f : frames) {
        if (stream == null) {
          stream = receiver.inbound(f.streamId());
        }
        receiver.receive(f, (frame, bytes) -> delivered[0] += bytes.remaining());
      }
    } catch (ProtocolException e) {
      error = e;
    }
    return new Outcome(error, delivered[0], stream == null ? 0 : stream.decodedBytes(), receiver);
  }

  private static Outcome receive(List<Frame> frames, DecodeLimits limits) {
    return receive(frames, Side.CLIENT, limits);
  }

  private static void assertStoppedAt(Outcome o, long bound) {
    assertStoppedAt(o, bound, 0);
  }

  /** {@code other}: bytes of earlier messages on the stream, delivered before the bomb. */
  private static void assertStoppedAt(Outcome o, long bound, long other) {
    assertTrue(o.error != null, "the bomb was not stopped");
    assertEquals(Requirement.ENC_DECODED_LIMIT, o.error.requirement(), o.error.getMessage());
    assertTrue(o.delivered - other <= bound, "delivered " + o.delivered + " past the bound " + bound);
    long decoded = o.decoded - other;
    assertTrue(decoded > bound && decoded <= bound + BUFFER, "decoded " + decoded + " for bound " + bound);
    assertEquals(0, o.registry.liveDecoderContexts(), "the failed stream's context is freed");
    ProtocolException again = assertThrows(ProtocolException.class, () -> o.registry.accept(zstdBomb.get(0)));
    assertSame(o.error, again);
  }

  @Test
  void compliantZlibBombStopsAtTheDefaultResponseBound() {
    assertStoppedAt(receive(zlibBomb, DecodeLimits.DEFAULT), DecodeLimits.DEFAULT_PER_RESPONSE);
  }

  @Test
  void compliantZstdBombStopsAtTheDefaultResponseBound() {
    assertStoppedAt(receive(zstdBomb, DecodeLimits.DEFAULT), DecodeLimits.DEFAULT_PER_RESPONSE);
  }

  @Test
  void compliantSendersKeepEveryFrameUnder2To24DecodedBytes() {
    // ENC-11: with only the frame bound, the whole GiB arrives
    Outcome o = receive(zstdBomb, DecodeLimits.unbounded(BUFFER).withPerFrame(1L << 24));
    assertNull(o.error);
    assertEquals(GIB + 11, o.delivered);
  }

  @Test
  void hostileZlibBombStopsAtTheDefaultFrameBound() {
    assertStoppedAt(receive(hostileZlibBomb, DecodeLimits.DEFAULT.withPerResponse(Long.MAX_VALUE)),
        DecodeLimits.DEFAULT_PER_FRAME);
  }

  @Test
  void hostileZstdBombStopsAtTheDefaultFrameBound() {
    assertStoppedAt(receive(hostileZstdBomb, DecodeLimits.DEFAULT.withPerResponse(Long.MAX_VALUE)),
        DecodeLimits.DEFAULT_PER_FRAME);
  }

  @Test
  void aSmallFrameBoundStopsEvenACompliantBomb() {
    long bound = 4L << 20;
    assertStoppedAt(receive(zlibBomb, DecodeLimits.unbounded(BUFFER).withPerFrame(bound)), bound);
  }

  @Test
  void streamBoundCountsAcrossResponses() {
    List<Frame> two = zeros(EncodingProfiles.ZSTD_8MB, 40L << 20, 40L << 20);
    DecodeLimits perResponse = DecodeLimits.unbounded(BUFFER).withPerResponse(41L << 20);
    Outcome ok = receive(two, perResponse);
    assertNull(ok.error);
    assertEquals(2 * ((40L << 20) + 11), ok.delivered);
    assertStoppedAt(receive(two, perResponse.withPerStream(60L << 20)), 60L << 20);
  }

  @Test
  void responseBoundResetsWhenTheResponseEnds() {
    List<Frame> three = zeros(EncodingProfiles.ZLIB, 30L << 20, 30L << 20, 30L << 20);
    Outcome o = receive(three, DecodeLimits.unbounded(BUFFER).withPerResponse(31L << 20));
    assertNull(o.error);
    assertEquals(3 * ((30L << 20) + 11), o.delivered);
  }

  @Test
  void responseBoundResetsOnAnEmptyRawEosFrame() {
    // identity responses end with an empty frame without the encoded flag, like Mercurial's;
    // the same request id answered three times must not accumulate
    List<Frame> frames = new ArrayList<>();
    try (StreamRegistry server = new StreamRegistry(Side.SERVER)) {
      OutboundStream s = server.openOutbound(EncodingProfiles.IDENTITY, 32768, frames::add);
      for (int r = 0; r < 3; r++) {
        ResponseEmitter e = new ResponseEmitter(s, 7);
        e.begin(ByteBuffer.wrap(TestSupport.okStatus()));
        e.write(ByteBuffer.allocate(600 * 1024));
        e.end(false);
      }
    }
    assertEquals(0, frames.get(frames.size() - 1).streamFlags());
    Outcome o = receive(frames, DecodeLimits.unbounded(BUFFER).withPerResponse(1L << 20));
    assertNull(o.error);
    assertEquals(3 * (600 * 1024 + 11), o.delivered);
  }

  @Test
  void identityFramesCountToo() {
    List<Frame> frames = zeros(EncodingProfiles.IDENTITY, 1L << 20);
    Outcome o = receive(frames, DecodeLimits.unbounded(BUFFER).withPerResponse(512 * 1024));
    assertEquals(Requirement.ENC_DECODED_LIMIT, o.error.requirement());
  }

  /** A client's zstd stream carrying encoded command-request and command-data messages. */
  static List<Frame> clientMessages(int requestBytes, int... dataMessages) {
    List<Frame> frames = new ArrayList<>();
    try (StreamRegistry client = new StreamRegistry(Side.CLIENT)) {
      OutboundStream s = client.openOutbound(EncodingProfiles.ZSTD_8MB, 32768, frames::add);
      encodedMessage(s, 1, FrameType.COMMAND_REQUEST, requestBytes);
      for (int i = 0; i < dataMessages.length; i++) {
        encodedMessage(s, 1 + 2 * i, FrameType.COMMAND_DATA, dataMessages[i]);
      }
    }
    return frames;
  }

  /** One message of {@code size} zero bytes in one encoded frame that ends it (ENC-4). */
  private static void encodedMessage(OutboundStream s, int requestId, FrameType type, int size) {
    ByteBuffer out = ByteBuffer.allocate(32768);
    s.encode(ByteBuffer.allocate(size), out);
    assertTrue(s.flush(out));
    out.flip();
    int last = type == FrameType.COMMAND_REQUEST ? FrameType.FLAG_NEW : FrameType.FLAG_EOS;
    s.send(requestId, type, last, out, true, false);
  }

  @Test
  void serverBoundsCommandRequestsAndCommandData() {
    Outcome ok = receive(clientMessages(1 << 20, 8 << 20, 8 << 20), Side.SERVER, DecodeLimits.DEFAULT);
    assertNull(ok.error);
    assertStoppedAt(receive(clientMessages((1 << 20) + 1), Side.SERVER, DecodeLimits.DEFAULT),
        DecodeLimits.DEFAULT_PER_COMMAND_REQUEST);
    assertStoppedAt(receive(clientMessages(100, (8 << 20) + 1), Side.SERVER, DecodeLimits.DEFAULT),
        DecodeLimits.DEFAULT_PER_COMMAND_DATA, 100);
  }
}
