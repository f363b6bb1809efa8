package org.framewire.cbor;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.framewire.cbor.arbitraries.CborValueArbitraries;

/**
 * The property tests' own generators of CBOR values, built on the shared ones of {@link
 * CborValueArbitraries}: values whose maps never hold two keys that are the same data item nor sets
 * two such items (SPEC.md §5.1, {@code CBOR-5}), so that a decoder accepts every one; the values
 * Jackson and a Python literal can represent; and the same data item in other encodings. Shared
 * with the frames module's tests (test-jar).
 */
public final class CborTestValues {
  private CborTestValues() {}

  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  /** Integers at every head-width boundary of both major types, and random ones across the range. */
  public static Arbitrary<CborValue> ints() {
    List<BigInteger> edges = new ArrayList<>(CborValueArbitraries.intEdges());
    edges.add(TWO_64.negate().add(BigInteger.ONE));
    edges.add(BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE));
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of(edges).map(CborValue.Int::of)),
        Tuple.of(3, Arbitraries.longs().map(CborValue.Int::new)),
        Tuple.of(1, Arbitraries.bigIntegers().between(TWO_64.negate(), TWO_64.subtract(BigInteger.ONE)).map(CborValue.Int::of)));
  }

  public static Arbitrary<byte[]> byteArrays(int max) {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(max);
  }

  /** Strings of valid code points: ASCII, Latin-1, BMP and beyond, never a lone surrogate. */
  public static Arbitrary<String> texts() {
    return CborValueArbitraries.strings(0, 0x7f, 30);
  }

  /** Scalars the model holds: ints, byte and text strings, booleans, null, undefined, doubles. */
  public static Arbitrary<CborValue> scalars() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, ints()),
        Tuple.of(3, byteArrays(30).map(CborValue.Bytes::new)),
        Tuple.of(1, byteArrays(300).map(CborValue.Bytes::new)),
        Tuple.of(3, texts().map(CborValue.Text::new)),
        Tuple.of(1, Arbitraries.of(CborValue.TRUE, CborValue.FALSE, CborValue.NULL, CborValue.UNDEFINED)),
        Tuple.of(1, Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(-0.0)
            .withSpecialValue(Double.POSITIVE_INFINITY).map(CborValue.FloatValue::new)),
        Tuple.of(1, byteArrays(20).list().ofMaxSize(4).map(CborValue.IndefiniteBytes::new)));
  }

  /** Any value of the model: scalars nested in arrays, maps with any distinct keys, sets and tags. */
  public static Arbitrary<CborValue> values() {
    return Arbitraries.recursive(CborTestValues::scalars, CborTestValues::containersOf, 0, 4);
  }

  private static Arbitrary<CborValue> containersOf(Arbitrary<CborValue> inner) {
    Arbitrary<CborValue> entry = inner;
    return Arbitraries.frequencyOf(
        Tuple.of(2, scalars()),
        Tuple.of(3, inner.list().ofMaxSize(4).map(CborValue.Array::new)),
        Tuple.of(3, Arbitraries.entries(entry, inner).list().ofMaxSize(4).map(CborTestValues::mapOfDistinctKeys)),
        Tuple.of(1, inner.list().ofMaxSize(4).map(CborTestValues::setOfDistinctItems)),
        Tuple.of(1, Arbitraries.longs().filter(t -> t != CborEncoder.TAG_SET).flatMap(t -> inner.map(c -> new CborValue.Tagged(t, c)))));
  }

  /**
   * Values Jackson's tree model can represent: ints, byte and text strings, booleans, null,
   * doubles, arrays and maps with distinct text keys.
   */
  public static Arbitrary<CborValue> jacksonValues() {
    Arbitrary<CborValue> scalars =
        Arbitraries.frequencyOf(
            Tuple.of(4, ints()),
            Tuple.of(2, byteArrays(30).map(CborValue.Bytes::new)),
            Tuple.of(1, byteArrays(300).map(CborValue.Bytes::new)),
            Tuple.of(3, texts().map(CborValue.Text::new)),
            Tuple.of(1, Arbitraries.of(CborValue.TRUE, CborValue.FALSE, CborValue.NULL)),
            Tuple.of(1, Arbitraries.doubles().withSpecialValue(-0.0).map(CborValue.FloatValue::new)));
    return Arbitraries.recursive(() -> scalars, inner -> Arbitraries.frequencyOf(
        Tuple.of(2, scalars),
        Tuple.of(3, inner.list().ofMaxSize(5).map(CborValue.Array::new)),
        Tuple.of(3, Arbitraries.maps(texts(), inner).ofMaxSize(5).map(m -> {
          List<CborValue.Entry> es = new ArrayList<>();
          m.forEach((k, v) -> es.add(new CborValue.Entry(new CborValue.Text(k), v)));
          return new CborValue.MapValue(es);
        }))), 0, 4);
  }

  /**
   * Values a Python literal can write: no undefined, tags, indefinite strings or non-finite
   * floats. Callers keep those {@code PythonLiteral.isWritable} accepts (module frames, above this one).
   */
  public static Arbitrary<CborValue> writableCandidates() {
    Arbitrary<CborValue> scalars =
        Arbitraries.frequencyOf(
            Tuple.of(4, ints()),
            Tuple.of(3, byteArrays(40).map(CborValue.Bytes::new)),
            Tuple.of(3, texts().map(CborValue.Text::new)),
            Tuple.of(1, Arbitraries.of(CborValue.TRUE, CborValue.FALSE, CborValue.NULL)),
            Tuple.of(1, Arbitraries.doubles().withSpecialValue(-0.0).withSpecialValue(1e300)
                .withSpecialValue(Double.MIN_VALUE).map(CborValue.FloatValue::new)));
    return Arbitraries.recursive(() -> scalars, inner -> Arbitraries.frequencyOf(
        Tuple.of(2, scalars),
        Tuple.of(3, inner.list().ofMaxSize(5).map(CborValue.Array::new)),
        Tuple.of(3, Arbitraries.entries(inner, inner).list().ofMaxSize(5).map(CborTestValues::mapOfDistinctKeys)),
        Tuple.of(1, inner.list().ofMaxSize(4).map(CborTestValues::setOfDistinctItems))), 0, 4);
  }

  /** A map of the entries whose keys are not equal, as data items, to an earlier one. */
  static CborValue.MapValue mapOfDistinctKeys(List<Map.Entry<CborValue, CborValue>> entries) {
    Set<CborValue> seen = new HashSet<>();
    List<CborValue.Entry> kept = new ArrayList<>();
    for (Map.Entry<CborValue, CborValue> e : entries) {
      if (seen.add(dataItem(e.getKey()))) {
        kept.add(new CborValue.Entry(e.getKey(), e.getValue()));
      }
    }
    return new CborValue.MapValue(kept);
  }

  /** A set of the items that are not equal, as data items, to an earlier one. */
  static CborValue.SetValue setOfDistinctItems(List<CborValue> items) {
    Set<CborValue> seen = new HashSet<>();
    return new CborValue.SetValue(items.stream().filter(i -> seen.add(dataItem(i))).toList());
  }

  /**
   * One representative of {@code v}'s data item (SPEC.md §5.1): chunked byte strings joined, map
   * entries and set items in the order of their encodings, recursively. Two values are the same
   * data item exactly when their representatives are {@code equals}. Written apart from the
   * decoder's own notion ({@code ItemIdentities}) so that generators do not lean on the code under
   * test.
   */
  static CborValue dataItem(CborValue v) {
    Comparator<CborValue> byEncoding = (x, y) -> Arrays.compareUnsigned(CborEncoder.encode(x), CborEncoder.encode(y));
    if (v instanceof CborValue.IndefiniteBytes ib) {
      return new CborValue.Bytes(ib.joined());
    } else if (v instanceof CborValue.Array a) {
      return new CborValue.Array(a.items().stream().map(CborTestValues::dataItem).toList());
    } else if (v instanceof CborValue.MapValue m) {
      List<CborValue.Entry> es = new ArrayList<>();
      m.entries().forEach(e -> es.add(new CborValue.Entry(dataItem(e.key()), dataItem(e.value()))));
      es.sort(Comparator.comparing(CborValue.Entry::key, byEncoding));
      return new CborValue.MapValue(es);
    } else if (v instanceof CborValue.SetValue s) {
      List<CborValue> items = new ArrayList<>(s.items().stream().map(CborTestValues::dataItem).toList());
      items.sort(byEncoding);
      return new CborValue.SetValue(items);
    } else if (v instanceof CborValue.Tagged t) {
      return new CborValue.Tagged(t.tag(), dataItem(t.content()));
    }
    return v;
  }

  /**
   * The same data item as {@code v} in another encoding wherever it holds a byte string: definite
   * strings chunked, chunked strings joined.
   */
  static CborValue reencoded(CborValue v) {
    if (v instanceof CborValue.Bytes b) {
      int half = b.value().length / 2;
      return new CborValue.IndefiniteBytes(List.of(
          Arrays.copyOfRange(b.value(), 0, half), Arrays.copyOfRange(b.value(), half, b.value().length)));
    } else if (v instanceof CborValue.IndefiniteBytes ib) {
      return new CborValue.Bytes(ib.joined());
    } else if (v instanceof CborValue.Array a) {
      return new CborValue.Array(a.items().stream().map(CborTestValues::reencoded).toList());
    } else if (v instanceof CborValue.MapValue m) {
      return new CborValue.MapValue(
          m.entries().stream().map(e -> new CborValue.Entry(reencoded(e.key()), reencoded(e.value()))).toList());
    } else if (v instanceof CborValue.SetValue s) {
      return new CborValue.SetValue(s.items().stream().map(CborTestValues::reencoded).toList());
    } else if (v instanceof CborValue.Tagged t) {
      return new CborValue.Tagged(t.tag(), reencoded(t.content()));
    }
    return v;
  }
}
