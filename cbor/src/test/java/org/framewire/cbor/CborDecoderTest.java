package org.framewire.cbor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CBOR-1, CBOR-2, CBOR-4 and CBOR-5 (SPEC.md §5): the decoder's behaviour, item by item. */
class CborDecoderTest {

  static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  static Requirement failure(String hexInput) {
    return assertThrows(ProtocolException.class, () -> CborDecoder.decodeAll(hex(hexInput))).requirement();
  }

  /** The requirement feeding {@code hexInput} in one piece and finishing breaks, incrementally. */
  static Requirement fedFailure(String hexInput) {
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    return assertThrows(ProtocolException.class, () -> {
      d.feed(ByteBuffer.wrap(hex(hexInput)));
      d.finish();
    }).requirement();
  }

  static Requirement failure(String hexInput, CborLimits limits) {
    return assertThrows(
            ProtocolException.class, () -> CborDecoder.decodeAll(ByteBuffer.wrap(hex(hexInput)), limits))
        .requirement();
  }

  // ---- values ----

  @Test
  void valueIsReadyWhenItsLastByteArrives() throws ProtocolException {
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    byte[] in = hex("a1 44 6e616d65 45 6865616473"); // {b'name': b'heads'}
    for (int i = 0; i < in.length - 1; i++) {
      d.feed(in, i, 1);
      assertNull(d.poll(), "after byte " + i);
      assertTrue(d.hasPartial());
    }
    d.feed(in, in.length - 1, 1);
    assertFalse(d.hasPartial());
    assertEquals(CborValue.MapValue.of(CborValue.bytes("name"), CborValue.bytes("heads")), d.poll());
    assertNull(d.poll());
    d.finish();
  }

  @Test
  void sequenceYieldsValuesInOrder() throws ProtocolException {
    assertEquals(
        List.of(CborValue.of(1), CborValue.text("a"), CborValue.NULL, CborValue.Array.of()),
        CborDecoder.decodeAll(hex("01 6161 f6 80")));
    assertEquals(List.of(), CborDecoder.decodeAll(new byte[0]));
  }

  @Test
  void feedConsumesTheWholeBuffer() throws ProtocolException {
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    ByteBuffer b = ByteBuffer.wrap(hex("0102 19"));
    d.feed(b);
    assertFalse(b.hasRemaining());
    assertEquals(CborValue.of(1), d.poll());
    assertEquals(CborValue.of(2), d.poll());
    assertNull(d.poll());
    assertTrue(d.hasPartial());
  }

  @Test
  void integersCoverTheFullRange() throws ProtocolException {
    BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    assertEquals(CborValue.Int.of(max), CborDecoder.decodeOne(hex("1bffffffffffffffff")));
    assertEquals(CborValue.Int.of(max.add(BigInteger.ONE).negate()), CborDecoder.decodeOne(hex("3bffffffffffffffff")));
    assertEquals(new CborValue.Int(Long.MAX_VALUE), CborDecoder.decodeOne(hex("1b7fffffffffffffff")));
    assertEquals(CborValue.Int.of(BigInteger.ONE.shiftLeft(63)), CborDecoder.decodeOne(hex("1b8000000000000000")));
    assertEquals(new CborValue.Int(Long.MIN_VALUE), CborDecoder.decodeOne(hex("3b7fffffffffffffff")));
    assertEquals(
        CborValue.Int.of(BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE)),
        CborDecoder.decodeOne(hex("3b8000000000000000")));
  }

  @Test
  void nonShortestHeadsAreWellFormed() throws ProtocolException {
    assertEquals(CborValue.of(1), CborDecoder.decodeOne(hex("1b0000000000000001")));
    assertEquals(CborValue.bytes("a"), CborDecoder.decodeOne(hex("5801 61")));
  }

  @Test
  void indefiniteItems() throws ProtocolException {
    assertEquals(
        new CborValue.IndefiniteBytes(List.of(hex("0102"), new byte[0], hex("03"))),
        CborDecoder.decodeOne(hex("5f 420102 40 4103 ff")));
    assertEquals(new CborValue.IndefiniteBytes(List.of()), CborDecoder.decodeOne(hex("5fff")));
    assertEquals(CborValue.text("streaming"), CborDecoder.decodeOne(hex("7f 657374726561 646d696e67 ff")));
    assertEquals(CborValue.Array.of(CborValue.of(1), CborValue.Array.of()), CborDecoder.decodeOne(hex("9f 01 9fff ff")));
    assertEquals(CborValue.MapValue.of(CborValue.of(1), CborValue.of(2)), CborDecoder.decodeOne(hex("bf 0102 ff")));
  }

  @Test
  void tags() throws ProtocolException {
    assertEquals(
        new CborValue.SetValue(List.of(CborValue.of(1), CborValue.of(2))), CborDecoder.decodeOne(hex("d90102 82 0102")));
    assertEquals(new CborValue.SetValue(List.of()), CborDecoder.decodeOne(hex("d90102 80")));
    assertEquals(new CborValue.Tagged(259, CborValue.of(1)), CborDecoder.decodeOne(hex("d90103 01")));
    assertEquals(new CborValue.Tagged(-1L, CborValue.NULL), CborDecoder.decodeOne(hex("dbffffffffffffffff f6")));
    assertEquals(
        new CborValue.Tagged(1, new CborValue.Tagged(2, CborValue.of(3))), CborDecoder.decodeOne(hex("c1 c2 03")));
  }

  @Test
  void simpleValuesAndFloats() throws ProtocolException {
    assertEquals(List.of(CborValue.FALSE, CborValue.TRUE, CborValue.NULL, CborValue.UNDEFINED), CborDecoder.decodeAll(hex("f4f5f6f7")));
    assertEquals(new CborValue.FloatValue(1.5), CborDecoder.decodeOne(hex("f93e00")));
    assertEquals(new CborValue.FloatValue(100000.0), CborDecoder.decodeOne(hex("fa47c35000")));
    assertEquals(new CborValue.FloatValue(-4.1), CborDecoder.decodeOne(hex("fbc010666666666666")));
    assertEquals(new CborValue.FloatValue(5.960464477539063e-8), CborDecoder.decodeOne(hex("f90001")));
  }

  // ---- CBOR-1 ----

  @ParameterizedTest
  @ValueSource(strings = {"1c", "1d", "1e", "3c", "5c", "7d", "9e", "bc", "dc", "fc", "fd", "fe"})
  void reservedAdditionalInformationIsMalformed(String initial) {
    assertEquals(Requirement.CBOR_WELL_FORMED, failure(initial));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ff", "01 ff", "82 01 ff", "a1 01 ff", "c1 ff", "9f 5f ff ff ff"})
  void breakOutsideAnIndefiniteItemIsMalformed(String input) {
    assertEquals(Requirement.CBOR_WELL_FORMED, failure(input));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1f", "3f", "df"})
  void indefiniteIntegersAndTagsAreMalformed(String input) {
    assertEquals(Requirement.CBOR_WELL_FORMED, failure(input));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5f 01 ff", "5f 6161 ff", "5f 5f ff ff", "5f 80 ff", "5f c1 40 ff", "7f 4161 ff", "7f 7fff ff", "5f f6 ff"})
  void indefiniteStringChunksMustBeDefiniteStringsOfTheSameType(String input) {
    assertEquals(Requirement.CBOR_WELL_FORMED, failure(input));
  }

  @Test
  void indefiniteMapEndingAfterAKeyIsMalformed() {
    assertEquals(Requirement.CBOR_WELL_FORMED, failure("bf 01 ff"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "61 80", // continuation byte alone
    "62 c0 80", // overlong
    "63 e0 80 80", // overlong
    "63 ed a0 80", // encoded surrogate
    "64 f4 90 80 80", // beyond U+10FFFF
    "62 c3 28", // bad continuation
    "61 ff",
    "7f 61 c3 61 bc ff", // a character split across chunks
  })
  void malformedUtf8IsMalformed(String input) {
    assertEquals(Requirement.CBOR_WELL_FORMED, failure(input));
  }

  @Test
  void wellFormedUtf8Decodes() throws ProtocolException {
    assertEquals(CborValue.text("\u00fc\u6c34\ud800\udd51"), CborDecoder.decodeOne(hex("69 c3bc e6b0b4 f0908591")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"e0", "f3", "f8ff", "f820", "f800", "f81f"})
  void simpleValuesOutsideTheModelAreRejected(String input) {
    assertEquals(Requirement.CBOR_WELL_FORMED, failure(input));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "18", "19 01", "1b 00000000000000", "42 01", "82 01", "a1 01", "5f 41", "5f 4201", "9f", "bf 01 02", "c1", "7f",
    "59 00", "59 0002 61", "a2 0102 03", "82 42 6161", "d90102 82 01",
  })
  void truncatedItemsAreMalformedAtFinish(String input) throws ProtocolException {
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    d.feed(ByteBuffer.wrap(hex(input)));
    assertTrue(d.hasPartial());
    assertNull(d.poll());
    assertEquals(Requirement.CBOR_WELL_FORMED, assertThrows(ProtocolException.class, d::finish).requirement());
  }

  /**
   * SPEC.md §5.4: in a complete unit, a head that declares more than the bytes after it is CBOR-2 at
   * the head; a unit that ends inside a head, or inside an item whose heads all fit, is CBOR-1.
   */
  @ParameterizedTest
  @CsvSource({
    // the head itself is cut
    "18, CBOR-1",
    "19 01, CBOR-1",
    "1b 00000000000000, CBOR-1",
    "59 00, CBOR-1",
    "82 01 19 01, CBOR-1",
    // a declared length, count or twice a map's count runs past the end
    "42 01, CBOR-2",
    "59 0002 61, CBOR-2",
    "62 61, CBOR-2",
    "82 01, CBOR-2",
    "83 01 02, CBOR-2",
    "a1 01, CBOR-2",
    "a2 0102 03, CBOR-2",
    "5f 41, CBOR-2",
    "5f 4201, CBOR-2",
    "5f 42 6161 41, CBOR-2",
    "7f 62 6161 61, CBOR-2",
    "82 45 616263 01, CBOR-2",
    "d90102 82 01, CBOR-2",
    "9f 42 61, CBOR-2",
    "01 82 01, CBOR-2",
    // every head fits, yet an item is open at the end
    "9f, CBOR-1",
    "bf 01 02, CBOR-1",
    "c1, CBOR-1",
    "7f, CBOR-1",
    "5f 42 6161, CBOR-1",
    "82 42 6161, CBOR-1",
    "82 9f 01, CBOR-1",
    "82 44 616263 01, CBOR-1",
    "d90102 9f 01, CBOR-1",
  })
  void truncatedUnitsAreLimitsWhenAHeadDeclaresTooMuch(String input, String requirement) {
    assertEquals(requirement, failure(input).id());
    // Fed incrementally, the end is unknown until finish: the same input is CBOR-1 there.
    assertEquals(Requirement.CBOR_WELL_FORMED, fedFailure(input));
  }

  @ParameterizedTest
  @ValueSource(strings = {"43 616263", "82 0102", "a1 0102", "a2 0102 0304", "5f 42 6161 41 61 ff", "9f 41 61 ff", "82 9f ff 00"})
  void declaredSizesThatUseExactlyTheRemainingBytesDecode(String input) throws ProtocolException {
    assertEquals(1, CborDecoder.decodeAll(hex(input)).size());
  }

  @Test
  void theRemainingBytesAreThoseOfTheUnitNotTheBackingArray() {
    // Only "82 01" is the unit: the 02 after its limit does not count.
    ByteBuffer unit = ByteBuffer.wrap(hex("ff 82 01 02"), 1, 2);
    assertEquals(
        Requirement.CBOR_LIMITS,
        assertThrows(ProtocolException.class, () -> CborDecoder.decodeAll(unit, CborLimits.DEFAULT)).requirement());
  }

  @Test
  void failureIsSticky() throws ProtocolException {
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    d.feed(ByteBuffer.wrap(hex("01")));
    ProtocolException first = assertThrows(ProtocolException.class, () -> d.feed(ByteBuffer.wrap(hex("02 ff 03"))));
    assertEquals(Requirement.CBOR_WELL_FORMED, first.requirement());
    assertSame(first, assertThrows(ProtocolException.class, d::poll));
    assertSame(first, assertThrows(ProtocolException.class, d::pollEvent));
    assertSame(first, assertThrows(ProtocolException.class, () -> d.feed(ByteBuffer.wrap(hex("04")))));
    assertSame(first, assertThrows(ProtocolException.class, d::finish));
    assertFalse(d.hasPartial());
  }

  @Test
  void finishEndsTheInput() throws ProtocolException {
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    d.feed(hex("0102"), 0, 2);
    d.finish();
    d.finish();
    assertEquals(CborValue.of(1), d.poll());
    assertThrows(IllegalStateException.class, () -> d.feed(hex("03"), 0, 1));
    assertEquals(CborValue.of(2), d.poll());
  }

  @Test
  void decodeOneWantsExactlyOneItem() throws ProtocolException {
    // SPEC.md §5.2: a unit with the wrong number of items breaks CBOR-4.
    assertEquals(Requirement.CBOR_ITEM_COUNT, assertThrows(ProtocolException.class, () -> CborDecoder.decodeOne(new byte[0])).requirement());
    assertEquals(Requirement.CBOR_ITEM_COUNT, assertThrows(ProtocolException.class, () -> CborDecoder.decodeOne(hex("0102"))).requirement());
    // A partial item is the decoder's own error.
    assertEquals(Requirement.CBOR_LIMITS, assertThrows(ProtocolException.class, () -> CborDecoder.decodeOne(hex("82 01"))).requirement());
    assertEquals(Requirement.CBOR_WELL_FORMED, assertThrows(ProtocolException.class, () -> CborDecoder.decodeOne(hex("9f 01"))).requirement());
    assertEquals(CborValue.Array.of(CborValue.of(1)), CborDecoder.decodeOne(hex("81 01")));
  }

  @Test
  void decodeAllLeavesTheBufferPositionAlone() throws ProtocolException {
    ByteBuffer b = ByteBuffer.wrap(hex("ff 01 02"));
    b.position(1);
    assertEquals(List.of(CborValue.of(1), CborValue.of(2)), CborDecoder.decodeAll(b, CborLimits.DEFAULT));
    assertEquals(1, b.position());
  }

  @Test
  void feedChecksItsArrayBounds() {
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    assertThrows(IndexOutOfBoundsException.class, () -> d.feed(new byte[2], 1, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> d.feed(new byte[2], -1, 1));
  }

  // ---- CBOR-2 ----

  @Test
  void depthLimitCountsEveryItem() throws ProtocolException {
    // SPEC.md §5.4: a top-level item has depth 1, an item inside a container one more.
    CborLimits two = new CborLimits(2, 100, 100);
    assertEquals(CborValue.Array.of(CborValue.of(1)), CborDecoder.decodeAll(ByteBuffer.wrap(hex("81 01")), two).get(0));
    assertEquals(CborValue.Array.of(CborValue.Array.of()), CborDecoder.decodeAll(ByteBuffer.wrap(hex("81 80")), two).get(0));
    assertEquals(Requirement.CBOR_LIMITS, failure("81 81 01", two));
    assertEquals(Requirement.CBOR_LIMITS, failure("81 81 41 00", two));
    assertEquals(Requirement.CBOR_LIMITS, failure("81 81 f6", two));
    assertEquals(Requirement.CBOR_LIMITS, failure("81 81 81 01", two));
    assertEquals(Requirement.CBOR_LIMITS, failure("81 81 80", two));
    assertEquals(Requirement.CBOR_LIMITS, failure("81 81 a0", two));
    assertEquals(Requirement.CBOR_LIMITS, failure("81 81 c1 01", two));
    assertEquals(Requirement.CBOR_LIMITS, failure("81 81 5f ff", two));
    assertEquals(Requirement.CBOR_LIMITS, failure("9f 9f 9f ff ff ff", two));
  }

  @Test
  void scalarInsideSixtyFourContainersIsTooDeep() throws ProtocolException {
    // Regression: a scalar at depth 65 passed because only containers were counted.
    String arrays64 = "81 ".repeat(64);
    assertEquals(1, CborDecoder.decodeAll(ByteBuffer.wrap(hex(arrays64.substring(3) + "01")), CborLimits.DEFAULT).size());
    assertEquals(1, CborDecoder.decodeAll(ByteBuffer.wrap(hex(arrays64.substring(3) + "80")), CborLimits.DEFAULT).size());
    assertEquals(Requirement.CBOR_LIMITS, failure(arrays64 + "01", CborLimits.DEFAULT));
    assertEquals(Requirement.CBOR_LIMITS, failure(arrays64 + "80", CborLimits.DEFAULT));
  }

  @Test
  void itemLimitCountsEveryItemOfOneTopLevelValue() throws ProtocolException {
    CborLimits five = new CborLimits(8, 5, 100);
    // [1, 2, 3, 4]: five items; then another five-item value: the count restarts.
    assertEquals(2, CborDecoder.decodeAll(ByteBuffer.wrap(hex("84 01020304 84 01020304")), five).size());
    assertEquals(Requirement.CBOR_LIMITS, failure("85 0102030405", five));
    assertEquals(Requirement.CBOR_LIMITS, failure("9f 0102030405 ff", five));
    // {1: 2, 3: 4} is five items; {1: 2, 3: [4]} six.
    assertEquals(1, CborDecoder.decodeAll(ByteBuffer.wrap(hex("a2 0102 0304")), five).size());
    assertEquals(Requirement.CBOR_LIMITS, failure("a2 0102 03 81 04", five));
    assertEquals(Requirement.CBOR_LIMITS, failure("a3", five));
    assertEquals(Requirement.CBOR_LIMITS, failure("5f 40 40 40 40 40 ff", five));
  }

  @Test
  void declaredCountsBeyondTheItemLimitFailAtTheHead() throws ProtocolException {
    CborLimits five = new CborLimits(8, 5, 100);
    CborDecoder d = new CborDecoder(five);
    assertEquals(Requirement.CBOR_LIMITS, assertThrows(ProtocolException.class, () -> d.feed(ByteBuffer.wrap(hex("85")))).requirement());
    CborDecoder m = new CborDecoder(five);
    assertEquals(Requirement.CBOR_LIMITS, assertThrows(ProtocolException.class, () -> m.feed(ByteBuffer.wrap(hex("a3")))).requirement());
    assertEquals(Requirement.CBOR_LIMITS, failure("9b ffffffffffffffff", CborLimits.DEFAULT));
    assertEquals(Requirement.CBOR_LIMITS, failure("bb 8000000000000000", CborLimits.DEFAULT));
  }

  @Test
  void lengthLimitBoundsDefiniteAndIndefiniteStrings() throws ProtocolException {
    CborLimits three = new CborLimits(8, 100, 3);
    assertEquals(CborValue.bytes("abc"), CborDecoder.decodeAll(ByteBuffer.wrap(hex("43 616263")), three).get(0));
    assertEquals(Requirement.CBOR_LIMITS, failure("44", three));
    assertEquals(Requirement.CBOR_LIMITS, failure("64", three));
    assertEquals(Requirement.CBOR_LIMITS, failure("5f 42 6161 42", three));
    assertEquals(Requirement.CBOR_LIMITS, failure("7f 62 6161 62", three));
    assertEquals(1, CborDecoder.decodeAll(ByteBuffer.wrap(hex("5f 42 6161 41 61 ff")), three).size());
    assertEquals(Requirement.CBOR_LIMITS, failure("5b ffffffffffffffff", CborLimits.DEFAULT));
  }

  @Test
  void limitsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new CborLimits(0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new CborLimits(1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new CborLimits(1, 1, -1));
    assertThrows(IllegalArgumentException.class, () -> new CborLimits(1, CborLimits.LARGEST_BOUND + 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new CborLimits(1, 1, CborLimits.LARGEST_BOUND + 1));
    assertEquals(new CborLimits(64, 1 << 20, 64 << 20), CborLimits.DEFAULT);
  }

  // ---- tag 258 (CBOR-1) ----

  @ParameterizedTest
  @ValueSource(strings = {
    "d90102 01", "d90102 a0", "d90102 a1 0102", "d90102 40", "d90102 60", "d90102 5f ff", "d90102 bf ff",
    "d90102 f6", "d90102 c1 80", "d90102 d90102 80", "82 d90102 01 02",
  })
  void aSetIsTag258OverAnArrayOnly(String input) {
    assertEquals(Requirement.CBOR_WELL_FORMED, failure(input));
    assertEquals(Requirement.CBOR_WELL_FORMED, fedFailure(input));
  }

  @Test
  void anIndefiniteArrayIsASetToo() throws ProtocolException {
    assertEquals(
        new CborValue.SetValue(List.of(CborValue.of(1), CborValue.bytes("a"))),
        CborDecoder.decodeOne(hex("d90102 9f 01 4161 ff")));
    assertEquals(new CborValue.SetValue(List.of()), CborDecoder.decodeOne(hex("d90102 9f ff")));
    assertEquals(
        CborValue.Array.of(new CborValue.SetValue(List.of(new CborValue.SetValue(List.of(CborValue.of(1)))))),
        CborDecoder.decodeOne(hex("81 d90102 81 d90102 9f 01 ff")));
  }

  // ---- CBOR-5 ----

  @ParameterizedTest
  @ValueSource(strings = {
    "a2 01 00 01 00",
    "a3 01 00 02 00 01 00",
    // integers by value, whatever the width of the head
    "a2 01 00 1801 00",
    "a2 1801 00 1b0000000000000001 00",
    "a2 20 00 3800 00",
    "a2 3bffffffffffffffff 00 3bffffffffffffffff 00",
    // strings by content, definite or chunked, whatever the width of the length
    "a2 41 61 00 5f 4161 ff 00",
    "a2 41 61 00 5801 61 00",
    "a2 5f 41 61 41 62 ff 00 5f 42 6162 ff 00",
    "a2 40 00 5f ff 00",
    "a2 61 61 00 7f 6161 ff 00",
    "a2 62 c3bc 00 7f 62 c3bc ff 00",
    // floats by value, whatever the precision
    "a2 f93c00 00 fb3ff0000000000000 00",
    "a2 fa3f800000 00 f93c00 00",
    "a2 f97e00 00 fb7ff8000000000000 00",
    // simple values
    "a2 f6 00 f6 00",
    "a2 f5 00 f5 00",
    // containers by content: arrays in order, maps and sets in any order
    "a2 8101 00 9f 1801 ff 00",
    "a2 a2 0102 0304 00 a2 0304 0102 00",
    "a2 bf 0102 ff 00 a1 0102 00",
    "a2 d90102 820102 00 d90102 820201 00",
    "a2 c1 01 00 c1 1801 00",
    "a2 c1 4161 00 d801 5f 4161 ff 00",
    // in an indefinite-length map
    "bf 01 00 01 00 ff",
    "bf 01 00 02 00 1801 00 ff",
    "bf 5f 4161 ff 00 41 61 00 ff",
    // plain string keys, compared directly while few, then by identity with every earlier key
    "a2 41 61 00 41 61 00",
    "a2 61 61 00 61 61 00",
    "a3 41 61 00 01 00 41 61 00",
    "a3 41 61 00 41 62 00 5f 4162 ff 00",
    "a9 4130 00 4131 00 4132 00 4133 00 4134 00 4135 00 4136 00 4137 00 4130 00",
    "aa 4130 00 4131 00 4132 00 4133 00 4134 00 4135 00 4136 00 4137 00 4138 00 4137 00",
    // nested, and in a key
    "81 a2 01 00 01 00",
    "a1 00 a2 01 00 01 00",
    "a1 a2 01 00 01 00 00",
  })
  void repeatedMapKeysAreRejected(String input) {
    assertEquals(Requirement.CBOR_NO_DUPLICATES, failure(input));
    assertEquals(Requirement.CBOR_NO_DUPLICATES, fedFailure(input));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "a2 41 61 00 61 61 00", // bytes and text
    "a2 40 00 60 00",
    "a2 01 00 20 00", // 1 and -1
    "a2 00 00 f90000 00", // 0 and 0.0
    "a2 f90000 00 f98000 00", // 0.0 and -0.0
    "a2 f6 00 f7 00", // null and undefined
    "a2 f4 00 f5 00",
    "a2 80 00 a0 00",
    "a2 8101 00 d90102 8101 00", // an array and a set
    "a2 8201 02 00 8202 01 00", // arrays in another order
    "a2 c1 01 00 c2 01 00", // other tags
    "a2 c1 01 00 01 00", // a tagged item and its content
    "a2 5f 4161 ff 00 5f 4162 ff 00",
    "a2 00 00 1b0000000100000001 00", // equal Long.hashCode
    "a2 6241 61 00 62 42 42 00", // equal String.hashCode: "Aa" and "BB"
    "82 a1 01 00 a1 01 00", // the same key in two maps
    "a2 01 a1 01 00 02 a1 01 00",
    "a9 4130 00 4131 00 4132 00 4133 00 4134 00 4135 00 4136 00 4137 00 4138 00",
    "a3 41 61 00 61 61 00 5f 4161 4162 ff 00",
  })
  void distinctKeysAreAccepted(String input) throws ProtocolException {
    assertEquals(1, CborDecoder.decodeAll(hex(input)).size());
  }

  @Test
  void longKeysAreComparedInFull() throws ProtocolException {
    // Beyond 32 bytes a key is compared through a digest: equal content must still match and a
    // difference in the last byte must still tell keys apart.
    String forty = "61".repeat(40);
    String fortyOther = "61".repeat(39) + "62";
    assertEquals(
        Requirement.CBOR_NO_DUPLICATES,
        failure("a2 5828 " + forty + " 00 5f 5814 " + forty.substring(0, 40) + " 5814 " + forty.substring(40) + " ff 00"));
    assertEquals(Requirement.CBOR_NO_DUPLICATES, failure("a2 7828 " + forty + " 00 7828 " + forty + " 00"));
    assertEquals(1, CborDecoder.decodeAll(hex("a2 5828 " + forty + " 00 5828 " + fortyOther + " 00")).size());
    assertEquals(1, CborDecoder.decodeAll(hex("a2 5828 " + forty + " 00 7828 " + forty + " 00")).size());
    String bigArray = "98 28 " + "01".repeat(40);
    String otherBigArray = "98 28 " + "01".repeat(39) + "02";
    assertEquals(Requirement.CBOR_NO_DUPLICATES, failure("a2 " + bigArray + " 00 " + bigArray + " 00"));
    assertEquals(1, CborDecoder.decodeAll(hex("a2 " + bigArray + " 00 " + otherBigArray + " 00")).size());
  }

  @Test
  void aRepeatedKeyFailsAsSoonAsItIsComplete() throws ProtocolException {
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    d.feed(ByteBuffer.wrap(hex("a3 01 00 02 00 18")));
    ProtocolException e = assertThrows(ProtocolException.class, () -> d.feed(ByteBuffer.wrap(hex("01"))));
    assertEquals(Requirement.CBOR_NO_DUPLICATES, e.requirement());
    assertSame(e, assertThrows(ProtocolException.class, d::finish));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "d90102 82 01 01",
    "d90102 82 01 1801",
    "d90102 83 01 02 01",
    "d90102 9f 01 01 ff", // an indefinite array as the set's content
    "d90102 9f 4161 5f 4161 ff ff",
    "d90102 82 4161 5f 4161 ff",
    "d90102 82 a2 0102 0304 a2 0304 0102",
    "d90102 82 d90102 820102 d90102 820201",
    "81 d90102 82 f6 f6",
  })
  void repeatedSetItemsAreRejected(String input) {
    assertEquals(Requirement.CBOR_NO_DUPLICATES, failure(input));
    assertEquals(Requirement.CBOR_NO_DUPLICATES, fedFailure(input));
  }

  @Test
  void distinctSetItemsAreAccepted() throws ProtocolException {
    assertEquals(
        new CborValue.SetValue(List.of(CborValue.bytes("a"), CborValue.text("a"), CborValue.of(1), new CborValue.FloatValue(1.0))),
        CborDecoder.decodeOne(hex("d90102 84 4161 6161 01 f93c00")));
    // A set and an array may repeat items; only the set may not.
    assertEquals(CborValue.Array.of(CborValue.of(1), CborValue.of(1)), CborDecoder.decodeOne(hex("82 01 01")));
  }

  // ---- streaming ----

  @Test
  void streamingDecoderHandsOutChunksAsTheyComplete() throws ProtocolException {
    CborDecoder d = CborDecoder.streaming(CborLimits.DEFAULT);
    d.feed(ByteBuffer.wrap(hex("01 5f 43 6162")));
    assertEquals(new CborEvent.Item(CborValue.of(1)), d.pollEvent());
    assertEquals(CborEvent.BYTES_START, d.pollEvent());
    assertNull(d.pollEvent());
    d.feed(ByteBuffer.wrap(hex("63 40 41")));
    assertEquals(new CborEvent.BytesChunk(hex("616263")), d.pollEvent());
    assertEquals(new CborEvent.BytesChunk(new byte[0]), d.pollEvent());
    assertNull(d.pollEvent());
    assertTrue(d.hasPartial());
    d.feed(ByteBuffer.wrap(hex("78 ff 82 5f40ff 02")));
    assertEquals(new CborEvent.BytesChunk(hex("78")), d.pollEvent());
    assertEquals(CborEvent.BYTES_END, d.pollEvent());
    // Nested indefinite byte strings are assembled as usual.
    assertEquals(
        new CborEvent.Item(CborValue.Array.of(new CborValue.IndefiniteBytes(List.of(new byte[0])), CborValue.of(2))),
        d.pollEvent());
    assertNull(d.pollEvent());
    assertFalse(d.hasPartial());
    d.finish();
    assertThrows(IllegalStateException.class, d::poll);
  }

  @Test
  void streamingBoundsEachChunkNotTheWholeString() throws ProtocolException {
    CborLimits small = new CborLimits(4, 4, 2);
    CborDecoder d = CborDecoder.streaming(small);
    d.feed(ByteBuffer.wrap(hex("5f 42 6161 42 6262 42 6363 42 6464 42 6565 ff")));
    List<CborEvent> events = new ArrayList<>();
    for (CborEvent e = d.pollEvent(); e != null; e = d.pollEvent()) {
      events.add(e);
    }
    assertEquals(7, events.size());
    assertArrayEquals(hex("6565"), ((CborEvent.BytesChunk) events.get(5)).chunk());
    CborDecoder tooLong = CborDecoder.streaming(small);
    assertEquals(
        Requirement.CBOR_LIMITS,
        assertThrows(ProtocolException.class, () -> tooLong.feed(ByteBuffer.wrap(hex("5f 43")))).requirement());
  }

  @Test
  void assemblingDecoderYieldsOnlyItemEvents() throws ProtocolException {
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    d.feed(ByteBuffer.wrap(hex("5f 4161 ff")));
    assertEquals(new CborEvent.Item(new CborValue.IndefiniteBytes(List.of(hex("61")))), d.pollEvent());
  }
}
