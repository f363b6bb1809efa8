package org.framewire.cbor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CBOR-1 (SPEC.md §5): every example of RFC 8949 Appendix A decodes to its value, and those our
 * deterministic encoder would produce byte for byte are re-encoded and compared.
 *
 * <p>The two simple values {@code simple(16)} and {@code simple(255)} are well-formed CBOR but have
 * no place in the protocol's value model; the decoder rejects them with CBOR-1, as Mercurial does.
 */
class Rfc8949AppendixATest {

  /** Our encoder produces exactly these bytes: shortest heads, doubles, definite lengths, sorted keys. */
  private static final boolean SAME = true;
  /** Decodes to the value, but our encoder writes it differently (half or single float, indefinite length). */
  private static final boolean OTHER = false;

  private static Arguments ex(String diagnostic, String hex, CborValue value, boolean reencodes) {
    return Arguments.of(diagnostic, hex, value, reencodes);
  }

  private static CborValue i(long v) {
    return CborValue.of(v);
  }

  private static CborValue big(String v) {
    return CborValue.Int.of(new BigInteger(v));
  }

  private static CborValue f(double v) {
    return new CborValue.FloatValue(v);
  }

  private static CborValue t(String v) {
    return CborValue.text(v);
  }

  private static CborValue h(String hex) {
    return CborValue.bytes(HexFormat.of().parseHex(hex));
  }

  private static CborValue arr(CborValue... items) {
    return CborValue.Array.of(items);
  }

  private static CborValue map(CborValue... kv) {
    return CborValue.MapValue.of(kv);
  }

  private static CborValue tag(long tag, CborValue content) {
    return new CborValue.Tagged(tag, content);
  }

  private static CborValue oneTo25() {
    return new CborValue.Array(IntStream.rangeClosed(1, 25).mapToObj(n -> i(n)).toList());
  }

  static Stream<Arguments> examples() {
    return Stream.of(
        ex("0", "00", i(0), SAME),
        ex("1", "01", i(1), SAME),
        ex("10", "0a", i(10), SAME),
        ex("23", "17", i(23), SAME),
        ex("24", "1818", i(24), SAME),
        ex("25", "1819", i(25), SAME),
        ex("100", "1864", i(100), SAME),
        ex("1000", "1903e8", i(1000), SAME),
        ex("1000000", "1a000f4240", i(1000000), SAME),
        ex("1000000000000", "1b000000e8d4a51000", i(1000000000000L), SAME),
        ex("18446744073709551615", "1bffffffffffffffff", big("18446744073709551615"), SAME),
        ex("18446744073709551616", "c249010000000000000000", tag(2, h("010000000000000000")), SAME),
        ex("-18446744073709551616", "3bffffffffffffffff", big("-18446744073709551616"), SAME),
        ex("-18446744073709551617", "c349010000000000000000", tag(3, h("010000000000000000")), SAME),
        ex("-1", "20", i(-1), SAME),
        ex("-10", "29", i(-10), SAME),
        ex("-100", "3863", i(-100), SAME),
        ex("-1000", "3903e7", i(-1000), SAME),
        ex("0.0", "f90000", f(0.0), OTHER),
        ex("-0.0", "f98000", f(-0.0), OTHER),
        ex("1.0", "f93c00", f(1.0), OTHER),
        ex("1.1", "fb3ff199999999999a", f(1.1), SAME),
        ex("1.5", "f93e00", f(1.5), OTHER),
        ex("65504.0", "f97bff", f(65504.0), OTHER),
        ex("100000.0", "fa47c35000", f(100000.0), OTHER),
        ex("3.4028234663852886e+38", "fa7f7fffff", f(3.4028234663852886e+38), OTHER),
        ex("1.0e+300", "fb7e37e43c8800759c", f(1.0e+300), SAME),
        ex("5.960464477539063e-8", "f90001", f(5.960464477539063e-8), OTHER),
        ex("0.00006103515625", "f90400", f(0.00006103515625), OTHER),
        ex("-4.0", "f9c400", f(-4.0), OTHER),
        ex("-4.1", "fbc010666666666666", f(-4.1), SAME),
        ex("Infinity", "f97c00", f(Double.POSITIVE_INFINITY), OTHER),
        ex("NaN", "f97e00", f(Double.NaN), OTHER),
        ex("-Infinity", "f9fc00", f(Double.NEGATIVE_INFINITY), OTHER),
        ex("Infinity", "fa7f800000", f(Double.POSITIVE_INFINITY), OTHER),
        ex("NaN", "fa7fc00000", f(Double.NaN), OTHER),
        ex("-Infinity", "faff800000", f(Double.NEGATIVE_INFINITY), OTHER),
        ex("Infinity", "fb7ff0000000000000", f(Double.POSITIVE_INFINITY), SAME),
        ex("NaN", "fb7ff8000000000000", f(Double.NaN), SAME),
        ex("-Infinity", "fbfff0000000000000", f(Double.NEGATIVE_INFINITY), SAME),
        ex("false", "f4", CborValue.FALSE, SAME),
        ex("true", "f5", CborValue.TRUE, SAME),
        ex("null", "f6", CborValue.NULL, SAME),
        ex("undefined", "f7", CborValue.UNDEFINED, SAME),
        ex("0(\"2013-03-21T20:04:00Z\")", "c074323031332d30332d32315432303a30343a30305a", tag(0, t("2013-03-21T20:04:00Z")), SAME),
        ex("1(1363896240)", "c11a514b67b0", tag(1, i(1363896240)), SAME),
        ex("1(1363896240.5)", "c1fb41d452d9ec200000", tag(1, f(1363896240.5)), SAME),
        ex("23(h'01020304')", "d74401020304", tag(23, h("01020304")), SAME),
        ex("24(h'6449455446')", "d818456449455446", tag(24, h("6449455446")), SAME),
        ex("32(\"http://www.example.com\")", "d82076687474703a2f2f7777772e6578616d706c652e636f6d", tag(32, t("http://www.example.com")), SAME),
        ex("h''", "40", h(""), SAME),
        ex("h'01020304'", "4401020304", h("01020304"), SAME),
        ex("\"\"", "60", t(""), SAME),
        ex("\"a\"", "6161", t("a"), SAME),
        ex("\"IETF\"", "6449455446", t("IETF"), SAME),
        ex("\"\\\"\\\\\"", "62225c", t("\"\\"), SAME),
        ex("\"\\u00fc\"", "62c3bc", t("\u00fc"), SAME),
        ex("\"\\u6c34\"", "63e6b0b4", t("\u6c34"), SAME),
        ex("\"\\ud800\\udd51\"", "64f0908591", t("\ud800\udd51"), SAME),
        ex("[]", "80", arr(), SAME),
        ex("[1, 2, 3]", "83010203", arr(i(1), i(2), i(3)), SAME),
        ex("[1, [2, 3], [4, 5]]", "8301820203820405", arr(i(1), arr(i(2), i(3)), arr(i(4), i(5))), SAME),
        ex("[1, 2, ..., 25]", "98190102030405060708090a0b0c0d0e0f101112131415161718181819", oneTo25(), SAME),
        ex("{}", "a0", map(), SAME),
        ex("{1: 2, 3: 4}", "a201020304", map(i(1), i(2), i(3), i(4)), SAME),
        ex("{\"a\": 1, \"b\": [2, 3]}", "a26161016162820203", map(t("a"), i(1), t("b"), arr(i(2), i(3))), SAME),
        ex("[\"a\", {\"b\": \"c\"}]", "826161a161626163", arr(t("a"), map(t("b"), t("c"))), SAME),
        ex("{\"a\": \"A\", ..., \"e\": \"E\"}", "a56161614161626142616361436164614461656145",
            map(t("a"), t("A"), t("b"), t("B"), t("c"), t("C"), t("d"), t("D"), t("e"), t("E")), SAME),
        ex("(_ h'0102', h'030405')", "5f42010243030405ff",
            new CborValue.IndefiniteBytes(List.of(HexFormat.of().parseHex("0102"), HexFormat.of().parseHex("030405"))), SAME),
        ex("(_ \"strea\", \"ming\")", "7f657374726561646d696e67ff", t("streaming"), OTHER),
        ex("[_ ]", "9fff", arr(), OTHER),
        ex("[_ 1, [2, 3], [_ 4, 5]]", "9f018202039f0405ffff", arr(i(1), arr(i(2), i(3)), arr(i(4), i(5))), OTHER),
        ex("[_ 1, [2, 3], [4, 5]]", "9f01820203820405ff", arr(i(1), arr(i(2), i(3)), arr(i(4), i(5))), OTHER),
        ex("[1, [2, 3], [_ 4, 5]]", "83018202039f0405ff", arr(i(1), arr(i(2), i(3)), arr(i(4), i(5))), OTHER),
        ex("[1, [_ 2, 3], [4, 5]]", "83019f0203ff820405", arr(i(1), arr(i(2), i(3)), arr(i(4), i(5))), OTHER),
        ex("[_ 1, 2, ..., 25]", "9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff", oneTo25(), OTHER),
        ex("{_ \"a\": 1, \"b\": [_ 2, 3]}", "bf61610161629f0203ffff", map(t("a"), i(1), t("b"), arr(i(2), i(3))), OTHER),
        ex("[\"a\", {_ \"b\": \"c\"}]", "826161bf61626163ff", arr(t("a"), map(t("b"), t("c"))), OTHER),
        ex("{_ \"Fun\": true, \"Amt\": -2}", "bf6346756ef563416d7421ff", map(t("Fun"), CborValue.TRUE, t("Amt"), i(-2)), OTHER));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void decodes(String diagnostic, String hex, CborValue value, boolean reencodes) throws ProtocolException {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertEquals(value, CborDecoder.decodeOne(bytes));
    if (reencodes) {
      assertEquals(hex, HexFormat.of().formatHex(CborEncoder.encode(value)));
    }
    // Fed one byte at a time, the value completes exactly at its last byte.
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    List<CborValue> seen = new ArrayList<>();
    for (int k = 0; k < bytes.length; k++) {
      d.feed(bytes, k, 1);
      for (CborValue v = d.poll(); v != null; v = d.poll()) {
        assertEquals(bytes.length - 1, k, diagnostic + " completed early");
        seen.add(v);
      }
    }
    assertEquals(List.of(value), seen);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("simpleValues")
  void unassignedSimpleValuesAreRejected(String diagnostic, String hex) {
    assertEquals(
        Requirement.CBOR_WELL_FORMED,
        assertThrows(ProtocolException.class, () -> CborDecoder.decodeOne(HexFormat.of().parseHex(hex))).requirement());
  }

  static Stream<Arguments> simpleValues() {
    return Stream.of(Arguments.of("simple(16)", "f0"), Arguments.of("simple(255)", "f8ff"));
  }
}
