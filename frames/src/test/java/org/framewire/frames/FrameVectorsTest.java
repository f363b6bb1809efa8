package org.framewire.frames;

import org.framewire.spec.ProtocolException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code frame-encoding} vectors recorded from Mercurial ({@code frames.json}): decoding each
 * {@code hex} gives the recorded header and payload, and encoding them gives {@code hex} back.
 */
class FrameVectorsTest {
  static final List<JsonNode> CASES = TaggedJson.cases("frames.json", "frame-encoding");

  @Test
  void allCasesArePresent() {
    assertEquals(30, CASES.size());
  }

  @TestFactory
  Stream<DynamicTest> everyCaseDecodesAndEncodes() {
    return CASES.stream().map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
  }

  static void check(JsonNode c) throws ProtocolException {
    JsonNode h = c.get("header");
    FrameHeader header = new FrameHeader(h.get("length").asInt(), h.get("requestId").asInt(),
        h.get("streamId").asInt(), h.get("streamFlags").asInt(), h.get("type").asInt(), h.get("flags").asInt());
    byte[] payload = payload(c);
    byte[] headerBytes = TaggedJson.hex(c.get("hex").asText().substring(0, 2 * FrameHeader.SIZE));
    byte[] wire = new byte[FrameHeader.SIZE + payload.length];
    System.arraycopy(headerBytes, 0, wire, 0, FrameHeader.SIZE);
    System.arraycopy(payload, 0, wire, FrameHeader.SIZE, payload.length);
    if (!c.has("payloadLength")) {
      assertArrayEquals(TaggedJson.hex(c.get("hex").asText()), wire, "hex is header + payloadHex");
    }

    // Decoding, with validation off so that the cases with reserved types show as recorded.
    FrameDecoder.Options raw = new FrameDecoder.Options(FrameHeader.MAX_PAYLOAD_LENGTH, false);
    List<Frame> frames = FrameDecoder.decodeAll(ByteBuffer.wrap(wire), raw);
    assertEquals(1, frames.size());
    assertEquals(header, frames.get(0).header());
    assertArrayEquals(payload, frames.get(0).payloadBytes());

    // Encoding the header and payload gives the recorded bytes.
    Frame frame = new Frame(header, ByteBuffer.wrap(payload));
    ByteBuffer dst = ByteBuffer.allocate(FrameEncoder.encodedSize(frame));
    FrameEncoder.encode(frame, dst);
    assertArrayEquals(wire, dst.array());

    // With validation on, a case is accepted exactly when its header is valid.
    FrameDecoder.Options strict = FrameDecoder.Options.DEFAULTS.withMaxFrameSize(FrameHeader.MAX_PAYLOAD_LENGTH);
    Requirement expected = expectedViolation(header);
    if (expected == null) {
      assertEquals(frames, FrameDecoder.decodeAll(ByteBuffer.wrap(wire), strict));
    } else {
      ProtocolException e = assertThrows(ProtocolException.class,
          () -> FrameDecoder.decodeAll(ByteBuffer.wrap(wire), strict));
      assertEquals(expected, e.requirement());
    }
  }

  static byte[] payload(JsonNode c) {
    if (!c.has("payloadLength")) {
      return TaggedJson.hex(c.get("payloadHex").asText());
    }
    byte[] unit = TaggedJson.hex(c.get("payloadRepeatHex").asText());
    byte[] p = new byte[c.get("payloadLength").asInt()];
    for (int i = 0; i < p.length; i++) {
      p[i] = unit[i % unit.length];
    }
    return p;
  }

  /** The independent statement of FRAME-3, FRAME-5, FRAME-4 (in the decoder's order). */
  static Requirement expectedViolation(FrameHeader h) {
    FrameType type = FrameType.fromCode(h.typeCode());
    if (type == null) {
      return Requirement.FRAME_TYPE_KNOWN;
    }
    if (h.streamFlags() > 7) {
      return Requirement.FRAME_STREAM_FLAGS_DEFINED;
    }
    if ((h.flags() | type.definedFlags()) != type.definedFlags()) {
      return Requirement.FRAME_FLAGS_DEFINED;
    }
    return null;
  }

  @Test
  void someCasesAreRejectedUnderValidation() {
    long rejected = CASES.stream().filter(c -> {
      JsonNode h = c.get("header");
      return FrameType.fromCode(h.get("type").asInt()) == null;
    }).count();
    assertEquals(2, rejected, "frame-24 (type 15) and frame-25 (type 0)");
  }
}
