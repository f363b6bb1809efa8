// Over 600 lines on purpose: one recursive-descent grammar (Python 3 literals: numbers with their
// four bases and underscores, str and bytes literals with every escape, containers), whose rules
// call each other; the lexical rules are the bulk and belong next to the grammar that uses them.
package org.framewire.frames;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.framewire.cbor.CborValue;

/**
 * Recursive-descent parser behind {@link PythonLiteral#parse(String)}; follows the lexical rules
 * of Python 3 string and number literals. Nesting is bounded by {@link PythonLiteral#MAX_NESTING},
 * so recursion stays shallow.
 */
final class PythonLiteralParser {
  private static final BigInteger CBOR_MIN = BigInteger.ONE.shiftLeft(64).negate();
  private static final BigInteger CBOR_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private static final Pattern DECIMAL = Pattern.compile("[1-9](_?[0-9])*|0(_?0)*");
  private static final Pattern HEX = Pattern.compile("0[xX](_?[0-9a-fA-F])+");
  private static final Pattern OCTAL = Pattern.compile("0[oO](_?[0-7])+");
  private static final Pattern BINARY = Pattern.compile("0[bB](_?[01])+");
  private static final String DIGITS = "[0-9](_?[0-9])*";
  private static final Pattern FLOAT =
      Pattern.compile(
          "(" + DIGITS + ")?\\.(" + DIGITS + ")?([eE][+-]?" + DIGITS + ")?|" + DIGITS + "[eE][+-]?" + DIGITS);

  private final String in;
  private int pos;
  private int nesting;

  PythonLiteralParser(String in) {
    this.in = in;
  }

  CborValue parseAll() {
    CborValue v = value();
    skipSpace();
    if (pos < in.length()) {
      throw error("unexpected '" + in.charAt(pos) + "' after the value");
    }
    return v;
  }

  private CborValue value() {
    skipSpace();
    if (pos >= in.length()) {
      throw error("a value is missing");
    }
    char c = in.charAt(pos);
    if (c == '[') {
      return list();
    } else if (c == '(') {
      return tupleOrGroup();
    } else if (c == '{') {
      return dictOrSet();
    } else if (c == '-' || c == '+') {
      pos++;
      skipSpace();
      if (pos >= in.length() || !startsNumber(in.charAt(pos))) {
        throw error("'" + c + "' must be followed by a number");
      }
      return number(c == '-');
    } else if (startsNumber(c)) {
      return number(false);
    } else if (startsString()) {
      return strings();
    } else if (Character.isLetter(c) || c == '_') {
      return name();
    }
    throw error("unexpected '" + c + "'");
  }

  // ---- containers ----

  private CborValue list() {
    enter();
    List<CborValue> items = items(']');
    leave();
    return new CborValue.Array(items);
  }

  private CborValue tupleOrGroup() {
    enter();
    pos++;
    skipSpace();
    if (peek(')')) {
      pos++;
      leave();
      return new CborValue.Array(List.of());
    }
    CborValue first = value();
    skipSpace();
    if (peek(')')) {
      pos++;
      leave();
      return first;
    }
    List<CborValue> items = new ArrayList<>();
    items.add(first);
    items.addAll(rest(')'));
    leave();
    return new CborValue.Array(items);
  }

  /** Items from an opening bracket at {@code pos} to {@code close}, trailing comma allowed. */
  private List<CborValue> items(char close) {
    pos++;
    skipSpace();
    if (peek(close)) {
      pos++;
      return new ArrayList<>();
    }
    List<CborValue> items = new ArrayList<>();
    items.add(value());
    items.addAll(rest(close));
    return items;
  }

  /** After an item: {@code (, item)* ,? close}. */
  private List<CborValue> rest(char close) {
    List<CborValue> items = new ArrayList<>();
    while (true) {
      skipSpace();
      if (peek(close)) {
        pos++;
        return items;
      }
      expect(',');
      skipSpace();
      if (peek(close)) {
        pos++;
        return items;
      }
      items.add(value());
    }
  }

  private CborValue dictOrSet() {
    enter();
    pos++;
    skipSpace();
    if (peek('}')) {
      pos++;
      leave();
      return new CborValue.MapValue(List.of());
    }
    CborValue first = value();
    skipSpace();
    CborValue result;
    if (peek(':')) {
      Map<Object, Integer> index = new LinkedHashMap<>();
      List<CborValue.Entry> entries = new ArrayList<>();
      CborValue key = first;
      while (true) {
        expect(':');
        putEntry(index, entries, key, value());
        skipSpace();
        if (peek('}')) {
          pos++;
          break;
        }
        expect(',');
        skipSpace();
        if (peek('}')) {
          pos++;
          break;
        }
        key = value();
        skipSpace();
      }
      result = new CborValue.MapValue(entries);
    } else {
      List<CborValue> items = new ArrayList<>();
      items.add(first);
      items.addAll(rest('}'));
      result = set(items);
    }
    leave();
    return result;
  }

  /** A repeated key keeps its first position and takes the new value, as in a Python dict. */
  private static void putEntry(
      Map<Object, Integer> index, List<CborValue.Entry> entries, CborValue key, CborValue value) {
    Integer at = index.putIfAbsent(PythonLiteral.pythonKey(key), entries.size());
    if (at == null) {
      entries.add(new CborValue.Entry(key, value));
    } else {
      entries.set(at, new CborValue.Entry(entries.get(at).key(), value));
    }
  }

  /** A set of {@code items}, the first of equal items kept, as in a Python set. */
  private static CborValue.SetValue set(List<CborValue> items) {
    Map<Object, CborValue> distinct = new LinkedHashMap<>();
    for (CborValue item : items) {
      distinct.putIfAbsent(PythonLiteral.pythonKey(item), item);
    }
    return new CborValue.SetValue(new ArrayList<>(distinct.values()));
  }

  private CborValue name() {
    int start = pos;
    while (pos < in.length() && (Character.isLetterOrDigit(in.charAt(pos)) || in.charAt(pos) == '_')) {
      pos++;
    }
    String name = in.substring(start, pos);
    switch (name) {
      case "True":
        return CborValue.TRUE;
      case "False":
        return CborValue.FALSE;
      case "None":
        return CborValue.NULL;
      case "set":
        return setCall();
      default:
        pos = start;
        throw error("unknown name '" + name + "'; expected True, False, None or set(...)");
    }
  }

  /** {@code set()}, {@code set([...])}, {@code set((...))} or {@code set({...})}. */
  private CborValue setCall() {
    skipSpace();
    expect('(');
    skipSpace();
    if (peek(')')) {
      pos++;
      return new CborValue.SetValue(List.of());
    }
    char c = pos < in.length() ? in.charAt(pos) : 0;
    if (c != '[' && c != '(' && c != '{') {
      throw error("set(...) takes a list, a tuple or a set");
    }
    CborValue arg = value();
    skipSpace();
    expect(')');
    if (arg instanceof CborValue.Array a) {
      return set(a.items());
    } else if (arg instanceof CborValue.SetValue s) {
      return s;
    } else if (arg instanceof CborValue.MapValue m && m.size() == 0) {
      return new CborValue.SetValue(List.of());
    }
    throw error("set(...) takes a list, a tuple or a set");
  }

  // ---- numbers ----

  private static boolean startsNumber(char c) {
    return (c >= '0' && c <= '9') || c == '.';
  }

  /** A number literal, negated when {@code negative}. */
  private CborValue number(boolean negative) {
    int start = pos;
    boolean radix =
        in.startsWith("0x", pos) || in.startsWith("0X", pos) || in.startsWith("0o", pos)
            || in.startsWith("0O", pos) || in.startsWith("0b", pos) || in.startsWith("0B", pos);
    if (radix) {
      pos += 2;
      while (pos < in.length() && (isHexDigit(in.charAt(pos)) || in.charAt(pos) == '_')) {
        pos++;
      }
    } else {
      skipDigits();
      if (peek('.')) {
        pos++;
        skipDigits();
      }
      if (peek('e') || peek('E')) {
        int save = pos;
        pos++;
        if (peek('+') || peek('-')) {
          pos++;
        }
        if (pos < in.length() && Character.isDigit(in.charAt(pos))) {
          skipDigits();
        } else {
          pos = save + 1;
        }
      }
    }
    if (pos < in.length() && (Character.isLetterOrDigit(in.charAt(pos)) || in.charAt(pos) == '_')) {
      char bad = in.charAt(pos);
      pos = start;
      throw error(bad == 'j' || bad == 'J' ? "complex numbers have no CBOR form" : "invalid number literal");
    }
    String token = in.substring(start, pos);
    String digits = token.replace("_", "");
    try {
      if (HEX.matcher(token).matches()) {
        return integer(new BigInteger(digits.substring(2), 16), negative, start);
      } else if (OCTAL.matcher(token).matches()) {
        return integer(new BigInteger(digits.substring(2), 8), negative, start);
      } else if (BINARY.matcher(token).matches()) {
        return integer(new BigInteger(digits.substring(2), 2), negative, start);
      } else if (DECIMAL.matcher(token).matches()) {
        return integer(new BigInteger(digits), negative, start);
      } else if (FLOAT.matcher(token).matches() && !token.equals(".")) {
        double d = Double.parseDouble(digits);
        return new CborValue.FloatValue(negative ? -d : d);
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    pos = start;
    throw error("invalid number literal '" + token + "'");
  }

  private void skipDigits() {
    while (pos < in.length() && (Character.isDigit(in.charAt(pos)) || in.charAt(pos) == '_')) {
      pos++;
    }
  }

  private static boolean isHexDigit(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private CborValue integer(BigInteger magnitude, boolean negative, int start) {
    BigInteger v = negative ? magnitude.negate() : magnitude;
    if (v.compareTo(CBOR_MIN) < 0 || v.compareTo(CBOR_MAX) > 0) {
      pos = start;
      throw error("integer " + v + " is beyond CBOR's range of -2^64 to 2^64-1");
    }
    return CborValue.Int.of(v);
  }

  // ---- strings ----

  /** A string literal starts here: optional prefix letters then a quote. */
  private boolean startsString() {
    int p = pos;
    while (p < in.length() && p - pos < 2 && "bBrRuU".indexOf(in.charAt(p)) >= 0) {
      p++;
    }
    return p < in.length() && (in.charAt(p) == '\'' || in.charAt(p) == '"');
  }

  /** One string literal or several adjacent ones, concatenated. */
  private CborValue strings() {
    Boolean bytes = null;
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    StringBuilder t = new StringBuilder();
    do {
      int start = pos;
      String prefix = prefix();
      boolean isBytes = prefix.indexOf('b') >= 0;
      if (bytes != null && bytes != isBytes) {
        pos = start;
        throw error("cannot mix bytes and text literals");
      }
      bytes = isBytes;
      boolean raw = prefix.indexOf('r') >= 0;
      int[] body = body();
      if (isBytes) {
        for (int i = body[0]; i < body[1]; i++) {
          if (in.charAt(i) >= 0x80) {
            pos = i;
            throw error("bytes literals can only hold ASCII characters");
          }
        }
        b.writeBytes(raw ? in.substring(body[0], body[1]).getBytes(StandardCharsets.ISO_8859_1)
            : unescapeBytes(in, body[0], body[1], true));
      } else {
        t.append(raw ? in.substring(body[0], body[1]) : unescapeText(body[0], body[1]));
      }
      skipSpace();
    } while (pos < in.length() && startsString());
    if (bytes) {
      return new CborValue.Bytes(b.toByteArray());
    }
    String text = t.toString();
    if (PythonLiteral.hasLoneSurrogate(text)) {
      throw error("text holds a lone surrogate, which UTF-8 cannot encode");
    }
    return new CborValue.Text(text);
  }

  /** Reads the prefix letters, lower-cased; rejects combinations Python 3 rejects. */
  private String prefix() {
    int start = pos;
    while ("bBrRuU".indexOf(in.charAt(pos)) >= 0) {
      pos++;
    }
    String p = in.substring(start, pos).toLowerCase(java.util.Locale.ROOT);
    if (!(p.isEmpty() || p.equals("b") || p.equals("r") || p.equals("u") || p.equals("br") || p.equals("rb"))) {
      pos = start;
      throw error("invalid string prefix '" + in.substring(start, start + p.length()) + "'");
    }
    return p;
  }

  /** Reads a quoted body; returns its start and end (exclusive) and moves past the closing quote. */
  private int[] body() {
    char quote = in.charAt(pos);
    boolean triple = in.startsWith(String.valueOf(quote).repeat(3), pos);
    int start = pos + (triple ? 3 : 1);
    int p = start;
    while (p < in.length()) {
      char c = in.charAt(p);
      if (c == '\\') {
        p += 2;
      } else if (c == quote && (!triple || in.startsWith(String.valueOf(quote).repeat(3), p))) {
        pos = p + (triple ? 3 : 1);
        return new int[] {start, p};
      } else if ((c == '\n' || c == '\r') && !triple) {
        break;
      } else {
        p++;
      }
    }
    throw error("unterminated string literal");
  }

  /**
   * Python's escape decoding for bytes ({@code codecs.escape_decode}); {@code literal} marks a
   * bytes literal, where the body was already checked to be ASCII.
   */
  static byte[] unescapeBytes(String s, int from, int to, boolean literal) {
    ByteSink out = new ByteSink(to - from);
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c < 0x80 && c != '\\') {
        out.write(c);
        i++;
        continue;
      }
      if (c != '\\') {
        int cp = s.codePointAt(i);
        out.write(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
        continue;
      }
      if (i + 1 >= to) {
        throw new IllegalArgumentException("trailing \\ in " + describe(s, from, to, literal));
      }
      char e = s.charAt(i + 1);
      i += 2;
      int simple = simpleEscape(e);
      if (simple >= 0) {
        out.write(simple);
      } else if (e == '\n') {
        // line continuation: nothing
      } else if (e >= '0' && e <= '7') {
        int v = e - '0';
        for (int k = 0; k < 2 && i < to && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
          v = v * 8 + (s.charAt(i++) - '0');
        }
        out.write(v & 0xff);
      } else if (e == 'x') {
        int hi = i < to ? Character.digit(s.charAt(i), 16) : -1;
        int lo = i + 1 < to ? Character.digit(s.charAt(i + 1), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException(
              "invalid \\x escape at position " + (i - 2 - from) + " of " + describe(s, from, to, literal));
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        out.write('\\');
        i--;
      }
    }
    return out.toByteArray();
  }

  /** An unsynchronized growable byte buffer. */
  private static final class ByteSink {
    private byte[] buf;
    private int size;

    ByteSink(int capacity) {
      buf = new byte[Math.max(16, capacity)];
    }

    void write(int b) {
      if (size == buf.length) {
        buf = java.util.Arrays.copyOf(buf, buf.length * 2);
      }
      buf[size++] = (byte) b;
    }

    void write(byte[] bytes) {
      for (byte b : bytes) {
        write(b);
      }
    }

    byte[] toByteArray() {
      return java.util.Arrays.copyOf(buf, size);
    }
  }

  private static String describe(String s, int from, int to, boolean literal) {
    return (literal ? "bytes literal '" : "'") + s.substring(from, to) + "'";
  }

  private static int simpleEscape(char e) {
    switch (e) {
      case '\\':
        return '\\';
      case '\'':
        return '\'';
      case '"':
        return '"';
      case 'a':
        return 7;
      case 'b':
        return 8;
      case 'f':
        return 12;
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'v':
        return 11;
      default:
        return -1;
    }
  }

  private String unescapeText(int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    int i = from;
    while (i < to) {
      char c = in.charAt(i);
      if (c != '\\') {
        out.append(c);
        i++;
        continue;
      }
      char e = in.charAt(i + 1); // the body scan guarantees a character after a backslash
      int escapeStart = i;
      i += 2;
      int simple = simpleEscape(e);
      if (simple >= 0) {
        out.append((char) simple);
      } else if (e == '\n') {
        // line continuation: nothing
      } else if (e >= '0' && e <= '7') {
        int v = e - '0';
        for (int k = 0; k < 2 && i < to && in.charAt(i) >= '0' && in.charAt(i) <= '7'; k++) {
          v = v * 8 + (in.charAt(i++) - '0');
        }
        out.append((char) v);
      } else if (e == 'x' || e == 'u' || e == 'U') {
        int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        int cp = hexEscape(i, to, n, escapeStart);
        if (cp > Character.MAX_CODE_POINT) {
          pos = escapeStart;
          throw error("illegal Unicode character in \\" + e + " escape");
        }
        out.appendCodePoint(cp);
        i += n;
      } else if (e == 'N') {
        int close = in.indexOf('}', i);
        if (i >= to || in.charAt(i) != '{' || close < 0 || close >= to) {
          pos = escapeStart;
          throw error("malformed \\N{...} escape");
        }
        String name = in.substring(i + 1, close);
        int cp;
        try {
          cp = Character.codePointOf(name);
        } catch (IllegalArgumentException ex) {
          pos = escapeStart;
          throw error("unknown Unicode character name '" + name + "'");
        }
        out.appendCodePoint(cp);
        i = close + 1;
      } else {
        out.append('\\');
        i--;
      }
    }
    return out.toString();
  }

  private int hexEscape(int at, int to, int digits, int escapeStart) {
    if (at + digits > to) {
      pos = escapeStart;
      throw error("truncated \\" + in.charAt(escapeStart + 1) + " escape");
    }
    long v = 0;
    for (int k = 0; k < digits; k++) {
      int d = Character.digit(in.charAt(at + k), 16);
      if (d < 0) {
        pos = escapeStart;
        throw error("truncated \\" + in.charAt(escapeStart + 1) + " escape");
      }
      v = v * 16 + d;
    }
    return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
  }

  // ---- lexical helpers ----

  private void enter() {
    if (++nesting > PythonLiteral.MAX_NESTING) {
      throw error("nesting deeper than " + PythonLiteral.MAX_NESTING + " levels");
    }
  }

  private void leave() {
    nesting--;
  }

  private void skipSpace() {
    while (pos < in.length() && " \t\n\r\f".indexOf(in.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private boolean peek(char c) {
    return pos < in.length() && in.charAt(pos) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error(pos < in.length() ? "expected '" + c + "' but found '" + in.charAt(pos) + "'" : "expected '" + c + "' but the input ended");
    }
    pos++;
  }

  private IllegalArgumentException error(String message) {
    String shown = in.length() <= 200 ? in : in.substring(0, 197) + "...";
    return new IllegalArgumentException(message + " at offset " + pos + " of Python literal: " + shown);
  }
}
