package org.framewire.frames;

import org.framewire.spec.ProtocolException;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;

/**
 * The human frame notation: one frame per line, as Mercurial's {@code
 * wireprotoframing.makeframefromhumanstring} reads it, and its exact inverse (SPEC.md §2,
 * Appendix A). Tests, vectors and conformance tooling write frames this way:
 *
 * <pre>
 * &lt;request-id&gt; &lt;stream-id&gt; &lt;stream-flags&gt; &lt;type&gt; &lt;flags&gt; &lt;payload&gt;
 * 1 1 stream-begin command-request new cbor:{b'name': b'heads'}
 * 1 2 stream-begin|encoded command-response continuation \x28\xb5\x2f\xfd
 * </pre>
 *
 * <ul>
 *   <li>The line splits on its first five spaces; everything after the fifth is the payload, spaces
 *       included.
 *   <li>Ids are decimal, or hexadecimal after {@code 0x}.
 *   <li>Stream flags, the type and the flags are canonical names ({@link StreamFlags#names()},
 *       {@link FrameType#canonicalName()}, {@link FrameType#flagNames()} of the frame's type) or
 *       numbers, several joined with {@code |}. Numbers allow any bit and any type code, reserved
 *       ones included, so invalid frames can be written on purpose.
 *   <li>A payload starting with {@code cbor:} is one Python literal ({@link PythonLiteral}),
 *       encoded with {@link CborEncoder}. Any other payload is raw bytes with Python escape
 *       sequences ({@link PythonLiteral#unescapeBytes(String)}); characters that are not escapes
 *       stand for their UTF-8 bytes.
 * </ul>
 *
 * <p>Every line Mercurial accepts is accepted here with the same meaning, except that Mercurial
 * reads non-ASCII characters of a {@code cbor:} literal as Latin-1 bytes while this class reads a
 * Java string's characters as they are. Beyond Mercurial, a line may omit the empty payload's
 * trailing space, ids and numbers may be hexadecimal, numeric flags may be given for reserved
 * types, and literals may hold text strings ({@code 'x'}, {@code u'x'}; Mercurial's encoder
 * refuses Python 3 {@code str}), floats and {@code set([...])}.
 *
 * <p>{@link #format(Frame)} prints the canonical line, and {@code parse(format(f)).equals(f)} holds
 * for every frame.
 */
public final class FrameNotation {

  private static final String CBOR_PREFIX = "cbor:";
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,20}");
  private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]{1,16}");

  private FrameNotation() {}

  /**
   * Parses one frame written in the notation.
   *
   * @throws IllegalArgumentException when the line is not valid notation: too few fields, an
   *     unknown name, a value out of its field's range, a bad escape or literal, a payload longer
   *     than 2^24-1 bytes
   */
  public static Frame parse(String line) {
    String[] f = line.split(" ", 6);
    if (f.length < 5) {
      throw new IllegalArgumentException(
          "expected '<request-id> <stream-id> <stream-flags> <type> <flags> <payload>', got: " + abbreviate(line));
    }
    int requestId = number(f[0], "request id", 0xFFFF, line);
    int streamId = number(f[1], "stream id", 0xFF, line);
    int streamFlags = flags(f[2], StreamFlags.names(), "stream flag", 0xFF, line);
    FrameType type = FrameType.fromName(f[3]);
    int typeCode = type != null ? type.code() : typeCode(f[3], line);
    type = FrameType.fromCode(typeCode);
    int flags = flags(f[4], type != null ? type.flagNames() : Map.of(), describeFlags(type), 0xF, line);
    String payloadText = f.length == 6 ? f[5] : "";
    byte[] payload;
    try {
      payload =
          payloadText.startsWith(CBOR_PREFIX)
              ? CborEncoder.encode(PythonLiteral.parse(payloadText.substring(CBOR_PREFIX.length())))
              : PythonLiteral.unescapeBytes(payloadText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad payload: " + e.getMessage() + "; in frame: " + abbreviate(line), e);
    }
    if (payload.length > FrameHeader.MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException(
          "payload of " + payload.length + " bytes exceeds " + FrameHeader.MAX_PAYLOAD_LENGTH + ": " + abbreviate(line));
    }
    FrameHeader header = new FrameHeader(payload.length, requestId, streamId, streamFlags, typeCode, flags);
    return new Frame(header, ByteBuffer.wrap(payload));
  }

  /**
   * The canonical line for {@code frame}: decimal ids; names for defined bits and types, one
   * {@code 0x} number for the remaining bits, {@code 0} when no bit is set, the decimal code of a
   * reserved type. The payload is written {@code cbor:<literal>} when the frame is not encoded, its
   * type carries CBOR (any known type except command-data), and the payload is exactly one CBOR
   * value that the literal writes back byte for byte — one {@link PythonLiteral#isWritable
   * writable} value in deterministic encoding. Otherwise it is written as escaped bytes.
   */
  public static String format(Frame frame) {
    FrameHeader h = frame.header();
    FrameType type = h.type();
    StringBuilder sb = new StringBuilder(32 + 4 * h.payloadLength());
    sb.append(h.requestId()).append(' ').append(h.streamId()).append(' ');
    appendFlags(sb, h.streamFlags(), StreamFlags.names());
    sb.append(' ').append(type != null ? type.canonicalName() : Integer.toString(h.typeCode())).append(' ');
    appendFlags(sb, h.flags(), type != null ? type.flagNames() : Map.of());
    sb.append(' ').append(payload(frame));
    return sb.toString();
  }

  private static String payload(Frame frame) {
    byte[] bytes = frame.payloadBytes();
    FrameType type = frame.type();
    boolean carriesCbor = type != null && type != FrameType.COMMAND_DATA;
    if (bytes.length > 0 && carriesCbor && !frame.header().hasStreamFlag(StreamFlags.ENCODED)) {
      CborValue value = onlyValue(bytes);
      if (value != null && PythonLiteral.isWritable(value) && Arrays.equals(CborEncoder.encode(value), bytes)) {
        return CBOR_PREFIX + PythonLiteral.format(value);
      }
    }
    String raw = PythonLiteral.escapeBytes(bytes);
    // A raw payload that happens to start with "cbor:" must not read back as a literal.
    return raw.startsWith(CBOR_PREFIX) ? "\\x63" + raw.substring(1) : raw;
  }

  /** The single CBOR value {@code bytes} holds, or {@code null}. */
  private static CborValue onlyValue(byte[] bytes) {
    try {
      List<CborValue> values = CborDecoder.decodeAll(bytes);
      return values.size() == 1 ? values.get(0) : null;
    } catch (ProtocolException e) {
      return null;
    }
  }

  private static void appendFlags(StringBuilder sb, int value, Map<String, Integer> names) {
    if (value == 0) {
      sb.append('0');
      return;
    }
    int rest = value;
    String sep = "";
    for (Map.Entry<String, Integer> e : names.entrySet()) {
      int bit = e.getValue();
      if ((rest & bit) == bit) {
        sb.append(sep).append(e.getKey());
        rest &= ~bit;
        sep = "|";
      }
    }
    if (rest != 0) {
      sb.append(sep).append("0x").append(Integer.toHexString(rest));
    }
  }

  private static int flags(String field, Map<String, Integer> names, String what, int max, String line) {
    int value = 0;
    for (String part : field.split("\\|", -1)) {
      Integer bit = names.get(part);
      if (bit != null) {
        value |= bit;
      } else if (DECIMAL.matcher(part).matches() || HEX.matcher(part).matches()) {
        value |= number(part, what, max, line);
      } else {
        throw new IllegalArgumentException(
            "unknown " + what + " '" + part + "'"
                + (names.isEmpty() ? "; only numbers are allowed" : "; known: " + String.join(", ", names.keySet()))
                + "; in frame: " + abbreviate(line));
      }
    }
    return value;
  }

  private static int typeCode(String field, String line) {
    if (!DECIMAL.matcher(field).matches() && !HEX.matcher(field).matches()) {
      throw new IllegalArgumentException(
          "unknown frame type '" + field + "'; known: "
              + String.join(", ", Arrays.stream(FrameType.values()).map(FrameType::canonicalName).toList())
              + "; in frame: " + abbreviate(line));
    }
    return number(field, "frame type", 0xF, line);
  }

  private static String describeFlags(FrameType type) {
    return type != null ? type.canonicalName() + " flag" : "flag of a reserved type";
  }

  private static int number(String field, String what, int max, String line) {
    BigInteger v;
    if (DECIMAL.matcher(field).matches()) {
      v = new BigInteger(field);
    } else if (HEX.matcher(field).matches()) {
      v = new BigInteger(field.substring(2), 16);
    } else {
      throw new IllegalArgumentException("bad " + what + " '" + field + "': expected a decimal or 0x number; in frame: " + line);
    }
    if (v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new IllegalArgumentException(what + " " + field + " exceeds " + max + "; in frame: " + abbreviate(line));
    }
    return v.intValue();
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 77) + "...";
  }
}
