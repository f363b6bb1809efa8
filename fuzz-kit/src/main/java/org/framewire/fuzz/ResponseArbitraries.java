package org.framewire.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.cbor.arbitraries.CborValueArbitraries;
import org.framewire.frames.Frame;
import org.framewire.streams.OutboundStream;
import org.framewire.streams.ResponseEmitter;
import org.framewire.streams.Side;
import org.framewire.streams.StreamRegistry;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries for response streams (SPEC.md §6.3, §4): one server stream per case carrying
 * one to three complete responses to requests 1, 3, 5, ... in one of the profiles identity, zlib
 * and zstd-8mb (or without stream settings), framed by framewire's {@code ResponseEmitter} at a
 * small maximum frame size so that values span frames, and cut into chunks anywhere — inside a
 * header, inside a compressed block, between a value's last byte and the eos frame.
 *
 * <p>For a client decoder: feed {@link ResponseStream#chunks()} to a session that sent the requests
 * and compare what it yields with {@link ResponseStream#responses()}.
 */
public final class ResponseArbitraries {

  /** The profiles a client must decode (SPEC.md §4.2), by wire name. */
  public static final List<String> ENCODINGS = List.of("identity", "zlib", "zstd-8mb");

  private ResponseArbitraries() {}

  /** Frames the emitter may produce for one stream before the generator calls it a runaway. */
  static final int MAX_FRAMES = 100_000;

  /** Response streams in every encoding, and without stream settings, frames of 1 byte and up. */
  public static Arbitrary<ResponseStream> responseStreams() {
    return responseStreams(1);
  }

  /** Response streams in every encoding, and without stream settings, frames of {@code minFrameSize} bytes and up. */
  public static Arbitrary<ResponseStream> responseStreams(int minFrameSize) {
    return Arbitraries.of(new ArrayList<>(List.of("identity", "zlib", "zstd-8mb", "none")))
        .flatMap(e -> responseStreams(e.equals("none") ? null : e, minFrameSize));
  }

  /** {@link #responseStreams(String, int)} with frames of 1 byte and up. */
  public static Arbitrary<ResponseStream> responseStreams(String encoding) {
    return responseStreams(encoding, 1);
  }

  /**
   * Response streams in {@code encoding} (one of {@link #ENCODINGS}), or without stream settings
   * when {@code null}, framed with a maximum frame size from {@code minFrameSize} (at least 1) up to
   * 32768: mostly 8 to 512 bytes, so that values and compressed blocks span frames.
   *
   * @throws IllegalStateException from generation when the emitter runs away (more than 100000
   *     frames for one stream), as framewire's zlib encoder does below 7-byte frames: a finding
   */
  public static Arbitrary<ResponseStream> responseStreams(String encoding, int minFrameSize) {
    if (minFrameSize < 1 || minFrameSize > 512) {
      throw new IllegalArgumentException("minFrameSize " + minFrameSize + " outside 1..512");
    }
    EncodingProfile profile = encoding == null ? null : EncodingProfiles.defaults().find(encoding)
        .orElseThrow(() -> new IllegalArgumentException("unknown encoding " + encoding));
    Arbitrary<List<CborValue>> values = Arbitraries.oneOf(
            CborValueArbitraries.protocolValues(2),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(40).list().ofMaxSize(4)
                .map(chunks -> (CborValue) new CborValue.IndefiniteBytes(chunks)))
        .list().ofMaxSize(5);
    Arbitrary<ResponsePlan> plan = Combinators.combine(
            values, CborValueArbitraries.names().map(n -> ((CborValue.Bytes) n).latin1()).optional(0.2),
            Arbitraries.integers().between(1, 4))
        .as((v, error, writes) -> new ResponsePlan(v, error.orElse(null), writes));
    return Combinators.combine(
            plan.list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(Math.max(8, minFrameSize), 512)),
                Tuple.of(1, Arbitraries.integers().between(minFrameSize, Math.max(minFrameSize, 7))),
                Tuple.of(1, Arbitraries.of(4096, 32768))),
            Arbitraries.of(true, false))
        .as((plans, maxFrameSize, endStream) -> build(profile, plans, maxFrameSize, endStream))
        .withoutEdgeCases() // the product of the parts' edge cases is too large to enumerate
        .flatMap(s -> Chunking.cuts(s.bytes().length, 24).map(s::withCuts));
  }

  /** What one response holds before it is framed. */
  record ResponsePlan(List<CborValue> values, String errorMessage, int writesPerValue) {}

  /**
   * Frames {@code plans} on one stream with framewire's emitter.
   *
   * @throws IllegalStateException when the emitter produces more than {@link #MAX_FRAMES} frames
   */
  static ResponseStream build(EncodingProfile profile, List<ResponsePlan> plans, int maxFrameSize,
      boolean endStream) {
    List<Frame> frames = new ArrayList<>();
    List<ResponseStream.Response> responses = new ArrayList<>();
    try (StreamRegistry registry = new StreamRegistry(Side.SERVER)) {
      OutboundStream stream = registry.openOutbound(profile, maxFrameSize, f -> {
        if (frames.size() >= MAX_FRAMES) {
          throw new IllegalStateException("the " + profile + " emitter ran away at maximum frame size "
              + maxFrameSize + ": more than " + MAX_FRAMES + " frames for one stream");
        }
        frames.add(f.copy());
      });
      for (int i = 0; i < plans.size(); i++) {
        ResponsePlan p = plans.get(i);
        int requestId = 1 + 2 * i;
        ResponseEmitter emitter = new ResponseEmitter(stream, requestId);
        boolean last = i == plans.size() - 1;
        if (p.errorMessage() != null) {
          CborValue status = CborValue.MapValue.of(
              CborValue.Bytes.of("status"), CborValue.Bytes.of("error"),
              CborValue.Bytes.of("error"), CborValue.MapValue.of(CborValue.Bytes.of("message"),
                  CborValue.Bytes.of(p.errorMessage())));
          emitter.begin(ByteBuffer.wrap(CborEncoder.encode(status)));
          emitter.end(endStream && last);
          responses.add(new ResponseStream.Response(requestId, List.of(), p.errorMessage()));
          continue;
        }
        emitter.begin(ByteBuffer.wrap(CborEncoder.encode(
            CborValue.MapValue.of(CborValue.Bytes.of("status"), CborValue.Bytes.of("ok")))));
        List<CborValue> decoded = new ArrayList<>();
        for (CborValue v : p.values()) {
          byte[] encoded = CborEncoder.encode(v);
          int pieces = Math.min(p.writesPerValue(), Math.max(1, encoded.length));
          for (int k = 0; k < pieces; k++) {
            int from = encoded.length * k / pieces;
            int to = encoded.length * (k + 1) / pieces;
            emitter.write(ByteBuffer.wrap(encoded, from, to - from));
          }
          decoded.add(CborValueArbitraries.canonical(v));
        }
        emitter.end(endStream && last);
        responses.add(new ResponseStream.Response(requestId, decoded, null));
      }
      return new ResponseStream(profile == null ? null : profile.name(), stream.streamId(), maxFrameSize,
          responses, frames, List.of());
    }
  }
}
