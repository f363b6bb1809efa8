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
import org.framewire.frames.ProtocolException;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CBOR-1 and CBOR-2 (SPEC.md §5): the incremental decoder's behaviour, item by item. */
class CborDecoderTest {

  static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  static Requirement failure(String hexInput) {
    return assertThrows(ProtocolException.class, () -> CborDecoder.decodeAll(hex(hexInput))).requirement();
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
    assertEquals(new CborValue.Tagged(258, CborValue.of(1)), CborDecoder.decodeOne(hex("d90102 01")));
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
  @ValueSource(strings = {"18", "19 01", "1b 00000000000000", "42 01", "82 01", "a1 01", "5f 41", "5f 4201", "9f", "bf 01 02", "c1", "7f"})
  void truncatedItemsAreMalformedAtFinish(String input) throws ProtocolException {
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    d.feed(ByteBuffer.wrap(hex(input)));
    assertTrue(d.hasPartial());
    assertNull(d.poll());
    assertEquals(Requirement.CBOR_WELL_FORMED, assertThrows(ProtocolException.class, d::finish).requirement());
    assertEquals(Requirement.CBOR_WELL_FORMED, failure(input));
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
  void decodeOneWantsExactlyOneItem() {
    assertEquals(Requirement.CBOR_WELL_FORMED, assertThrows(ProtocolException.class, () -> CborDecoder.decodeOne(new byte[0])).requirement());
    assertEquals(Requirement.CBOR_WELL_FORMED, assertThrows(ProtocolException.class, () -> CborDecoder.decodeOne(hex("0102"))).requirement());
    assertEquals(Requirement.CBOR_WELL_FORMED, assertThrows(ProtocolException.class, () -> CborDecoder.decodeOne(hex("82 01"))).requirement());
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
  void depthLimitCountsOpenContainers() throws ProtocolException {
    CborLimits two = new CborLimits(2, 100, 100);
    assertEquals(CborValue.Array.of(CborValue.Array.of(CborValue.of(1))), CborDecoder.decodeAll(ByteBuffer.wrap(hex("81 81 01")), two).get(0));
    assertEquals(CborValue.Array.of(CborValue.Array.of()), CborDecoder.decodeAll(ByteBuffer.wrap(hex("81 80")), two).get(0));
    assertEquals(Requirement.CBOR_LIMITS, failure("81 81 81 01", two));
    assertEquals(Requirement.CBOR_LIMITS, failure("81 81 80", two));
    assertEquals(Requirement.CBOR_LIMITS, failure("81 81 a0", two));
    assertEquals(Requirement.CBOR_LIMITS, failure("81 81 c1 01", two));
    assertEquals(Requirement.CBOR_LIMITS, failure("81 81 5f ff", two));
    assertEquals(Requirement.CBOR_LIMITS, failure("9f 9f 9f ff ff ff", two));
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

  @Test
  void toPythonLiteralUsesMercurialNotation() throws ProtocolException {
    assertEquals(
        "{b'name': b'heads', b'args': [1, -2, True, None, u'\\xfc']}",
        CborDecoder.toPythonLiteral(CborDecoder.decodeOne(hex("a2 44 6e616d65 45 6865616473 44 61726773 85 01 21 f5 f6 62 c3bc"))));
  }
}
