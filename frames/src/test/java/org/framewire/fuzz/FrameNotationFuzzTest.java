package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameEncoder;
import org.framewire.frames.FrameNotation;

/**
 * Jazzer target for {@link FrameNotation#parse} (SPEC §3.4 notation): any string (the input bytes as UTF-8) either parses or
 * is rejected with the documented {@link IllegalArgumentException}; a parsed frame formats to a
 * line that parses back to the same wire bytes.
 */
class FrameNotationFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void parse(byte[] bytes) {
    String line = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    Frame frame;
    try {
      frame = FrameNotation.parse(line);
    } catch (IllegalArgumentException documented) {
      return;
    }
    String formatted = FrameNotation.format(frame);
    Frame again = FrameNotation.parse(formatted);
    assertEquals(
        java.util.HexFormat.of().formatHex(FrameEncoder.encode(frame)),
        java.util.HexFormat.of().formatHex(FrameEncoder.encode(again)),
        "format/parse round trip changed the frame: " + formatted);
  }
}
