package org.framewire.cbor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.framewire.cbor.arbitraries.CborValueArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;

/**
 * CBOR-1, CBOR-2 and CBOR-5 (SPEC.md §5) as properties: round trips, arbitrary splits, garbage,
 * truncation, complete units against incremental decoding, repeated keys and set items.
 */
class CborDecoderProperties {

  @Provide
  Arbitrary<CborValue> values() {
    return CborTestValues.values();
  }

  @Provide
  Arbitrary<List<CborValue>> sequences() {
    return CborTestValues.values().list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<CborValue.MapValue> nonEmptyMaps() {
    return Arbitraries.entries(CborTestValues.values(), CborTestValues.values())
        .list().ofMinSize(1).ofMaxSize(4).map(CborTestValues::mapOfDistinctKeys);
  }

  @Provide
  Arbitrary<CborValue.SetValue> nonEmptySets() {
    return CborTestValues.values().list().ofMinSize(1).ofMaxSize(4).map(CborTestValues::setOfDistinctItems);
  }

  /** Two values, often the same data item: identical, or differently encoded, or unrelated. */
  @Provide
  Arbitrary<List<CborValue>> keyPairs() {
    Arbitrary<CborValue> keys = CborTestValues.values();
    return Arbitraries.frequencyOf(
        Tuple.of(1, keys.map(k -> List.of(k, k))),
        Tuple.of(2, keys.map(k -> List.of(k, CborTestValues.reencoded(k)))),
        Tuple.of(2, keys.list().ofSize(2)));
  }

  private static final Set<Requirement> DECODING_ERRORS =
      EnumSet.of(Requirement.CBOR_WELL_FORMED, Requirement.CBOR_LIMITS, Requirement.CBOR_NO_DUPLICATES);

  private static byte[] encodeAll(List<CborValue> values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    values.forEach(v -> CborEncoder.encode(v, out));
    return out.toByteArray();
  }

  /** Feeds {@code data} in chunks of random sizes (1 byte or more), collecting the values. */
  static List<CborValue> decodeSplit(byte[] data, long seed, int maxChunk) throws ProtocolException {
    Random random = new Random(seed);
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    List<CborValue> out = new ArrayList<>();
    int at = 0;
    while (at < data.length) {
      int n = Math.min(data.length - at, 1 + random.nextInt(maxChunk));
      // A fresh array per chunk, overwritten after the feed: the decoder must not keep it.
      byte[] chunk = new byte[n];
      System.arraycopy(data, at, chunk, 0, n);
      d.feed(chunk, 0, n);
      java.util.Arrays.fill(chunk, (byte) 0xff);
      at += n;
      for (CborValue v = d.poll(); v != null; v = d.poll()) {
        out.add(v);
      }
    }
    d.finish();
    return out;
  }

  private interface Decoding {
    List<CborValue> run() throws ProtocolException;
  }

  /** The values decoded, or the requirement of the {@link ProtocolException}; other throwables escape. */
  private static Object outcome(Decoding decoding) {
    try {
      return decoding.run();
    } catch (ProtocolException e) {
      return e.requirement();
    }
  }

  /**
   * Decodes {@code input} as one complete unit and by feeding it in random chunks, and checks that
   * both agree (SPEC.md §5.4): the same values, or the same error, except that where a declared
   * length runs past the end the unit decoder reports CBOR-2 at the head while the fed decoder
   * may read on and report any error.
   */
  private static Object decodeBothWays(byte[] input, long seed) {
    Object whole = outcome(() -> CborDecoder.decodeAll(input));
    Object fed = outcome(() -> decodeSplit(input, seed, 16));
    if (whole == Requirement.CBOR_LIMITS) {
      assertTrue(fed instanceof Requirement, () -> "fed decoding gave " + fed);
    } else {
      assertEquals(whole, fed);
    }
    if (whole instanceof Requirement r) {
      assertTrue(DECODING_ERRORS.contains(r), r.id());
    }
    return whole;
  }

  @Property(tries = 400)
  void roundTrip(@ForAll("values") CborValue value) throws ProtocolException {
    byte[] encoded = CborEncoder.encode(value);
    CborValue decoded = CborDecoder.decodeOne(encoded);
    assertEquals(CborValueArbitraries.canonical(value), decoded);
    assertArrayEquals(encoded, CborEncoder.encode(decoded));
  }

  @Property(tries = 300)
  void anySplitDecodesTheSameValues(
      @ForAll("sequences") List<CborValue> values, @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int maxChunk)
      throws ProtocolException {
    byte[] encoded = encodeAll(values);
    List<CborValue> expected = values.stream().map(CborValueArbitraries::canonical).toList();
    assertEquals(expected, decodeSplit(encoded, seed, maxChunk));
    assertEquals(expected, decodeSplit(encoded, seed, 1));
    assertEquals(expected, CborDecoder.decodeAll(encoded));
  }

  @Property(tries = 300)
  void streamingDeliversTheSameBytesInAnySplit(
      @ForAll @Size(max = 6) List<@Size(max = 50) byte[]> chunks, @ForAll long seed) throws ProtocolException {
    CborValue.IndefiniteBytes value = new CborValue.IndefiniteBytes(chunks);
    byte[] encoded = encodeAll(List.of(CborValue.of(7), value, CborValue.of(8)));
    CborDecoder d = CborDecoder.streaming(CborLimits.DEFAULT);
    Random random = new Random(seed);
    List<CborEvent> events = new ArrayList<>();
    for (int at = 0; at < encoded.length; ) {
      int n = Math.min(encoded.length - at, 1 + random.nextInt(8));
      d.feed(encoded, at, n);
      at += n;
      for (CborEvent e = d.pollEvent(); e != null; e = d.pollEvent()) {
        events.add(e);
      }
    }
    d.finish();
    List<CborEvent> expected = new ArrayList<>();
    expected.add(new CborEvent.Item(CborValue.of(7)));
    expected.add(CborEvent.BYTES_START);
    chunks.forEach(c -> expected.add(new CborEvent.BytesChunk(c)));
    expected.add(CborEvent.BYTES_END);
    expected.add(new CborEvent.Item(CborValue.of(8)));
    assertEquals(expected, events);
  }

  @Property(tries = 1000)
  void garbageYieldsValuesOrAProtocolExceptionOnly(@ForAll @Size(max = 200) byte[] garbage, @ForAll long seed) {
    decodeBothWays(garbage, seed);
  }

  @Property(tries = 300)
  void mutatedEncodingsYieldValuesOrAProtocolExceptionOnly(
      @ForAll("sequences") List<CborValue> values, @ForAll Random random) {
    byte[] input = encodeAll(values);
    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
      input[random.nextInt(input.length)] = (byte) random.nextInt(256);
    }
    decodeBothWays(input, random.nextLong());
  }

  @Property(tries = 300)
  void garbageAfterAValidPrefixIsHandledToo(
      @ForAll("values") CborValue value, @ForAll @Size(max = 64) byte[] garbage, @ForAll long seed) {
    byte[] valid = CborEncoder.encode(value);
    byte[] input = new byte[valid.length + garbage.length];
    System.arraycopy(valid, 0, input, 0, valid.length);
    System.arraycopy(garbage, 0, input, valid.length, garbage.length);
    if (decodeBothWays(input, seed) instanceof List<?> out) {
      assertEquals(CborValueArbitraries.canonical(value), out.get(0));
    }
  }

  /**
   * Fed incrementally, a cut encoding is CBOR-1 at finish. As a complete unit, it is CBOR-2 when a
   * head before the cut declares more than the bytes after it (a string's length, an array's
   * count, twice a map's count), else CBOR-1: the cut falls inside a head, or after the last
   * declared byte of every head but inside a container or indefinite-length string.
   */
  @Property(tries = 400)
  void truncationLeavesAPartialItem(@ForAll("values") CborValue value, @ForAll Random random) throws ProtocolException {
    byte[] encoded = CborEncoder.encode(value);
    int cut = random.nextInt(encoded.length); // 0 .. length-1 bytes kept
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    d.feed(ByteBuffer.wrap(encoded, 0, cut));
    assertNull(d.poll());
    assertEquals(cut > 0, d.hasPartial());
    if (cut > 0) {
      assertEquals(Requirement.CBOR_WELL_FORMED, assertThrows(ProtocolException.class, d::finish).requirement());
      assertEquals(
          truncatedUnitFailure(encoded, cut),
          assertThrows(ProtocolException.class, () -> CborDecoder.decodeAll(ByteBuffer.wrap(encoded, 0, cut), CborLimits.DEFAULT)).requirement());
    }
  }

  /**
   * What decoding the first {@code cut} bytes of the well-formed {@code encoded} as a complete
   * unit must report: a plain scan of its heads in order, apart from the decoder's state machine.
   */
  static Requirement truncatedUnitFailure(byte[] encoded, int cut) {
    int at = 0;
    while (at < cut) {
      int initial = encoded[at] & 0xff;
      int major = initial >>> 5;
      int info = initial & 0x1f;
      int argumentBytes = info >= 24 && info < 28 ? 1 << (info - 24) : 0;
      int headEnd = at + 1 + argumentBytes;
      if (headEnd > cut) {
        return Requirement.CBOR_WELL_FORMED;
      }
      long argument = info < 24 ? info : 0;
      for (int i = at + 1; i < headEnd; i++) {
        argument = argument << 8 | (encoded[i] & 0xff);
      }
      boolean definite = info != 31;
      long declared = !definite ? 0 : switch (major) {
        case CborEncoder.MAJOR_BYTES, CborEncoder.MAJOR_TEXT, CborEncoder.MAJOR_ARRAY -> argument;
        case CborEncoder.MAJOR_MAP -> 2 * argument;
        default -> 0;
      };
      if (declared > cut - headEnd) {
        return Requirement.CBOR_LIMITS;
      }
      boolean string = major == CborEncoder.MAJOR_BYTES || major == CborEncoder.MAJOR_TEXT;
      at = headEnd + (definite && string ? (int) argument : 0);
    }
    return Requirement.CBOR_WELL_FORMED;
  }

  @Property(tries = 200)
  void aRepeatedMapKeyIsRejectedWhateverItsEncoding(
      @ForAll("nonEmptyMaps") CborValue.MapValue map, @ForAll("values") CborValue value, @ForAll Random random) {
    List<CborValue.Entry> entries = new ArrayList<>(map.entries());
    CborValue.Entry repeated = entries.get(random.nextInt(entries.size()));
    entries.add(new CborValue.Entry(CborTestValues.reencoded(repeated.key()), value));
    // Nested one level, after a valid item: the check holds inside containers and sequences.
    byte[] input = encodeAll(List.of(CborValue.of(0), CborValue.Array.of(new CborValue.MapValue(entries))));
    assertEquals(Requirement.CBOR_NO_DUPLICATES, decodeBothWays(input, random.nextLong()));
  }

  @Property(tries = 200)
  void aRepeatedSetItemIsRejectedWhateverItsEncoding(
      @ForAll("nonEmptySets") CborValue.SetValue set, @ForAll Random random) {
    List<CborValue> items = new ArrayList<>(set.items());
    items.add(CborTestValues.reencoded(items.get(random.nextInt(items.size()))));
    byte[] input = CborEncoder.encode(CborValue.MapValue.of(CborValue.of(1), new CborValue.SetValue(items)));
    assertEquals(Requirement.CBOR_NO_DUPLICATES, decodeBothWays(input, random.nextLong()));
  }

  /**
   * The decoder's equality of keys is that of data items (SPEC.md §5.1), checked against the
   * tests' own reduction {@link CborTestValues#dataItem}: two keys are rejected as a repeat
   * exactly when they are the same data item.
   */
  @Property(tries = 400)
  void keysRepeatExactlyWhenTheyAreTheSameDataItem(@ForAll("keyPairs") List<CborValue> keys, @ForAll long seed) {
    CborValue first = keys.get(0);
    CborValue second = keys.get(1);
    byte[] input = CborEncoder.encode(new CborValue.MapValue(List.of(
        new CborValue.Entry(first, CborValue.of(1)), new CborValue.Entry(second, CborValue.of(2)))));
    boolean same = CborTestValues.dataItem(first).equals(CborTestValues.dataItem(second));
    Object outcome = decodeBothWays(input, seed);
    assertEquals(same, outcome == Requirement.CBOR_NO_DUPLICATES, () -> first + " and " + second + ": " + outcome);
    if (!same) {
      assertTrue(outcome instanceof List<?>, () -> "expected a map, got " + outcome);
    }
  }

  @Provide
  Arbitrary<byte[]> bigStrings() {
    return Arbitraries.integers().between(0, 300_000).map(n -> {
      byte[] b = new byte[n];
      new Random(n).nextBytes(b);
      return b;
    });
  }

  @Property(tries = 20)
  void largeStringsSurviveAnySplit(@ForAll("bigStrings") byte[] data, @ForAll long seed) throws ProtocolException {
    CborValue value = CborValue.Array.of(new CborValue.Bytes(data), CborValue.of(1));
    assertEquals(List.of(value), decodeSplit(CborEncoder.encode(value), seed, 70_000));
  }
}
