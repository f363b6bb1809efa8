package org.framewire.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries for frame headers and frames (SPEC.md §2): valid ones, and headers with each
 * field pushed to and past its bounds, labelled with the requirement a decoder must report.
 *
 * <pre>{@code
 * @Property
 * void decoderJudgesHeaders(@ForAll("headers") HeaderCase c) {
 *   Optional<Requirement> got = myDecoder.verdict(c.bytes());
 *   assertEquals(c.expected(), got);
 * }
 *
 * @Provide
 * Arbitrary<HeaderCase> headers() {
 *   return FrameArbitraries.boundaryHeaders(65535);
 * }
 * }</pre>
 *
 * <p>All arbitraries shrink towards small lengths, request and stream id 1, no flags, and the first
 * frame type, so a failing case ends up as plain as the failure allows.
 */
public final class FrameArbitraries {

  /** The reserved type codes (FRAME-3). */
  public static final List<Integer> RESERVED_TYPE_CODES = List.of(0, 4, 10, 11, 12, 13, 14, 15);

  private FrameArbitraries() {}

  /** Every defined frame type. */
  public static Arbitrary<FrameType> types() {
    return Arbitraries.of(FrameType.class);
  }

  /** A subset of the flags {@code type} defines (SPEC.md §2.3). */
  public static Arbitrary<Integer> definedFlags(FrameType type) {
    return subsetOf(type.definedFlags());
  }

  /** A subset of the defined stream flags: begin, end, encoded (SPEC.md §3.2). */
  public static Arbitrary<Integer> definedStreamFlags() {
    return subsetOf(StreamFlags.DEFINED);
  }

  /** Request ids over the whole 16-bit range, with 0, 1 and 65535 as edge cases. */
  public static Arbitrary<Integer> requestIds() {
    return Arbitraries.integers().between(0, 0xFFFF).edgeCases(c -> c.add(1, 0xFFFE, 0xFFFF));
  }

  /** Stream ids over the whole 8-bit range. */
  public static Arbitrary<Integer> streamIds() {
    return Arbitraries.integers().between(0, 0xFF);
  }

  /**
   * Headers a receiver whose maximum frame size is {@code maxFrameSize} accepts at the frame layer:
   * a defined type, defined flags and stream flags, and a length up to {@code maxPayload} (at most
   * {@code maxFrameSize}). Request and stream ids take any value: their rules are the session's.
   */
  public static Arbitrary<FrameHeader> headers(int maxPayload) {
    return types().flatMap(type -> Combinators.combine(
            Arbitraries.integers().between(0, maxPayload),
            requestIds(),
            streamIds(),
            definedStreamFlags(),
            definedFlags(type))
        .as((length, requestId, streamId, streamFlags, flags) ->
            FrameHeader.of(length, requestId, streamId, streamFlags, type, flags)));
  }

  /** Valid frames of any type with payloads of up to {@code maxPayload} bytes. */
  public static Arbitrary<Frame> frames(int maxPayload) {
    return types().flatMap(type -> frames(type, maxPayload));
  }

  /** Valid frames with payloads of up to 64 bytes. */
  public static Arbitrary<Frame> frames() {
    return frames(64);
  }

  /** Valid frames of {@code type}: any ids, defined flags and stream flags, random payload. */
  public static Arbitrary<Frame> frames(FrameType type, int maxPayload) {
    return Combinators.combine(
            requestIds(), streamIds(), definedStreamFlags(), definedFlags(type), payloads(maxPayload))
        .as((requestId, streamId, streamFlags, flags, payload) ->
            Frame.of(requestId, streamId, streamFlags, type, flags, ByteBuffer.wrap(payload)));
  }

  /** Byte strings of up to {@code max} bytes; shrink to shorter and to zero bytes. */
  public static Arbitrary<byte[]> payloads(int max) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(max);
  }

  /**
   * Headers with one or more fields pushed to a bound (still valid at the frame layer) or past it
   * (a header rule broken), each labelled with what a receiver whose maximum frame size is {@code
   * maxFrameSize} must report: FRAME-2, FRAME-3, FRAME-5 or FRAME-4, the first in that order when
   * several are broken (FRAME-10), or nothing. Mostly one field is pushed; about one case in five
   * pushes two or three, for the check order.
   *
   * <p>Pushed to the bound: length 0 and exactly {@code maxFrameSize} (and 2^24 - 1 when that is the
   * maximum); request ids 0, 1, 65534, 65535; stream ids 0, 1, 254, 255; all defined stream flags;
   * the lowest and highest type code; all of a type's defined flags. Past it: lengths from {@code
   * maxFrameSize + 1} (with 65536 and 2^24 - 1 as edge cases), every reserved type code, each
   * undefined stream flag bit and all of them, each undefined frame flag bit.
   */
  public static Arbitrary<HeaderCase> boundaryHeaders(int maxFrameSize) {
    if (maxFrameSize < 0 || maxFrameSize > FrameHeader.MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException("maxFrameSize " + maxFrameSize + " outside 0..2^24-1");
    }
    Arbitrary<Set<HeaderField>> fields = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of(HeaderField.class).map(f -> (Set<HeaderField>) EnumSet.of(f))),
        Tuple.of(1, Arbitraries.of(HeaderField.class).set().ofMinSize(2).ofMaxSize(3)));
    return fields.flatMap(pushed -> Combinators.combine(
            Arbitraries.of(Edge.class),
            headers(Math.min(maxFrameSize, 32)),
            Arbitraries.integers().between(0, Integer.MAX_VALUE))
        .as((edge, base, pick) -> push(base, pushed, edge, pick, maxFrameSize)));
  }

  /** Whether a pushed field lands on its bound or past it. */
  private enum Edge { AT, PAST }

  private static HeaderCase push(FrameHeader base, Set<HeaderField> pushed, Edge edge, int pick, int max) {
    int length = base.payloadLength();
    int requestId = base.requestId();
    int streamId = base.streamId();
    int streamFlags = base.streamFlags();
    int typeCode = base.typeCode();
    int flags = base.flags();
    // TYPE before FLAGS: which flags are undefined depends on the type.
    if (pushed.contains(HeaderField.TYPE)) {
      typeCode = edge == Edge.AT
          ? (pick % 2 == 0 ? FrameType.COMMAND_REQUEST.code() : FrameType.STREAM_SETTINGS.code())
          : RESERVED_TYPE_CODES.get(pick % RESERVED_TYPE_CODES.size());
      FrameType t = FrameType.fromCode(typeCode);
      flags = t == null ? 0 : flags & t.definedFlags();
    }
    if (pushed.contains(HeaderField.PAYLOAD_LENGTH)) {
      length = edge == Edge.AT ? atLength(pick, max) : pastLength(pick, max);
    }
    if (pushed.contains(HeaderField.REQUEST_ID)) {
      requestId = List.of(0, 1, 0xFFFE, 0xFFFF).get(pick % 4);
    }
    if (pushed.contains(HeaderField.STREAM_ID)) {
      streamId = List.of(0, 1, 0xFE, 0xFF).get(pick % 4);
    }
    if (pushed.contains(HeaderField.STREAM_FLAGS)) {
      streamFlags = edge == Edge.AT ? StreamFlags.DEFINED : pastStreamFlags(streamFlags, pick);
    }
    if (pushed.contains(HeaderField.FLAGS)) {
      FrameType t = FrameType.fromCode(typeCode);
      int defined = t == null ? 0 : t.definedFlags();
      int undefined = ~defined & 0xF;
      if (edge == Edge.AT || undefined == 0) {
        flags = defined;
      } else {
        List<Integer> bits = bitsOf(undefined);
        flags = (flags & defined) | bits.get(pick % bits.size());
      }
    }
    FrameHeader header = new FrameHeader(length, requestId, streamId, streamFlags, typeCode, flags);
    byte[] payload = length <= max ? filler(length, pick) : new byte[0];
    return HeaderCase.of(header, payload, max, pushed);
  }

  private static int atLength(int pick, int max) {
    return pick % 2 == 0 ? max : 0;
  }

  private static int pastLength(int pick, int max) {
    if (max == FrameHeader.MAX_PAYLOAD_LENGTH) {
      return max; // nothing lies past the largest expressible length: the bound itself
    }
    List<Integer> edges = new ArrayList<>(List.of(max + 1, FrameHeader.MAX_PAYLOAD_LENGTH));
    if (max < 0x10000) {
      edges.add(0x10000);
    }
    int choice = pick % (edges.size() + 1);
    if (choice < edges.size()) {
      return edges.get(choice);
    }
    return max + 1 + (pick / 7) % (FrameHeader.MAX_PAYLOAD_LENGTH - max);
  }

  private static int pastStreamFlags(int base, int pick) {
    int defined = base & StreamFlags.DEFINED;
    int choice = pick % 6;
    if (choice == 5) {
      return 0xFF;
    }
    int bit = 0x08 << (pick / 6 % 5); // 0x08, 0x10, 0x20, 0x40, 0x80
    return defined | (choice == 4 ? 0xF8 : bit);
  }

  private static List<Integer> bitsOf(int mask) {
    List<Integer> bits = new ArrayList<>();
    for (int b = 1; b <= 0x80; b <<= 1) {
      if ((mask & b) != 0) {
        bits.add(b);
      }
    }
    return bits;
  }

  /** A deterministic payload: shrinking the header need not shrink its bytes separately. */
  private static byte[] filler(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (seed + i * 31);
    }
    return b;
  }

  private static Arbitrary<Integer> subsetOf(int mask) {
    List<Integer> subsets = new ArrayList<>();
    for (int s = 0; s <= mask; s++) {
      if ((s & ~mask) == 0) {
        subsets.add(s);
      }
    }
    return Arbitraries.of(subsets);
  }
}
