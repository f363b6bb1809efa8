package org.framewire.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;

/** Hex helpers for vector fields. */
final class Hex {
  private static final HexFormat HEX = HexFormat.of();

  private Hex() {}

  static byte[] parse(JsonNode node) {
    return HEX.parseHex(node.asText());
  }

  static String format(byte[] b) {
    return HEX.formatHex(b);
  }

  /** {@code payloadRepeatHex} repeated and cut to {@code length} bytes. */
  static byte[] repeat(String repeatHex, int length) {
    byte[] unit = HEX.parseHex(repeatHex);
    if (unit.length == 0 && length > 0) {
      throw new IllegalArgumentException("payloadRepeatHex is empty");
    }
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = unit[i % unit.length];
    }
    return out;
  }

  /** A short form of long hex for failure lines. */
  static String brief(byte[] b) {
    String s = format(b);
    return s.length() <= 80 ? s : s.substring(0, 72) + "...(" + b.length + " bytes)";
  }
}
