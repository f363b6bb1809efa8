package org.framewire.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.spec.ProtocolException;

/**
 * Kind {@code frame-decoding}: the byte stream {@code hex} fed to a frame decoder with {@code
 * maxFrameSize} (default 65535) gives {@code expect.frames}, or fails with the protocol error
 * {@code expect.error} (a requirement id) — whole and in every split of {@link Splits} (SPEC.md
 * §2.4, §2.5).
 */
final class FrameDecodingKind implements VectorKind {
  @Override
  public String kind() {
    return "frame-decoding";
  }

  @Override
  public String check(JsonNode c) throws Exception {
    byte[] input = Hex.parse(c.get("hex"));
    int max = c.path("maxFrameSize").asInt(FrameDecoder.DEFAULT_MAX_FRAME_SIZE);
    JsonNode expect = c.get("expect");
    for (int size : Splits.CHUNK_SIZES) {
      String outcome = decode(input, max, size);
      List<String> frames = expect.has("frames") ? hexList(expect.get("frames")) : List.of();
      String wanted = "frames " + frames + (expect.has("error") ? " then error " + expect.get("error").asText() : "");
      if (!outcome.equals(wanted)) {
        return "fed " + Splits.describe(size) + ": got " + outcome + ", expected " + wanted;
      }
    }
    return null;
  }

  private static String decode(byte[] input, int max, int chunk) {
    FrameDecoder decoder = new FrameDecoder(FrameDecoder.Options.DEFAULTS.withMaxFrameSize(max));
    List<String> frames = new ArrayList<>();
    try {
      for (ByteBuffer piece : Splits.cut(input, chunk)) {
        decoder.feed(piece);
        for (Frame f; (f = decoder.next()) != null; ) {
          frames.add(Hex.format(f.toBytes()));
        }
      }
      decoder.endOfInput();
    } catch (ProtocolException e) {
      return "frames " + frames + " then error " + e.requirement().id();
    }
    return "frames " + frames;
  }

  private static List<String> hexList(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText().toLowerCase()));
    return out;
  }
}
