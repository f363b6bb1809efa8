package org.framewire.cbor.arbitraries;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;

/**
 * jqwik arbitraries for CBOR values (SPEC.md §5.1, §5.3), and the form a decoder gives a value
 * back in ({@link #canonical}): the one set of CBOR value generators, used by cbor's own property
 * tests and by the fuzz kit ({@code org.framewire.fuzz}), whose CBOR units are built on them.
 * jqwik is an optional dependency of this module: add it (test scope) to use this package.
 */
public final class CborValueArbitraries {

  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private CborValueArbitraries() {}

  /**
   * Integers at every head-width boundary of both major types (SPEC.md §5.3: 0, 23/24, 255/256,
   * 65535/65536, 2^32-1/2^32, 2^63-1/2^63, 2^64-1, and their negative twins), and -2^64.
   */
  public static List<BigInteger> intEdges() {
    List<BigInteger> edges = new ArrayList<>();
    for (long b : new long[] {0, 1, 23, 24, 255, 256, 65535, 65536, 0xFFFFFFFFL, 0x100000000L, Long.MAX_VALUE}) {
      edges.add(BigInteger.valueOf(b));
      edges.add(BigInteger.valueOf(b).negate().subtract(BigInteger.ONE));
    }
    edges.add(BigInteger.ONE.shiftLeft(63));
    edges.add(TWO_64.subtract(BigInteger.ONE));
    edges.add(TWO_64.negate());
    return edges;
  }

  /** Integers over the full range -2^64 .. 2^64-1, with every head-width boundary as an edge case. */
  public static Arbitrary<CborValue> ints() {
    List<BigInteger> edges = intEdges();
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between(-100, 100).map(i -> (CborValue) new CborValue.Int(i))),
        Tuple.of(2, Arbitraries.of(edges).map(CborValue.Int::of)),
        Tuple.of(2, Arbitraries.longs().map(l -> (CborValue) new CborValue.Int(l))),
        Tuple.of(1, Arbitraries.bigIntegers().between(TWO_64.negate(), TWO_64.subtract(BigInteger.ONE))
            .map(CborValue.Int::of)));
  }

  /** Byte strings of up to {@code max} bytes. */
  public static Arbitrary<CborValue> byteStrings(int max) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(max).map(CborValue.Bytes::new);
  }

  /** Byte strings of printable ASCII, like the names and keys the protocol uses. */
  public static Arbitrary<CborValue> names() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_').ofMinLength(1).ofMaxLength(12)
        .map(CborValue.Bytes::of);
  }

  /** Text strings of valid code points: ASCII, two-, three- and four-byte UTF-8. */
  public static Arbitrary<CborValue> texts() {
    return strings(0x20, 0x7e, 16).map(CborValue.Text::new);
  }

  /**
   * Strings of up to {@code maxLength} valid code points, never a lone surrogate: mostly ASCII from
   * {@code fromAscii} to {@code toAscii}, and code points of two-, three- and four-byte UTF-8.
   */
  public static Arbitrary<String> strings(int fromAscii, int toAscii, int maxLength) {
    Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between(fromAscii, toAscii)),
        Tuple.of(1, Arbitraries.integers().between(0x80, 0x7ff)),
        Tuple.of(1, Arbitraries.integers().between(0x800, 0xffff).filter(c -> c < 0xd800 || c > 0xdfff)),
        Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
    return codePoints.list().ofMaxSize(maxLength).map(cps -> {
      StringBuilder sb = new StringBuilder();
      cps.forEach(sb::appendCodePoint);
      return sb.toString();
    });
  }

  /** Every scalar of the data model: integers, byte and text strings, booleans, null, undefined, floats. */
  public static Arbitrary<CborValue> scalars() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, ints()),
        Tuple.of(4, byteStrings(24)),
        Tuple.of(2, texts()),
        Tuple.of(1, Arbitraries.of(CborValue.TRUE, CborValue.FALSE, CborValue.NULL, CborValue.UNDEFINED)),
        Tuple.of(1, Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(Double.NEGATIVE_INFINITY)
            .map(d -> (CborValue) new CborValue.FloatValue(d))));
  }

  /**
   * Values of the whole data model of SPEC.md §5.1 up to {@code depth} levels of containers:
   * arrays, maps with keys of any scalar type (distinct), sets (tag 258), indefinite-length byte
   * strings, and other tags.
   */
  public static Arbitrary<CborValue> values(int depth) {
    if (depth <= 0) {
      return scalars();
    }
    Arbitrary<CborValue> inner = values(depth - 1);
    return Arbitraries.frequencyOf(
        Tuple.of(6, scalars()),
        Tuple.of(2, inner.list().ofMaxSize(4).map(CborValue.Array::new)),
        Tuple.of(2, maps(scalars(), inner, 4)),
        Tuple.of(1, Arbitraries.oneOf(ints(), byteStrings(8)).list().ofMaxSize(4).uniqueElements()
            .map(CborValue.SetValue::new)),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(8).list().ofMaxSize(3)
            .map(CborValue.IndefiniteBytes::new)),
        Tuple.of(1, Combinators.combine(
                Arbitraries.longs().between(0, 100_000).filter(t -> t != CborEncoder.TAG_SET), inner)
            .as(CborValue.Tagged::new)));
  }

  /** {@link #values(int)} up to three levels deep. */
  public static Arbitrary<CborValue> values() {
    return values(3);
  }

  /**
   * The values protocol payloads carry and Mercurial peers understand (SPEC.md §5.3): integers that
   * fit 64 bits, byte strings, booleans, null, arrays, and maps with byte-string keys.
   */
  public static Arbitrary<CborValue> protocolValues(int depth) {
    Arbitrary<CborValue> scalars = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.longs().map(l -> (CborValue) new CborValue.Int(l))),
        Tuple.of(4, byteStrings(16)),
        Tuple.of(1, Arbitraries.of(CborValue.TRUE, CborValue.FALSE, CborValue.NULL)));
    if (depth <= 0) {
      return scalars;
    }
    Arbitrary<CborValue> inner = protocolValues(depth - 1);
    return Arbitraries.frequencyOf(
        Tuple.of(5, scalars),
        Tuple.of(1, inner.list().ofMaxSize(3).map(CborValue.Array::new)),
        Tuple.of(1, maps(names(), inner, 3)));
  }

  /** Maps of up to {@code max} entries with distinct keys, in generated order. */
  public static Arbitrary<CborValue> maps(Arbitrary<CborValue> keys, Arbitrary<CborValue> values, int max) {
    return Combinators.combine(keys, values).as(CborValue.Entry::new).list().ofMaxSize(max)
        .map(entries -> {
          Set<CborValue> seen = new HashSet<>();
          List<CborValue.Entry> distinct = new ArrayList<>();
          for (CborValue.Entry e : entries) {
            if (seen.add(e.key())) {
              distinct.add(e);
            }
          }
          return new CborValue.MapValue(distinct);
        });
  }

  /**
   * {@code value} as a decoder yields it from its deterministic encoding ({@link
   * CborEncoder#encode}): map entries and set items in Mercurial's order (CBOR-3), recursively.
   */
  public static CborValue canonical(CborValue value) {
    if (value instanceof CborValue.Array a) {
      return new CborValue.Array(a.items().stream().map(CborValueArbitraries::canonical).toList());
    } else if (value instanceof CborValue.MapValue m) {
      List<CborValue.Entry> entries = new ArrayList<>();
      for (CborValue.Entry e : m.entries()) {
        entries.add(new CborValue.Entry(canonical(e.key()), canonical(e.value())));
      }
      entries.sort(Comparator.comparing(CborValue.Entry::key, CborEncoder::compareMercurial));
      return new CborValue.MapValue(entries);
    } else if (value instanceof CborValue.SetValue s) {
      List<CborValue> items = new ArrayList<>(s.items().stream().map(CborValueArbitraries::canonical).toList());
      items.sort(CborEncoder::compareMercurial);
      return new CborValue.SetValue(items);
    } else if (value instanceof CborValue.Tagged t) {
      return new CborValue.Tagged(t.tag(), canonical(t.content()));
    }
    return value;
  }
}
