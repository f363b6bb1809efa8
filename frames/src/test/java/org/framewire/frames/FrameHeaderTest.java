package org.framewire.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** FRAME-1: the header layout, including the 24-bit little-endian length at its edges. */
class FrameHeaderTest {
  @Test
  void commandRequestHeaderMatchesMercurial() {
    FrameHeader h = FrameHeader.of(14, 1, 1, StreamFlags.BEGIN, FrameType.COMMAND_REQUEST, FrameType.FLAG_NEW);
    assertArrayEquals(HexFormat.of().parseHex("0e00000100010111"), h.toBytes());
    assertEquals(h, FrameHeader.parse(h.toBytes(), 0));
  }

  @Test
  void lengthEdgesUseAllThreeBytes() {
    for (int len : new int[] {0, 255, 256, 65535, 65536, 0xFFFFFF}) {
      FrameHeader h = FrameHeader.of(len, 0xFFFF, 0xFF, 0xFF, FrameType.PROGRESS, 0xF);
      byte[] b = h.toBytes();
      assertEquals(len & 0xFF, b[0] & 0xFF);
      assertEquals((len >>> 8) & 0xFF, b[1] & 0xFF);
      assertEquals((len >>> 16) & 0xFF, b[2] & 0xFF);
      assertEquals(len, FrameHeader.parse(b, 0).payloadLength());
    }
  }

  @Test
  void fieldsAreRangeChecked() {
    assertThrows(IllegalArgumentException.class, () -> new FrameHeader(1 << 24, 0, 0, 0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new FrameHeader(0, 1 << 16, 0, 0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new FrameHeader(0, 0, 256, 0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new FrameHeader(0, 0, 0, 256, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new FrameHeader(0, 0, 0, 0, 16, 0));
    assertThrows(IllegalArgumentException.class, () -> new FrameHeader(0, 0, 0, 0, 1, 16));
    assertThrows(IllegalArgumentException.class, () -> new FrameHeader(-1, 0, 0, 0, 1, 0));
  }
}
