package org.framewire.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameEncoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameNotation;

/**
 * Kind {@code frame-encoding}: the notation in {@code human} encodes to {@code hex}; decoding the
 * bytes gives {@code header} and the payload; encoding header and payload gives the bytes (SPEC.md
 * §2.1). Cases with {@code payloadLength} hold only the header in {@code hex}; their payload is
 * {@code payloadRepeatHex} repeated.
 */
final class FrameEncodingKind implements VectorKind {
  @Override
  public String kind() {
    return "frame-encoding";
  }

  @Override
  public String check(JsonNode c) throws Exception {
    JsonNode h = c.get("header");
    FrameHeader header = new FrameHeader(
        h.get("length").asInt(), h.get("requestId").asInt(), h.get("streamId").asInt(),
        h.get("streamFlags").asInt(), h.get("type").asInt(), h.get("flags").asInt());
    byte[] payload = c.has("payloadLength")
        ? Hex.repeat(c.get("payloadRepeatHex").asText(), c.get("payloadLength").asInt())
        : Hex.parse(c.get("payloadHex"));
    byte[] expected = c.has("payloadLength")
        ? concat(Hex.parse(c.get("hex")), payload)
        : Hex.parse(c.get("hex"));
    Frame frame = new Frame(header, ByteBuffer.wrap(payload));

    byte[] encoded = FrameEncoder.encode(frame);
    if (!Arrays.equals(encoded, expected)) {
      return "encoded " + Hex.brief(encoded) + ", expected " + Hex.brief(expected);
    }
    // The header codec is checked here, not frame validity: reserved types and flag bits decode as is.
    List<Frame> decoded = FrameDecoder.decodeAll(ByteBuffer.wrap(expected), new FrameDecoder.Options(
        Math.max(FrameDecoder.DEFAULT_MAX_FRAME_SIZE, header.payloadLength()), false));
    if (decoded.size() != 1 || !decoded.get(0).equals(frame)) {
      return "decoded " + decoded + ", expected " + frame;
    }
    if (c.has("human") && !c.has("payloadLength")) {
      Frame parsed = FrameNotation.parse(c.get("human").asText());
      if (!parsed.equals(frame)) {
        return "notation parsed to " + FrameNotation.format(parsed) + ", expected " + Hex.brief(expected);
      }
    }
    return null;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
