package org.framewire.frames.notation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.framewire.cbor.CborTestValues;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.FrameType;
import org.framewire.frames.PythonLiteral;
import org.framewire.frames.StreamFlags;

/** {@code parse(format(f)).equals(f)} for every frame (SPEC.md §2, Appendix A). */
class FrameNotationProperties {

  @Provide
  Arbitrary<byte[]> payloads() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, CborTestValues.byteArrays(200)),
        Tuple.of(3, CborTestValues.values().map(CborEncoder::encode)),
        Tuple.of(3, CborTestValues.writableCandidates().filter(PythonLiteral::isWritable).map(CborEncoder::encode)),
        Tuple.of(2, CborTestValues.values().list().ofMaxSize(3).map(vs -> CborEncoder.encodeSequence(vs.toArray(CborValue[]::new)))),
        Tuple.of(2, Arbitraries.strings().ascii().ofMaxLength(30).map(s -> s.getBytes(StandardCharsets.ISO_8859_1))),
        Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(10).map(s -> ("cbor:" + s).getBytes(StandardCharsets.ISO_8859_1))),
        Tuple.of(1, Arbitraries.just(new byte[0])));
  }

  /** Headers with any field values, reserved types and undefined bits included; length 0. */
  @Provide
  Arbitrary<FrameHeader> headers() {
    Arbitrary<Integer> streamFlags =
        Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(0, 7)), Tuple.of(1, Arbitraries.integers().between(0, 255)));
    Arbitrary<Integer> types =
        Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(FrameType.values()).map(FrameType::code)), Tuple.of(1, Arbitraries.integers().between(0, 15)));
    return Combinators.combine(
            Arbitraries.integers().between(0, 0xFFFF),
            Arbitraries.integers().between(0, 0xFF),
            streamFlags,
            types,
            Arbitraries.integers().between(0, 15))
        .as((rid, sid, sf, type, flags) -> new FrameHeader(0, rid, sid, sf, type, flags));
  }

  private static Frame frame(FrameHeader h, byte[] payload) {
    return new Frame(
        new FrameHeader(payload.length, h.requestId(), h.streamId(), h.streamFlags(), h.typeCode(), h.flags()),
        ByteBuffer.wrap(payload));
  }

  @Property(tries = 600)
  void parseInvertsFormat(@ForAll("headers") FrameHeader header, @ForAll("payloads") byte[] payload) {
    Frame frame = frame(header, payload);
    String line = FrameNotation.format(frame);
    assertEquals(frame, FrameNotation.parse(line), line);
    assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), line);
  }

  @Property(tries = 200)
  void writableCborPayloadsPrintAsLiterals(@ForAll("headers") FrameHeader header, @ForAll("writableCbor") byte[] payload) {
    FrameType type = header.type();
    int typeCode = type == null || type == FrameType.COMMAND_DATA ? FrameType.COMMAND_RESPONSE.code() : type.code();
    Frame f = frame(
        new FrameHeader(0, header.requestId(), header.streamId(), header.streamFlags() & ~StreamFlags.ENCODED, typeCode, header.flags()),
        payload);
    String line = FrameNotation.format(f);
    assertTrue(line.contains(" cbor:"), line);
    assertEquals(f, FrameNotation.parse(line));
  }

  @Provide
  Arbitrary<byte[]> writableCbor() {
    return CborTestValues.writableCandidates().filter(PythonLiteral::isWritable).map(CborEncoder::encode);
  }
}
