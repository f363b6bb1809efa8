package org.framewire.cbor;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Deterministic CBOR encoder (SPEC.md §5, {@code CBOR-3}), byte-compatible with Mercurial's
 * {@code cborutil.streamencode}: shortest-form heads, definite lengths, map entries and set items
 * sorted the way Mercurial sorts them (by Python type name first, then by value), sets as tag 258
 * over an array, indefinite-length byte strings kept as chunks.
 *
 * <p>Stateless and thread-safe. The {@code writeHead} helpers let callers stream an indefinite
 * byte string chunk by chunk without building a value first.
 */
public final class CborEncoder {
  public static final int MAJOR_UNSIGNED = 0;
  public static final int MAJOR_NEGATIVE = 1;
  public static final int MAJOR_BYTES = 2;
  public static final int MAJOR_TEXT = 3;
  public static final int MAJOR_ARRAY = 4;
  public static final int MAJOR_MAP = 5;
  public static final int MAJOR_TAG = 6;
  public static final int MAJOR_SIMPLE = 7;
  /** Tag 258: finite set (IANA CBOR tags registry). */
  public static final int TAG_SET = 258;
  /** The head of an indefinite-length byte string. */
  public static final int INDEFINITE_BYTES_HEAD = 0x5f;
  /** The break code that ends an indefinite-length item. */
  public static final int BREAK = 0xff;

  /** Map entries in the order they are encoded in. */
  private static final Comparator<CborValue.Entry> BY_KEY =
      Comparator.comparing(CborValue.Entry::key, CborEncoder::compareMercurial);

  private CborEncoder() {}

  /** The encoding of {@code value}. */
  public static byte[] encode(CborValue value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    encode(value, out);
    return out.toByteArray();
  }

  /** The concatenated encodings of {@code values}: a CBOR sequence. */
  public static byte[] encodeSequence(CborValue... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    for (CborValue v : values) {
      encode(v, out);
    }
    return out.toByteArray();
  }

  /** Appends the encoding of {@code value} to {@code out}. */
  public static void encode(CborValue value, ByteArrayOutputStream out) {
    if (value instanceof CborValue.Int i) {
      if (i.fitsLong()) {
        long v = i.value();
        if (v >= 0) {
          writeHead(out, MAJOR_UNSIGNED, v);
        } else {
          writeHead(out, MAJOR_NEGATIVE, -1 - v);
        }
      } else {
        BigInteger b = i.big();
        boolean negative = b.signum() < 0;
        BigInteger n = negative ? b.negate().subtract(BigInteger.ONE) : b;
        writeHead(out, negative ? MAJOR_NEGATIVE : MAJOR_UNSIGNED, n.longValue());
      }
    } else if (value instanceof CborValue.Bytes b) {
      writeHead(out, MAJOR_BYTES, b.value().length);
      out.writeBytes(b.value());
    } else if (value instanceof CborValue.Text t) {
      byte[] utf8 = t.value().getBytes(StandardCharsets.UTF_8);
      writeHead(out, MAJOR_TEXT, utf8.length);
      out.writeBytes(utf8);
    } else if (value instanceof CborValue.Array a) {
      writeHead(out, MAJOR_ARRAY, a.items().size());
      for (CborValue item : a.items()) {
        encode(item, out);
      }
    } else if (value instanceof CborValue.MapValue m) {
      writeHead(out, MAJOR_MAP, m.size());
      List<CborValue.Entry> sorted = m.entries();
      if (sorted.size() > 1) {
        sorted = new ArrayList<>(sorted);
        sorted.sort(BY_KEY);
      }
      for (CborValue.Entry e : sorted) {
        encode(e.key(), out);
        encode(e.value(), out);
      }
    } else if (value instanceof CborValue.SetValue s) {
      writeHead(out, MAJOR_TAG, TAG_SET);
      List<CborValue> sorted = new ArrayList<>(s.items());
      sorted.sort(CborEncoder::compareMercurial);
      writeHead(out, MAJOR_ARRAY, sorted.size());
      for (CborValue item : sorted) {
        encode(item, out);
      }
    } else if (value instanceof CborValue.IndefiniteBytes ib) {
      out.write(INDEFINITE_BYTES_HEAD);
      for (byte[] chunk : ib.chunks()) {
        writeHead(out, MAJOR_BYTES, chunk.length);
        out.writeBytes(chunk);
      }
      out.write(BREAK);
    } else if (value instanceof CborValue.Bool b) {
      out.write(b.value() ? 0xf5 : 0xf4);
    } else if (value instanceof CborValue.Null) {
      out.write(0xf6);
    } else if (value instanceof CborValue.Undefined) {
      out.write(0xf7);
    } else if (value instanceof CborValue.FloatValue f) {
      out.write(0xfb);
      long bits = Double.doubleToLongBits(f.value());
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (bits >>> shift));
      }
    } else if (value instanceof CborValue.Tagged t) {
      writeHead(out, MAJOR_TAG, t.tag());
      encode(t.content(), out);
    } else {
      throw new IllegalArgumentException("unknown CBOR value " + value);
    }
  }

  /**
   * Writes a head: the major type and its argument in the shortest form. {@code argument} is read
   * as unsigned 64-bit.
   */
  public static void writeHead(ByteArrayOutputStream out, int major, long argument) {
    int mt = major << 5;
    if (argument >= 0 && argument < 24) {
      out.write(mt | (int) argument);
    } else if (argument >= 0 && argument < 0x100) {
      out.write(mt | 24);
      out.write((int) argument);
    } else if (argument >= 0 && argument < 0x10000) {
      out.write(mt | 25);
      out.write((int) (argument >>> 8));
      out.write((int) argument);
    } else if (argument >= 0 && argument < 0x100000000L) {
      out.write(mt | 26);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((int) (argument >>> shift));
      }
    } else {
      out.write(mt | 27);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (argument >>> shift));
      }
    }
  }

  /** Bytes a head with this argument takes: 1, 2, 3, 5 or 9. */
  public static int headSize(long argument) {
    if (argument >= 0 && argument < 24) {
      return 1;
    } else if (argument >= 0 && argument < 0x100) {
      return 2;
    } else if (argument >= 0 && argument < 0x10000) {
      return 3;
    } else if (argument >= 0 && argument < 0x100000000L) {
      return 5;
    }
    return 9;
  }

  /**
   * Mercurial's order for map keys and set items: Python's {@code (type(v).__name__, v)}. Values of
   * one type compare by value (bytes unsigned lexicographically, ints numerically, text by code
   * point); composite values of one type fall back to comparing their encodings. The sort is
   * stable, as Python's is.
   */
  public static int compareMercurial(CborValue a, CborValue b) {
    int byType = pythonTypeName(a).compareTo(pythonTypeName(b));
    if (byType != 0) {
      return byType;
    }
    if (a instanceof CborValue.Bytes x && b instanceof CborValue.Bytes y) {
      return Arrays.compareUnsigned(x.value(), y.value());
    } else if (a instanceof CborValue.Int x && b instanceof CborValue.Int y) {
      return x.fitsLong() && y.fitsLong()
          ? Long.compare(x.value(), y.value())
          : x.bigValue().compareTo(y.bigValue());
    } else if (a instanceof CborValue.Text x && b instanceof CborValue.Text y) {
      return compareCodePoints(x.value(), y.value());
    } else if (a instanceof CborValue.Bool x && b instanceof CborValue.Bool y) {
      return Boolean.compare(x.value(), y.value());
    } else if (a instanceof CborValue.FloatValue x && b instanceof CborValue.FloatValue y) {
      return Double.compare(x.value(), y.value());
    } else if (a instanceof CborValue.Null || a instanceof CborValue.Undefined) {
      return 0;
    }
    return Arrays.compareUnsigned(encode(a), encode(b));
  }

  private static String pythonTypeName(CborValue v) {
    if (v instanceof CborValue.Bytes || v instanceof CborValue.IndefiniteBytes) {
      return "bytes";
    } else if (v instanceof CborValue.Int) {
      return "int";
    } else if (v instanceof CborValue.Text) {
      return "str";
    } else if (v instanceof CborValue.Bool) {
      return "bool";
    } else if (v instanceof CborValue.Null) {
      return "NoneType";
    } else if (v instanceof CborValue.Array) {
      return "list";
    } else if (v instanceof CborValue.MapValue) {
      return "dict";
    } else if (v instanceof CborValue.SetValue) {
      return "set";
    } else if (v instanceof CborValue.FloatValue) {
      return "float";
    }
    return "~" + v.getClass().getSimpleName();
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
