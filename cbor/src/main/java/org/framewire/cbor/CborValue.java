package org.framewire.cbor;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CBOR data item (RFC 8949) as the protocol's payloads use them (SPEC.md §5).
 *
 * <p>The model keeps what matters on the wire: byte strings and text strings are distinct, maps
 * keep their entries in order, a set is tag 258 over an array, and an indefinite-length byte string
 * keeps its chunks. Values are immutable; equality is structural.
 */
public sealed interface CborValue
    permits CborValue.Int,
        CborValue.Bytes,
        CborValue.Text,
        CborValue.Array,
        CborValue.MapValue,
        CborValue.SetValue,
        CborValue.IndefiniteBytes,
        CborValue.Bool,
        CborValue.Null,
        CborValue.Undefined,
        CborValue.FloatValue,
        CborValue.Tagged {

  /** The canonical {@code null}. */
  Null NULL = new Null();
  /** The canonical {@code undefined}. */
  Undefined UNDEFINED = new Undefined();
  Bool TRUE = new Bool(true);
  Bool FALSE = new Bool(false);

  /**
   * An integer, major type 0 or 1, from -2^64 to 2^64-1. Values that fit a {@code long} are held
   * in {@link #value()}; the others in {@link #big()} (then {@code value()} is meaningless: read
   * integers with {@link #longValueExact()} or {@link #intValueExact()}, which fail loudly instead).
   */
  record Int(long value, BigInteger big) implements CborValue {
    static final BigInteger MIN = BigInteger.ONE.shiftLeft(64).negate();
    static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    public Int {
      if (big != null) {
        if (big.bitLength() < 64) {
          throw new IllegalArgumentException("use Int(long) for values that fit a long");
        }
        if (big.compareTo(MIN) < 0 || big.compareTo(MAX) > 0) {
          throw new IllegalArgumentException("CBOR integer out of range: " + big);
        }
      }
    }

    public Int(long value) {
      this(value, null);
    }

    public static Int of(BigInteger v) {
      return v.bitLength() < 64 ? new Int(v.longValue()) : new Int(0, v);
    }

    public boolean fitsLong() {
      return big == null;
    }

    public BigInteger bigValue() {
      return big != null ? big : BigInteger.valueOf(value);
    }

    /**
     * The value as a {@code long}.
     *
     * @throws ArithmeticException when it does not fit one
     */
    public long longValueExact() {
      if (big != null) {
        throw new ArithmeticException("CBOR integer " + big + " does not fit a long");
      }
      return value;
    }

    /**
     * The value as an {@code int}.
     *
     * @throws ArithmeticException when it does not fit one
     */
    public int intValueExact() {
      long v = longValueExact();
      if ((int) v != v) {
        throw new ArithmeticException("CBOR integer " + v + " does not fit an int");
      }
      return (int) v;
    }

    @Override
    public String toString() {
      return big != null ? big.toString() : Long.toString(value);
    }
  }

  /** A definite-length byte string, major type 2. The array is not copied: do not modify it. */
  record Bytes(byte[] value) implements CborValue {
    public Bytes {
      Objects.requireNonNull(value);
    }

    public static Bytes of(String latin1) {
      return new Bytes(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The bytes read as ASCII/Latin-1 text, for names such as {@code status}. */
    public String latin1() {
      return new String(value, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "h'" + HexFormat.of().formatHex(value) + "'";
    }
  }

  /** A text string, major type 3. */
  record Text(String value) implements CborValue {
    public Text {
      Objects.requireNonNull(value);
    }

    @Override
    public String toString() {
      return '"' + value + '"';
    }
  }

  /** A definite-length array, major type 4. */
  record Array(List<CborValue> items) implements CborValue {
    public Array {
      items = List.copyOf(items);
    }

    public static Array of(CborValue... items) {
      return new Array(List.of(items));
    }
  }

  /** One key/value pair of a map. */
  record Entry(CborValue key, CborValue value) {
    public Entry {
      Objects.requireNonNull(key);
      Objects.requireNonNull(value);
    }
  }

  /** A map, major type 5, entries in order. Keys are compared structurally. */
  record MapValue(List<Entry> entries) implements CborValue {
    public MapValue {
      entries = List.copyOf(entries);
    }

    public static MapValue of(CborValue... keysAndValues) {
      if (keysAndValues.length % 2 != 0) {
        throw new IllegalArgumentException("odd number of keys and values");
      }
      List<Entry> e = new ArrayList<>();
      for (int i = 0; i < keysAndValues.length; i += 2) {
        e.add(new Entry(keysAndValues[i], keysAndValues[i + 1]));
      }
      return new MapValue(e);
    }

    /** The value of the first entry whose key equals {@code key}, or {@code null}. */
    public CborValue get(CborValue key) {
      for (Entry e : entries) {
        if (e.key().equals(key)) {
          return e.value();
        }
      }
      return null;
    }

    /**
     * The value under the <em>byte-string</em> key spelled {@code latin1Key} (the protocol's maps
     * have byte-string keys, SPEC.md §5), or {@code null}; the same as {@link #getBytesKey}. A text
     * key of that spelling is not found: use {@link #getTextKey} for maps with text keys.
     */
    public CborValue get(String latin1Key) {
      return get(Bytes.of(latin1Key));
    }

    /** The value under the byte-string key spelled {@code latin1Key} (Latin-1), or {@code null}. */
    public CborValue getBytesKey(String latin1Key) {
      return get(Bytes.of(latin1Key));
    }

    /** The value under the text-string key {@code key}, or {@code null}. */
    public CborValue getTextKey(String key) {
      return get(new Text(key));
    }

    /**
     * A map with byte-string keys, each spelled by a key of {@code entries} (Latin-1), in its
     * iteration order: the protocol's form ({@code {b'values': ...}}), which {@link #get(String)}
     * finds. Values are converted as {@link CborValue#from} converts them.
     */
    public static MapValue ofBytesKeys(Map<String, ?> entries) {
      List<Entry> e = new ArrayList<>(entries.size());
      entries.forEach((k, v) -> e.add(new Entry(Bytes.of(k), from(v))));
      return new MapValue(e);
    }

    /** A map with text-string keys, in {@code entries}' iteration order; see {@link #ofBytesKeys}. */
    public static MapValue ofTextKeys(Map<String, ?> entries) {
      List<Entry> e = new ArrayList<>(entries.size());
      entries.forEach((k, v) -> e.add(new Entry(new Text(k), from(v))));
      return new MapValue(e);
    }

    public int size() {
      return entries.size();
    }
  }

  /** A set: tag 258 over an array of distinct items, as Mercurial encodes Python sets. */
  record SetValue(List<CborValue> items) implements CborValue {
    public SetValue {
      items = List.copyOf(items);
    }
  }

  /**
   * An indefinite-length byte string (major type 2, additional info 31) with its chunks, the form
   * used for streamed data. Equality compares chunk boundaries too.
   */
  record IndefiniteBytes(List<byte[]> chunks) implements CborValue {
    public IndefiniteBytes {
      chunks = List.copyOf(chunks);
    }

    /** All chunks joined. */
    public byte[] joined() {
      int n = 0;
      for (byte[] c : chunks) {
        n += c.length;
      }
      byte[] out = new byte[n];
      int at = 0;
      for (byte[] c : chunks) {
        System.arraycopy(c, 0, out, at, c.length);
        at += c.length;
      }
      return out;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof IndefiniteBytes other) || other.chunks.size() != chunks.size()) {
        return false;
      }
      for (int i = 0; i < chunks.size(); i++) {
        if (!Arrays.equals(chunks.get(i), other.chunks.get(i))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int h = 1;
      for (byte[] c : chunks) {
        h = 31 * h + Arrays.hashCode(c);
      }
      return h;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("(_ ");
      for (int i = 0; i < chunks.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append("h'").append(HexFormat.of().formatHex(chunks.get(i))).append('\'');
      }
      return sb.append(')').toString();
    }
  }

  /** {@code true} or {@code false}, simple values 21 and 20. */
  record Bool(boolean value) implements CborValue {
    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /** {@code null}, simple value 22. */
  record Null() implements CborValue {
    @Override
    public String toString() {
      return "null";
    }
  }

  /** {@code undefined}, simple value 23. */
  record Undefined() implements CborValue {
    @Override
    public String toString() {
      return "undefined";
    }
  }

  /** A floating-point number (major type 7, half, single or double precision). */
  record FloatValue(double value) implements CborValue {
    @Override
    public boolean equals(Object o) {
      return o instanceof FloatValue f && Double.compare(value, f.value) == 0;
    }

    @Override
    public int hashCode() {
      return Double.hashCode(value);
    }
  }

  /** Any other tag, major type 6 (tag 258 over an array is a {@link SetValue}). */
  record Tagged(long tag, CborValue content) implements CborValue {
    public Tagged {
      Objects.requireNonNull(content);
    }
  }

  // ---- factories ----

  static Int of(long v) {
    return new Int(v);
  }

  static Bytes bytes(byte[] v) {
    return new Bytes(v);
  }

  /** A byte string holding {@code latin1}'s characters as bytes, e.g. {@code bytes("status")}. */
  static Bytes bytes(String latin1) {
    return Bytes.of(latin1);
  }

  static Text text(String v) {
    return new Text(v);
  }

  static Bool of(boolean v) {
    return v ? TRUE : FALSE;
  }

  /**
   * Converts plain Java values: {@code byte[]} to bytes, {@link String} to <em>text</em> (map keys
   * included: the protocol's maps want byte-string keys, so build them with {@link
   * MapValue#ofBytesKeys}, which {@link MapValue#get(String)} finds), integral {@link
   * Number}s and {@link BigInteger} to ints, {@link Boolean}, {@code null}, {@link List} to arrays,
   * {@link Map} to maps (iteration order), {@link java.util.Set} to sets; a {@link CborValue} is
   * returned as is.
   *
   * @throws IllegalArgumentException for anything else
   */
  static CborValue from(Object o) {
    if (o == null) {
      return NULL;
    } else if (o instanceof CborValue v) {
      return v;
    } else if (o instanceof byte[] b) {
      return new Bytes(b);
    } else if (o instanceof String s) {
      return new Text(s);
    } else if (o instanceof Boolean b) {
      return of(b);
    } else if (o instanceof BigInteger b) {
      return Int.of(b);
    } else if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
      return new Int(((Number) o).longValue());
    } else if (o instanceof Double || o instanceof Float) {
      return new FloatValue(((Number) o).doubleValue());
    } else if (o instanceof Map<?, ?> m) {
      List<Entry> e = new ArrayList<>(m.size());
      for (Map.Entry<?, ?> me : m.entrySet()) {
        e.add(new Entry(from(me.getKey()), from(me.getValue())));
      }
      return new MapValue(e);
    } else if (o instanceof java.util.Set<?> s) {
      return new SetValue(convertAll(s));
    } else if (o instanceof Collection<?> c) {
      return new Array(convertAll(c));
    }
    throw new IllegalArgumentException("no CBOR form for " + o.getClass().getName());
  }

  private static List<CborValue> convertAll(Collection<?> c) {
    List<CborValue> out = new ArrayList<>(c.size());
    for (Object x : c) {
      out.add(from(x));
    }
    return out;
  }
}
