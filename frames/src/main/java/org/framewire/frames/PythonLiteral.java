package org.framewire.frames;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.framewire.cbor.CborValue;

/**
 * CBOR values written as Python literals, the way Mercurial's frame notation writes payloads
 * ({@code cbor:{b'name': b'heads'}}; SPEC.md §5 and Appendix A).
 *
 * <p>{@link #parse(String)} accepts what Mercurial's {@code stringutil.evalpythonliteral} (Python's
 * {@code ast.literal_eval}) accepts and maps it to CBOR the way Mercurial's {@code
 * cborutil.streamencode} does: {@code b'...'} is a byte string, {@code '...'} and {@code u'...'}
 * are text strings, ints, {@code True}, {@code False}, {@code None}, lists and tuples are arrays,
 * dicts are maps, sets are tag 258 over an array. It also accepts floats, {@code set([...])} and
 * {@code set((...))}, and unhashable dict keys and set items, which Python refuses. Python's rules
 * are kept where they change the value: adjacent string literals concatenate, a repeated dict key
 * keeps its first position and its last value, a repeated set item is dropped, and {@code 1},
 * {@code 1.0} and {@code True} are the same key.
 *
 * <p>{@link #format(CborValue)} prints any value; for the values {@link #isWritable(CborValue)}
 * accepts, {@code parse(format(v))} equals {@code v}. It writes byte strings as {@code b'...'},
 * text as {@code u'...'}, sets as {@code {a, b}} (or {@code set()} when empty), as Python 3 prints
 * them and {@code literal_eval} reads them, and only ever emits ASCII.
 */
public final class PythonLiteral {

  /** The deepest nesting {@link #parse} accepts, as Python's own parser allows. */
  public static final int MAX_NESTING = 200;

  private PythonLiteral() {}

  /**
   * Parses one Python literal into a CBOR value.
   *
   * @throws IllegalArgumentException when {@code literal} is not a Python literal of the accepted
   *     subset or has no CBOR form (a complex number, an int beyond 64 bits, a lone surrogate)
   */
  public static CborValue parse(String literal) {
    return new PythonLiteralParser(literal).parseAll();
  }

  /**
   * {@code value} as a Python literal. Values outside the writable subset print in a readable but
   * not parseable form: {@code undefined}, {@code nan}, {@code inf}, a tag as {@code N(content)}
   * and an indefinite byte string as {@code (_ b'chunk', ...)}, as in CBOR diagnostic notation.
   */
  public static String format(CborValue value) {
    StringBuilder sb = new StringBuilder();
    format(value, sb);
    return sb.toString();
  }

  /**
   * Whether {@code parse(format(value))} gives back {@code value}: it is built only from ints,
   * byte and text strings (without lone surrogates), booleans, null, finite floats, arrays, maps
   * and sets, no map repeats a key and no set an item (in Python's sense of equality), and it
   * nests at most {@link #MAX_NESTING} levels.
   */
  public static boolean isWritable(CborValue value) {
    return isWritable(value, 0);
  }

  /**
   * {@code bytes} escaped as in the body of a Python bytes literal without its quotes: printable
   * ASCII as is, backslash as {@code \\}, {@code \n}, {@code \r}, {@code \t}, anything else as
   * {@code \xNN}. {@link #unescapeBytes(String)} reverses it.
   */
  public static String escapeBytes(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length + 8);
    appendEscapedBytes(bytes, sb, (char) 0);
    return sb.toString();
  }

  /**
   * Decodes Python escape sequences like Python's {@code codecs.escape_decode}, which Mercurial's
   * {@code stringutil.unescapestr} uses for raw frame payloads: {@code \\ \' \" \a \b \f \n \r \t
   * \v}, octal {@code \ooo}, {@code \xNN}, backslash-newline (dropped); an unknown escape keeps its
   * backslash. Characters that are not escapes stand for their UTF-8 bytes.
   *
   * @throws IllegalArgumentException for a truncated {@code \x} escape or a trailing backslash
   */
  public static byte[] unescapeBytes(String s) {
    return PythonLiteralParser.unescapeBytes(s, 0, s.length(), false);
  }

  // ---- printing ----

  private static void format(CborValue value, StringBuilder sb) {
    if (value instanceof CborValue.Int i) {
      sb.append(i);
    } else if (value instanceof CborValue.Bytes b) {
      sb.append("b'");
      appendEscapedBytes(b.value(), sb, '\'');
      sb.append('\'');
    } else if (value instanceof CborValue.Text t) {
      sb.append("u'");
      appendEscapedText(t.value(), sb);
      sb.append('\'');
    } else if (value instanceof CborValue.Bool b) {
      sb.append(b.value() ? "True" : "False");
    } else if (value instanceof CborValue.Null) {
      sb.append("None");
    } else if (value instanceof CborValue.Array a) {
      sb.append('[');
      appendAll(a.items(), sb);
      sb.append(']');
    } else if (value instanceof CborValue.MapValue m) {
      sb.append('{');
      String sep = "";
      for (CborValue.Entry e : m.entries()) {
        sb.append(sep);
        format(e.key(), sb);
        sb.append(": ");
        format(e.value(), sb);
        sep = ", ";
      }
      sb.append('}');
    } else if (value instanceof CborValue.SetValue s) {
      if (s.items().isEmpty()) {
        sb.append("set()");
      } else {
        sb.append('{');
        appendAll(s.items(), sb);
        sb.append('}');
      }
    } else if (value instanceof CborValue.FloatValue f) {
      double d = f.value();
      if (Double.isNaN(d)) {
        sb.append("nan");
      } else if (Double.isInfinite(d)) {
        sb.append(d > 0 ? "inf" : "-inf");
      } else {
        sb.append(d);
      }
    } else if (value instanceof CborValue.Undefined) {
      sb.append("undefined");
    } else if (value instanceof CborValue.IndefiniteBytes ib) {
      sb.append("(_ ");
      String sep = "";
      for (byte[] chunk : ib.chunks()) {
        sb.append(sep).append("b'");
        appendEscapedBytes(chunk, sb, '\'');
        sb.append('\'');
        sep = ", ";
      }
      sb.append(')');
    } else if (value instanceof CborValue.Tagged t) {
      sb.append(Long.toUnsignedString(t.tag())).append('(');
      format(t.content(), sb);
      sb.append(')');
    } else {
      throw new IllegalArgumentException("unknown CBOR value " + value);
    }
  }

  private static void appendAll(List<CborValue> items, StringBuilder sb) {
    String sep = "";
    for (CborValue item : items) {
      sb.append(sep);
      format(item, sb);
      sep = ", ";
    }
  }

  /** Escapes bytes; {@code quote} is also escaped unless it is 0. */
  private static void appendEscapedBytes(byte[] bytes, StringBuilder sb, char quote) {
    for (byte x : bytes) {
      int c = x & 0xff;
      if (c == '\\' || (quote != 0 && c == quote)) {
        sb.append('\\').append((char) c);
      } else if (!appendPlainOrControl(c, sb)) {
        appendHex(sb, "\\x", c, 2);
      }
    }
  }

  private static void appendEscapedText(String s, StringBuilder sb) {
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\\' || c == '\'') {
        sb.append('\\').append((char) c);
      } else if (appendPlainOrControl(c, sb)) {
        continue;
      } else if (c < 0x100) {
        appendHex(sb, "\\x", c, 2);
      } else if (c < 0x10000) {
        appendHex(sb, "\\u", c, 4);
      } else {
        appendHex(sb, "\\U", c, 8);
      }
    }
  }

  /** Appends {@code c} as itself (printable ASCII) or as \\n, \\r, \\t; false when it is none of those. */
  private static boolean appendPlainOrControl(int c, StringBuilder sb) {
    switch (c) {
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      default -> {
        if (c < 0x20 || c >= 0x7f) {
          return false;
        }
        sb.append((char) c);
      }
    }
    return true;
  }

  private static void appendHex(StringBuilder sb, String prefix, int value, int digits) {
    sb.append(prefix);
    String hex = Integer.toHexString(value);
    for (int i = hex.length(); i < digits; i++) {
      sb.append('0');
    }
    sb.append(hex);
  }

  // ---- writability and Python equality ----

  private static boolean isWritable(CborValue value, int depth) {
    if (value instanceof CborValue.Int
        || value instanceof CborValue.Bytes
        || value instanceof CborValue.Bool
        || value instanceof CborValue.Null) {
      return true;
    } else if (value instanceof CborValue.Text t) {
      return !hasLoneSurrogate(t.value());
    } else if (value instanceof CborValue.FloatValue f) {
      return Double.isFinite(f.value());
    } else if (depth >= MAX_NESTING) {
      return false;
    } else if (value instanceof CborValue.Array a) {
      for (CborValue item : a.items()) {
        if (!isWritable(item, depth + 1)) {
          return false;
        }
      }
      return true;
    } else if (value instanceof CborValue.MapValue m) {
      Set<Object> keys = new HashSet<>();
      for (CborValue.Entry e : m.entries()) {
        if (!isWritable(e.key(), depth + 1)
            || !isWritable(e.value(), depth + 1)
            || !keys.add(pythonKey(e.key()))) {
          return false;
        }
      }
      return true;
    } else if (value instanceof CborValue.SetValue s) {
      Set<Object> items = new HashSet<>();
      for (CborValue item : s.items()) {
        if (!isWritable(item, depth + 1) || !items.add(pythonKey(item))) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /** Python's {@code None} as a key. */
  private enum NoneKey { NONE }

  /**
   * A Java object whose {@code equals} and {@code hashCode} follow Python's equality of the value
   * {@code v} stands for: booleans, ints and integral floats are equal when numerically equal,
   * bytes never equal text, lists and tuples compare item by item, dicts and sets ignore order.
   */
  static Object pythonKey(CborValue v) {
    if (v instanceof CborValue.Int i) {
      // Ints outside the long range are BigIntegers and never equal a Long.
      return i.fitsLong() ? (Object) i.value() : i.big();
    } else if (v instanceof CborValue.Bool b) {
      return b.value() ? 1L : 0L;
    } else if (v instanceof CborValue.FloatValue f) {
      double d = f.value();
      if (Double.isNaN(d)) {
        return new Object();
      }
      if (Double.isInfinite(d) || d != Math.rint(d)) {
        return d;
      }
      BigInteger integral = new BigDecimal(d).toBigIntegerExact();
      return integral.bitLength() < 64 ? (Object) integral.longValue() : integral;
    } else if (v instanceof CborValue.Bytes b) {
      return ByteBuffer.wrap(b.value());
    } else if (v instanceof CborValue.Text t) {
      return t.value();
    } else if (v instanceof CborValue.Null) {
      return NoneKey.NONE;
    } else if (v instanceof CborValue.Array a) {
      List<Object> keys = new ArrayList<>(a.items().size());
      for (CborValue item : a.items()) {
        keys.add(pythonKey(item));
      }
      return keys;
    } else if (v instanceof CborValue.MapValue m) {
      Map<Object, Object> keys = new HashMap<>();
      for (CborValue.Entry e : m.entries()) {
        keys.put(pythonKey(e.key()), pythonKey(e.value()));
      }
      return keys;
    } else if (v instanceof CborValue.SetValue s) {
      Set<Object> keys = new HashSet<>();
      for (CborValue item : s.items()) {
        keys.add(pythonKey(item));
      }
      return keys;
    }
    return v;
  }
}
