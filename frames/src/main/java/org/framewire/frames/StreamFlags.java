package org.framewire.frames;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The 8-bit stream flags field of the frame header (SPEC.md §3.2). */
public final class StreamFlags {
  /** The frame opens its stream ({@code stream-begin}). */
  public static final int BEGIN = 0x01;
  /** The frame is the last of its stream ({@code stream-end}). */
  public static final int END = 0x02;
  /** The payload went through the stream's content encoder ({@code encoded}). */
  public static final int ENCODED = 0x04;
  /** Every defined bit; the others violate {@code FRAME-5}. */
  public static final int DEFINED = BEGIN | END | ENCODED;

  private static final Map<String, Integer> NAMES;

  static {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("stream-begin", BEGIN);
    m.put("stream-end", END);
    m.put("encoded", ENCODED);
    NAMES = Collections.unmodifiableMap(m);
  }

  private StreamFlags() {}

  /** Canonical names of the stream flags, in bit order, mapped to their bit. */
  public static Map<String, Integer> names() {
    return NAMES;
  }
}
