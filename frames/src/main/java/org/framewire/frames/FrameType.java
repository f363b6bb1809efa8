package org.framewire.frames;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The frame types of SPEC.md §2.2, each with its 4-bit wire code, its canonical name (as the frame
 * notation and Mercurial spell it) and the names of the frame flags it defines.
 *
 * <p>Codes 0, 4 and 10 to 15 are reserved: {@link #fromCode(int)} returns {@code null} for them and a
 * receiver treats them as a violation of {@code FRAME-3}.
 */
public enum FrameType {
  COMMAND_REQUEST(0x1, "command-request", flags("new", 0x1, "continuation", 0x2, "more", 0x4, "have-data", 0x8)),
  COMMAND_DATA(0x2, "command-data", flags("continuation", 0x1, "eos", 0x2)),
  COMMAND_RESPONSE(0x3, "command-response", flags("continuation", 0x1, "eos", 0x2)),
  ERROR_RESPONSE(0x5, "error-response", flags()),
  TEXT_OUTPUT(0x6, "text-output", flags()),
  PROGRESS(0x7, "progress", flags()),
  SENDER_PROTOCOL_SETTINGS(0x8, "sender-protocol-settings", flags("continuation", 0x1, "eos", 0x2)),
  STREAM_SETTINGS(0x9, "stream-settings", flags("continuation", 0x1, "eos", 0x2));

  // Frame flag bits, named as in SPEC.md §2.3. They share values across types.
  /** command-request: first frame of a request. */
  public static final int FLAG_NEW = 0x1;
  /** command-request: a later frame of a request. */
  public static final int FLAG_REQUEST_CONTINUATION = 0x2;
  /** command-request: more command-request frames follow. */
  public static final int FLAG_MORE = 0x4;
  /** command-request: command-data frames follow. */
  public static final int FLAG_HAVE_DATA = 0x8;
  /** command-data, command-response and the settings types: more frames of this kind follow. */
  public static final int FLAG_CONTINUATION = 0x1;
  /** command-data, command-response and the settings types: last frame of its kind. */
  public static final int FLAG_EOS = 0x2;

  private static final FrameType[] BY_CODE = new FrameType[16];
  private static final Map<String, FrameType> BY_NAME = new LinkedHashMap<>();

  static {
    for (FrameType t : values()) {
      BY_CODE[t.code] = t;
      BY_NAME.put(t.canonicalName, t);
    }
  }

  private final int code;
  private final String canonicalName;
  private final Map<String, Integer> flagNames;
  private final int definedFlags;

  FrameType(int code, String canonicalName, Map<String, Integer> flagNames) {
    this.code = code;
    this.canonicalName = canonicalName;
    this.flagNames = flagNames;
    int mask = 0;
    for (int bit : flagNames.values()) {
      mask |= bit;
    }
    this.definedFlags = mask;
  }

  /** The 4-bit wire code. */
  public int code() {
    return code;
  }

  /** The canonical name, e.g. {@code command-request}. */
  public String canonicalName() {
    return canonicalName;
  }

  /** Flag names defined for this type, in bit order, mapped to their bit. */
  public Map<String, Integer> flagNames() {
    return flagNames;
  }

  /** The bits of the 4-bit flags field this type defines; any other bit violates {@code FRAME-4}. */
  public int definedFlags() {
    return definedFlags;
  }

  /** The type with this wire code, or {@code null} when the code is reserved. */
  public static FrameType fromCode(int code) {
    return code >= 0 && code < 16 ? BY_CODE[code] : null;
  }

  /** The type with this canonical name, or {@code null}. */
  public static FrameType fromName(String name) {
    return BY_NAME.get(name);
  }

  @Override
  public String toString() {
    return canonicalName;
  }

  private static Map<String, Integer> flags(Object... nameBitPairs) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < nameBitPairs.length; i += 2) {
      m.put((String) nameBitPairs[i], (Integer) nameBitPairs[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }
}
