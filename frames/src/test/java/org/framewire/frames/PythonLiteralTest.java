package org.framewire.frames;

import org.framewire.spec.ProtocolException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Python-literal notation of CBOR payloads (SPEC.md §5, Appendix A): parsing agrees with
 * Mercurial, printing reads back.
 */
class PythonLiteralTest {

  /**
   * Literals and the bytes Mercurial 6.3.2 makes of them, {@code
   * cborutil.streamencode(stringutil.evalpythonliteral(literal))}, recorded with python3.
   */
  static Stream<Arguments> mercurialEncodings() {
    return Stream.of(
        Arguments.of("0", "00"),
        Arguments.of("-1", "20"),
        Arguments.of("- 1", "20"),
        Arguments.of("+7", "07"),
        Arguments.of("23", "17"),
        Arguments.of("24", "1818"),
        Arguments.of("-25", "3818"),
        Arguments.of("0x_ff", "18ff"),
        Arguments.of("0o17", "0f"),
        Arguments.of("0B101", "05"),
        Arguments.of("1_000_000", "1a000f4240"),
        Arguments.of("00", "00"),
        Arguments.of("18446744073709551615", "1bffffffffffffffff"),
        Arguments.of("-18446744073709551616", "3bffffffffffffffff"),
        Arguments.of("-0", "00"),
        Arguments.of("b''", "40"),
        Arguments.of("b'foo'", "43666f6f"),
        Arguments.of("B'foo'", "43666f6f"),
        Arguments.of("b\"it\\'s\"", "4469742773"),
        Arguments.of("b'\\x00\\xff'", "4200ff"),
        Arguments.of("b'\\n\\r\\t\\\\\\''", "450a0d095c27"),
        Arguments.of("b'\\a\\b\\f\\v'", "4407080c0b"),
        Arguments.of("b'\\0\\07\\101\\777'", "44000741ff"),
        Arguments.of("b'\\q'", "425c71"),
        Arguments.of("b'\\u1234'", "465c7531323334"),
        Arguments.of("rb'\\x00'", "445c783030"),
        Arguments.of("Br'\\n'", "425c6e"),
        Arguments.of("b'a' b'b'", "426162"),
        Arguments.of("b'''tri'ple'''", "4774726927706c65"),
        Arguments.of("b\"\"\"x\"\"\"", "4178"),
        Arguments.of("b'a\\\nb'", "426162"),
        Arguments.of("True", "f5"),
        Arguments.of("False", "f4"),
        Arguments.of("None", "f6"),
        Arguments.of("[]", "80"),
        Arguments.of("[1, 2, 3,]", "83010203"),
        Arguments.of("[ 1 ,[ 2 ] ]", "82018102"),
        Arguments.of("()", "80"),
        Arguments.of("(1,)", "8101"),
        Arguments.of("(1, 2)", "820102"),
        Arguments.of("(1)", "01"),
        Arguments.of("((1))", "01"),
        Arguments.of("{}", "a0"),
        Arguments.of("{b'a': 1}", "a1416101"),
        Arguments.of("{b'b': 1, b'a': 2,}", "a2416102416201"),
        Arguments.of("{b'a': 1, b'a': 2}", "a1416102"),
        Arguments.of("{1: b'x', True: b'y', 1.0: b'z'}", "a101417a"),
        Arguments.of("{1, 2, 3}", "d9010283010203"),
        Arguments.of("{3, 1, 2, 1}", "d9010283010203"),
        Arguments.of("{1, True}", "d901028101"),
        Arguments.of("set()", "d9010280"),
        Arguments.of("{b'name': b'command', b'args': {b'key1': b'key1value'}}", "a24461726773a1446b657931496b65793176616c7565446e616d6547636f6d6d616e64"),
        Arguments.of("[None, True, False, 42, b'foo']", "85f6f5f4182a43666f6f"),
        Arguments.of("{b'x': [1, {b'y': (2, 3)}], b'a': {b'set': {b'b', b'a'}}}", "a24161a143736574d90102824161416241788201a14179820203"),
        Arguments.of("{(1, 2): 3}", "a182010203"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mercurialEncodings")
  void parsesLikeMercurial(String literal, String hex) {
    assertEquals(hex, HexFormat.of().formatHex(CborEncoder.encode(PythonLiteral.parse(literal))));
  }

  @Test
  void textLiteralsAreTextStrings() {
    // Mercurial's encoder refuses Python 3 str; here text literals are CBOR text strings.
    assertEquals(CborValue.text("text"), PythonLiteral.parse("'text'"));
    assertEquals(CborValue.text("text"), PythonLiteral.parse("u\"text\""));
    assertEquals(CborValue.text("\u00fc"), PythonLiteral.parse("U'\\xfc'"));
    assertEquals(CborValue.text("\u6c34"), PythonLiteral.parse("'\\u6c34'"));
    assertEquals(CborValue.text("\ud83d\ude00"), PythonLiteral.parse("'\\U0001f600'"));
    assertEquals(CborValue.text("\u00e9"), PythonLiteral.parse("'\\N{LATIN SMALL LETTER E WITH ACUTE}'"));
    assertEquals(CborValue.text("\\n"), PythonLiteral.parse("r'\\n'"));
    assertEquals(CborValue.text("ab"), PythonLiteral.parse("'a' \"b\""));
    assertEquals(CborValue.text("\\q"), PythonLiteral.parse("'\\q'"));
    assertEquals(CborValue.text("\u01ff"), PythonLiteral.parse("'\\777'"));
    assertEquals(CborValue.text("\u00e9\u6c34"), PythonLiteral.parse("'\u00e9\u6c34'"));
  }

  @Test
  void pythonEqualityMergesKeysAcrossTypes() {
    // {b'k': None, 'k': 1}: bytes and text never equal, so two entries.
    assertEquals(2, ((CborValue.MapValue) PythonLiteral.parse("{b'k': None, 'k': 1}")).size());
    assertEquals(
        CborValue.MapValue.of(CborValue.of(0), CborValue.text("b")),
        PythonLiteral.parse("{0: 'a', False: 'x', 0.0: 'b'}"));
    assertEquals(new CborValue.SetValue(List.of(CborValue.of(2))), PythonLiteral.parse("{2, 2.0}"));
    assertEquals(2, ((CborValue.SetValue) PythonLiteral.parse("{2, 2.5}")).items().size());
    assertEquals(1, ((CborValue.SetValue) PythonLiteral.parse("{(1, 2), (1, 2)}")).items().size());
  }

  @Test
  void extensionsBeyondLiteralEval() {
    assertEquals(
        new CborValue.SetValue(List.of(CborValue.of(1), CborValue.of(2))), PythonLiteral.parse("set([1, 2, 1])"));
    assertEquals(new CborValue.SetValue(List.of(CborValue.of(1))), PythonLiteral.parse("set((1,))"));
    assertEquals(new CborValue.SetValue(List.of()), PythonLiteral.parse("set({})"));
    assertEquals(new CborValue.FloatValue(1.5), PythonLiteral.parse("1.5"));
    assertEquals(new CborValue.FloatValue(-0.0), PythonLiteral.parse("-0.0"));
    assertEquals(new CborValue.FloatValue(100000.0), PythonLiteral.parse("1e5"));
    assertEquals(new CborValue.FloatValue(0.5), PythonLiteral.parse(".5"));
    assertEquals(new CborValue.FloatValue(7.5), PythonLiteral.parse("007.5"));
    assertEquals(new CborValue.FloatValue(1.0E-5), PythonLiteral.parse("1.0E-5"));
    // Unhashable keys, which Python refuses.
    assertEquals(
        CborValue.MapValue.of(CborValue.Array.of(CborValue.of(1)), CborValue.of(2)), PythonLiteral.parse("{[1]: 2}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", " ", "-True", "--1", "- b'x'", "007", "1__0", "0_1", "1_", "0x", "0b2", "1j", "1.5j", "1abc",
    "ur'x'", "bu'x'", "'a' b'b'", "b'x' 'y'", "b'\u00e9'", "b'\\x4'", "'\\x4g'", "'\\u00'", "'\\U00110000'",
    "'\\N{NO SUCH CHARACTER NAME}'", "'\\N{", "'\\ud800'", "'unterminated", "'a\nb'", "'a\\'",
    "[,]", "{,}", "(,)", "...", "[1 2]", "[1", "(1", "{1: 2, 3}", "{1, 2: 3}", "{1: }", "1 2", "foo", "set(1)",
    "set([1]", "18446744073709551616", "-18446744073709551617", "0x10000000000000000", "True False", "[1,,]",
  })
  void rejectsWhatIsNotALiteralOfTheSubset(String literal) {
    assertThrows(IllegalArgumentException.class, () -> PythonLiteral.parse(literal));
  }

  @Test
  void nestingIsBounded() {
    String ok = "[".repeat(PythonLiteral.MAX_NESTING) + "]".repeat(PythonLiteral.MAX_NESTING);
    assertEquals(CborValue.Array.class, PythonLiteral.parse(ok).getClass());
    String deep = "[".repeat(PythonLiteral.MAX_NESTING + 1) + "]".repeat(PythonLiteral.MAX_NESTING + 1);
    assertThrows(IllegalArgumentException.class, () -> PythonLiteral.parse(deep));
    assertThrows(IllegalArgumentException.class, () -> PythonLiteral.parse("[".repeat(100_000)));
  }

  @Test
  void errorsSayWhere() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PythonLiteral.parse("[1, foo]"));
    assertTrue(e.getMessage().contains("offset 4"), e.getMessage());
  }

  // ---- printing ----

  @Test
  void printsMercurialNotation() {
    assertEquals(
        "{b'name': b'heads', b'args': {b'x': [1, -2, None, True, False]}}",
        PythonLiteral.format(CborValue.MapValue.of(
            CborValue.bytes("name"), CborValue.bytes("heads"),
            CborValue.bytes("args"), CborValue.MapValue.of(
                CborValue.bytes("x"), CborValue.Array.of(CborValue.of(1), CborValue.of(-2), CborValue.NULL, CborValue.TRUE, CborValue.FALSE)))));
    assertEquals("b'a\\'b\\\\c\\n\\r\\t\\x00\\x7f\\xff\"'", PythonLiteral.format(CborValue.bytes("a'b\\c\n\r\t\u0000\u007f\u00ff\"")));
    assertEquals("u'a\\'\\\\\\n\\xfc\\u6c34\\U0001f600'", PythonLiteral.format(CborValue.text("a'\\\n\u00fc\u6c34\ud83d\ude00")));
    assertEquals("{1, 2}", PythonLiteral.format(new CborValue.SetValue(List.of(CborValue.of(1), CborValue.of(2)))));
    assertEquals("set()", PythonLiteral.format(new CborValue.SetValue(List.of())));
    assertEquals("{}", PythonLiteral.format(CborValue.MapValue.of()));
    assertEquals("[]", PythonLiteral.format(CborValue.Array.of()));
    assertEquals("-18446744073709551616", PythonLiteral.format(CborValue.Int.of(BigInteger.ONE.shiftLeft(64).negate())));
    assertEquals("1.5", PythonLiteral.format(new CborValue.FloatValue(1.5)));
  }

  @Test
  void printsValuesOutsideTheSubsetReadably() {
    assertEquals("undefined", PythonLiteral.format(CborValue.UNDEFINED));
    assertEquals("1(b'x')", PythonLiteral.format(new CborValue.Tagged(1, CborValue.bytes("x"))));
    assertEquals("18446744073709551615(None)", PythonLiteral.format(new CborValue.Tagged(-1, CborValue.NULL)));
    assertEquals("(_ b'a', b'')", PythonLiteral.format(new CborValue.IndefiniteBytes(List.of(new byte[] {'a'}, new byte[0]))));
    assertEquals("nan", PythonLiteral.format(new CborValue.FloatValue(Double.NaN)));
    assertEquals("-inf", PythonLiteral.format(new CborValue.FloatValue(Double.NEGATIVE_INFINITY)));
  }

  @Test
  void writability() {
    assertTrue(PythonLiteral.isWritable(PythonLiteral.parse("{b'a': [1, {2, 3}, (u'x', None, 1.5)]}")));
    assertFalse(PythonLiteral.isWritable(CborValue.UNDEFINED));
    assertFalse(PythonLiteral.isWritable(CborValue.Array.of(new CborValue.Tagged(1, CborValue.NULL))));
    assertFalse(PythonLiteral.isWritable(new CborValue.IndefiniteBytes(List.of())));
    assertFalse(PythonLiteral.isWritable(new CborValue.FloatValue(Double.POSITIVE_INFINITY)));
    assertFalse(PythonLiteral.isWritable(CborValue.text("\ud800")));
    assertFalse(PythonLiteral.isWritable(CborValue.MapValue.of(CborValue.of(1), CborValue.NULL, CborValue.TRUE, CborValue.NULL)));
    assertFalse(PythonLiteral.isWritable(new CborValue.SetValue(List.of(CborValue.of(0), new CborValue.FloatValue(0.0)))));
    CborValue deep = CborValue.NULL;
    for (int i = 0; i < PythonLiteral.MAX_NESTING; i++) {
      deep = CborValue.Array.of(deep);
    }
    assertTrue(PythonLiteral.isWritable(deep));
    assertFalse(PythonLiteral.isWritable(CborValue.Array.of(deep)));
  }

  // ---- raw payload escapes ----

  @Test
  void unescapesLikePythonEscapeDecode() {
    assertArrayEquals(new byte[] {0, (byte) 0xff, '\n', '\\', '\'', '"', 7, 8, 12, 11, '\r', '\t'},
        PythonLiteral.unescapeBytes("\\x00\\xff\\n\\\\\\'\\\"\\a\\b\\f\\v\\r\\t"));
    assertArrayEquals("\\q\\u1234".getBytes(), PythonLiteral.unescapeBytes("\\q\\u1234"));
    assertArrayEquals(new byte[] {0, '8', 'S', '4', (byte) 0xff}, PythonLiteral.unescapeBytes("\\08\\1234\\777"));
    assertArrayEquals(new byte[] {'a', 'b'}, PythonLiteral.unescapeBytes("a\\\nb"));
    assertArrayEquals(new byte[] {(byte) 0xc3, (byte) 0xa9, ' ', '\''}, PythonLiteral.unescapeBytes("\u00e9 '"));
    assertThrows(IllegalArgumentException.class, () -> PythonLiteral.unescapeBytes("a\\"));
    assertThrows(IllegalArgumentException.class, () -> PythonLiteral.unescapeBytes("\\x4"));
    assertThrows(IllegalArgumentException.class, () -> PythonLiteral.unescapeBytes("\\x4g"));
  }

  @Test
  void escapesEveryByteReversibly() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    String escaped = PythonLiteral.escapeBytes(all);
    assertTrue(escaped.chars().allMatch(c -> c >= 0x20 && c < 0x7f), escaped);
    assertArrayEquals(all, PythonLiteral.unescapeBytes(escaped));
  }

  @Test
  void formatsDecodedCborInMercurialNotation() throws ProtocolException {
    assertEquals(
        "{b'name': b'heads', b'args': [1, -2, True, None, u'\\xfc']}",
        PythonLiteral.format(CborDecoder.decodeOne(
            HexFormat.of().parseHex(
                "a2 44 6e616d65 45 6865616473 44 61726773 85 01 21 f5 f6 62 c3bc".replace(" ", "")))));
  }
}
