package org.framewire.frames;

import org.framewire.spec.ProtocolException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.framewire.spec.Requirement;

/**
 * Properties of the codec: round trips, independence from how the input is split, and that
 * arbitrary bytes only ever give frames or a {@link ProtocolException}.
 */
class FrameCodecProperties {

  /** What decoding a byte string gave: the frames (copied), then the violation if any. */
  record Outcome(List<Frame> frames, Requirement violation) {}

  // ---- generators ----

  @Provide
  Arbitrary<Frame> validFrames() {
    Arbitrary<FrameType> types = Arbitraries.of(FrameType.class);
    return types.flatMap(type -> Combinators.combine(
            Arbitraries.integers().between(0, 0xFFFF),
            Arbitraries.integers().between(0, 0xFF),
            Arbitraries.integers().between(0, StreamFlags.DEFINED),
            Arbitraries.integers().between(0, 0xF).map(f -> f & type.definedFlags()),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
        .as((requestId, streamId, streamFlags, flags, payload) ->
            Frame.of(requestId, streamId, streamFlags, type, flags, payload)));
  }

  @Provide
  Arbitrary<List<Frame>> frameSequences() {
    return validFrames().list().ofMaxSize(12);
  }

  /** Chunk sizes applied in turn; 1-byte chunks are common. */
  @Provide
  Arbitrary<List<Integer>> splits() {
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.just(1)),
            net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(1, 16)),
            net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(17, 700)))
        .list().ofMinSize(1).ofMaxSize(20);
  }

  /** Mostly-valid streams with corruptions, and plain noise. */
  @Provide
  Arbitrary<byte[]> hostileBytes() {
    Arbitrary<byte[]> mutated = Combinators.combine(
            frameSequences(),
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            Arbitraries.integers().between(0, 20))
        .as((frames, flips, seed, cut) -> {
          byte[] b = concat(frames);
          java.util.Random r = new java.util.Random(seed);
          for (int i = 0; i < flips && b.length > 0; i++) {
            b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
          }
          return java.util.Arrays.copyOf(b, Math.max(0, b.length - cut));
        });
    Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    return Arbitraries.oneOf(mutated, noise);
  }

  @Provide
  Arbitrary<FrameDecoder.Options> options() {
    return Combinators.combine(
            Arbitraries.oneOf(Arbitraries.integers().between(0, 300),
                Arbitraries.of(FrameDecoder.DEFAULT_MAX_FRAME_SIZE, FrameHeader.MAX_PAYLOAD_LENGTH)),
            Arbitraries.of(true, false))
        .as(FrameDecoder.Options::new);
  }

  // ---- properties ----

  @Property(tries = 300)
  void encodeThenDecodeGivesTheFrame(@ForAll("validFrames") Frame frame) throws ProtocolException {
    ByteBuffer wire = ByteBuffer.allocate(FrameEncoder.encodedSize(frame));
    FrameEncoder.encode(frame, wire);
    assertEquals(List.of(frame), FrameDecoder.decodeAll(wire.flip(), FrameHeader.MAX_PAYLOAD_LENGTH));
    ByteArrayOutputStream gathered = new ByteArrayOutputStream();
    for (ByteBuffer part : FrameEncoder.gather(frame)) {
      byte[] b = new byte[part.remaining()];
      part.get(b);
      gathered.writeBytes(b);
    }
    assertEquals(ByteBuffer.wrap(frame.toBytes()), ByteBuffer.wrap(gathered.toByteArray()));
  }

  @Property(tries = 300)
  void validFramesSurviveAnySplit(
      @ForAll("frameSequences") List<Frame> frames, @ForAll("splits") List<Integer> split) {
    Outcome outcome = decodeSplit(concat(frames), split, FrameDecoder.Options.DEFAULTS);
    assertEquals(new Outcome(frames, null), outcome);
  }

  @Property(tries = 500)
  void anyBytesGiveFramesOrAProtocolErrorWhateverTheSplit(
      @ForAll("hostileBytes") byte[] bytes,
      @ForAll("splits") List<Integer> split,
      @ForAll("options") FrameDecoder.Options options) {
    Outcome whole = decodeSplit(bytes, List.of(Math.max(1, bytes.length)), options);
    assertEquals(reference(bytes, options), whole);
    assertEquals(whole, decodeSplit(bytes, split, options));
  }

  // ---- helpers ----

  static byte[] concat(List<Frame> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frames.forEach(f -> out.writeBytes(f.toBytes()));
    return out.toByteArray();
  }

  /**
   * Feeds {@code bytes} the way a network reader does: through ONE reusable buffer, refilled with
   * the next chunk only after {@code next()} returned null; frames are copied as they come (their
   * views die with the refill). So this also checks that the decoder copied what it kept.
   */
  static Outcome decodeSplit(byte[] bytes, List<Integer> split, FrameDecoder.Options options) {
    FrameDecoder decoder = new FrameDecoder(options);
    ByteBuffer buffer = ByteBuffer.allocate(Math.max(1, bytes.length));
    List<Frame> frames = new ArrayList<>();
    try {
      int at = 0;
      int turn = 0;
      while (at < bytes.length) {
        int n = Math.min(split.get(turn++ % split.size()), bytes.length - at);
        buffer.clear();
        buffer.put(bytes, at, n).flip();
        at += n;
        decoder.feed(buffer);
        for (Frame f; (f = decoder.next()) != null; ) {
          frames.add(f.copy());
        }
        assertTrue(!buffer.hasRemaining(), "null from next() means the buffer was consumed");
        java.util.Arrays.fill(buffer.array(), (byte) 0x5A);
      }
      decoder.endOfInput();
      assertTrue(decoder.isIdle());
      return new Outcome(frames, null);
    } catch (ProtocolException e) {
      assertTrue(e.requirement() != null);
      return new Outcome(frames, e.requirement());
    } catch (Throwable t) {
      fail("decoding raised something other than a ProtocolException: " + t, t);
      throw new AssertionError(t);
    }
  }

  /** An independent, whole-input statement of SPEC.md §2.1 to §2.5. */
  static Outcome reference(byte[] b, FrameDecoder.Options options) {
    List<Frame> frames = new ArrayList<>();
    int at = 0;
    while (at < b.length) {
      if (b.length - at < 8) {
        return new Outcome(frames, Requirement.FRAME_TRUNCATED);
      }
      int length = (b[at] & 0xFF) + 256 * (b[at + 1] & 0xFF) + 65536 * (b[at + 2] & 0xFF);
      int type = (b[at + 7] & 0xFF) >> 4;
      int flags = b[at + 7] & 0x0F;
      int streamFlags = b[at + 6] & 0xFF;
      if (length > options.maxFrameSize()) {
        return new Outcome(frames, Requirement.FRAME_MAX_SIZE);
      }
      if (options.validateTypesAndFlags()) {
        if (type == 0 || type == 4 || type >= 10) {
          return new Outcome(frames, Requirement.FRAME_TYPE_KNOWN);
        }
        if (streamFlags > 7) {
          return new Outcome(frames, Requirement.FRAME_STREAM_FLAGS_DEFINED);
        }
        int defined = switch (type) {
          case 1 -> 0xF;
          case 2, 3, 8, 9 -> 0x3;
          default -> 0;
        };
        if ((flags & ~defined) != 0) {
          return new Outcome(frames, Requirement.FRAME_FLAGS_DEFINED);
        }
      }
      if (b.length - at - 8 < length) {
        return new Outcome(frames, Requirement.FRAME_TRUNCATED);
      }
      FrameHeader h = new FrameHeader(length, (b[at + 3] & 0xFF) + 256 * (b[at + 4] & 0xFF), b[at + 5] & 0xFF,
          streamFlags, type, flags);
      frames.add(new Frame(h, ByteBuffer.wrap(java.util.Arrays.copyOfRange(b, at + 8, at + 8 + length))));
      at += 8 + length;
    }
    return new Outcome(frames, null);
  }
}
