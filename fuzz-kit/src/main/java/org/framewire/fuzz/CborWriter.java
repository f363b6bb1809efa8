package org.framewire.fuzz;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborValue;

/**
 * Writes {@link CborValue}s in any of the encodings RFC 8949 allows a decoder to accept (SPEC.md
 * §5.1), not just the deterministic one: heads wider than necessary, and definite values written
 * as indefinite-length arrays, maps and chunked strings. It returns the value a decoder yields for
 * the bytes written, which differs from the input only where the data model keeps the form: a byte
 * string written in chunks decodes to {@link CborValue.IndefiniteBytes}.
 *
 * <p>Map keys and set items are always written as definite strings, so that written and decoded
 * keys stay distinct (CBOR-5). Entries keep their order. Every decision comes from the {@link
 * RandomSource}, so a writer is deterministic.
 */
final class CborWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final RandomSource random;
  private final boolean nonMinimal;
  private final boolean indefinite;

  /**
   * @param nonMinimal whether heads may be wider than their argument needs
   * @param indefinite whether arrays, maps and strings may be written with indefinite length
   */
  CborWriter(RandomSource random, boolean nonMinimal, boolean indefinite) {
    this.random = random;
    this.nonMinimal = nonMinimal;
    this.indefinite = indefinite;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  /** Writes {@code v} and returns everything written so far. */
  byte[] writeAll(CborValue v) {
    write(v);
    return toByteArray();
  }

  /** Writes {@code v}; returns what a decoder yields for it. */
  CborValue write(CborValue v) {
    return write(v, false);
  }

  private CborValue write(CborValue v, boolean definiteStrings) {
    if (v instanceof CborValue.Int i) {
      if (i.fitsLong()) {
        long x = i.value();
        head(x >= 0 ? 0 : 1, x >= 0 ? x : -1 - x);
      } else {
        BigInteger b = i.big();
        boolean negative = b.signum() < 0;
        head(negative ? 1 : 0, (negative ? b.negate().subtract(BigInteger.ONE) : b).longValue());
      }
      return v;
    } else if (v instanceof CborValue.Bytes b) {
      if (!definiteStrings && indefinite && random.chance(30)) {
        List<byte[]> chunks = chunks(b.value());
        out.write(0x5f);
        for (byte[] c : chunks) {
          head(2, c.length);
          out.writeBytes(c);
        }
        out.write(0xff);
        return new CborValue.IndefiniteBytes(chunks);
      }
      head(2, b.value().length);
      out.writeBytes(b.value());
      return v;
    } else if (v instanceof CborValue.IndefiniteBytes ib) {
      out.write(0x5f);
      for (byte[] c : ib.chunks()) {
        head(2, c.length);
        out.writeBytes(c);
      }
      out.write(0xff);
      return v;
    } else if (v instanceof CborValue.Text t) {
      if (!definiteStrings && indefinite && random.chance(30)) {
        out.write(0x7f);
        for (String c : textChunks(t.value())) {
          byte[] utf8 = c.getBytes(StandardCharsets.UTF_8);
          head(3, utf8.length);
          out.writeBytes(utf8);
        }
        out.write(0xff);
        return v;
      }
      byte[] utf8 = t.value().getBytes(StandardCharsets.UTF_8);
      head(3, utf8.length);
      out.writeBytes(utf8);
      return v;
    } else if (v instanceof CborValue.Array a) {
      boolean indef = indefinite && random.chance(30);
      if (indef) {
        out.write(0x9f);
      } else {
        head(4, a.items().size());
      }
      List<CborValue> decoded = new ArrayList<>(a.items().size());
      for (CborValue item : a.items()) {
        decoded.add(write(item, definiteStrings));
      }
      if (indef) {
        out.write(0xff);
      }
      return new CborValue.Array(decoded);
    } else if (v instanceof CborValue.MapValue m) {
      boolean indef = indefinite && random.chance(30);
      if (indef) {
        out.write(0xbf);
      } else {
        head(5, m.size());
      }
      List<CborValue.Entry> decoded = new ArrayList<>(m.size());
      for (CborValue.Entry e : m.entries()) {
        CborValue key = write(e.key(), true);
        decoded.add(new CborValue.Entry(key, write(e.value(), definiteStrings)));
      }
      if (indef) {
        out.write(0xff);
      }
      return new CborValue.MapValue(decoded);
    } else if (v instanceof CborValue.SetValue s) {
      head(6, 258);
      head(4, s.items().size());
      for (CborValue item : s.items()) {
        write(item, true);
      }
      return v;
    } else if (v instanceof CborValue.Bool b) {
      out.write(b.value() ? 0xf5 : 0xf4);
      return v;
    } else if (v instanceof CborValue.Null) {
      out.write(0xf6);
      return v;
    } else if (v instanceof CborValue.Undefined) {
      out.write(0xf7);
      return v;
    } else if (v instanceof CborValue.FloatValue f) {
      float narrow = (float) f.value();
      if (nonMinimal || (double) narrow != f.value() || Double.isNaN(f.value()) || random.chance(50)) {
        out.write(0xfb);
        writeBig(Double.doubleToLongBits(f.value()), 8);
      } else {
        out.write(0xfa);
        writeBig(Float.floatToIntBits(narrow) & 0xFFFFFFFFL, 4);
      }
      return v;
    } else if (v instanceof CborValue.Tagged t) {
      head(6, t.tag());
      return new CborValue.Tagged(t.tag(), write(t.content(), definiteStrings));
    }
    throw new IllegalArgumentException("unknown CBOR value " + v);
  }

  /** Writes a head for {@code argument} (unsigned), widened at random when non-minimal. */
  void head(int major, long argument) {
    int width = minimalWidth(argument);
    if (nonMinimal && width < 8 && random.chance(40)) {
      int[] wider = {1, 2, 4, 8};
      List<Integer> options = new ArrayList<>();
      for (int w : wider) {
        if (w > width) {
          options.add(w);
        }
      }
      width = random.pick(options);
    }
    writeHead(out, major, argument, width);
  }

  /** Argument bytes the shortest head for {@code argument} needs: 0 (inline), 1, 2, 4 or 8. */
  static int minimalWidth(long argument) {
    if (Long.compareUnsigned(argument, 24) < 0) {
      return 0;
    } else if (Long.compareUnsigned(argument, 0x100) < 0) {
      return 1;
    } else if (Long.compareUnsigned(argument, 0x10000) < 0) {
      return 2;
    } else if (Long.compareUnsigned(argument, 0x100000000L) < 0) {
      return 4;
    }
    return 8;
  }

  /** Writes a head with exactly {@code width} argument bytes (0 = inline, argument below 24). */
  static void writeHead(ByteArrayOutputStream out, int major, long argument, int width) {
    int mt = major << 5;
    switch (width) {
      case 0 -> out.write(mt | (int) argument);
      case 1 -> out.write(mt | 24);
      case 2 -> out.write(mt | 25);
      case 4 -> out.write(mt | 26);
      case 8 -> out.write(mt | 27);
      default -> throw new IllegalArgumentException("head width " + width);
    }
    for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
      out.write((int) (argument >>> shift));
    }
  }

  private void writeBig(long bits, int bytes) {
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
      out.write((int) (bits >>> shift));
    }
  }

  private List<byte[]> chunks(byte[] value) {
    List<byte[]> chunks = new ArrayList<>();
    int at = 0;
    int pieces = random.nextInt(4);
    for (int i = 0; i < pieces && at < value.length; i++) {
      int n = random.nextInt(value.length - at + 1);
      byte[] c = new byte[n];
      System.arraycopy(value, at, c, 0, n);
      chunks.add(c);
      at += n;
    }
    if (at < value.length || chunks.isEmpty() && value.length > 0) {
      byte[] rest = new byte[value.length - at];
      System.arraycopy(value, at, rest, 0, rest.length);
      chunks.add(rest);
    }
    return chunks;
  }

  /** Chunks cut between code points, so each is valid UTF-8 on its own (SPEC.md §5.1). */
  private List<String> textChunks(String value) {
    List<String> chunks = new ArrayList<>();
    int[] cps = value.codePoints().toArray();
    int at = 0;
    int pieces = random.nextInt(4);
    for (int i = 0; i < pieces && at < cps.length; i++) {
      int n = random.nextInt(cps.length - at + 1);
      chunks.add(new String(cps, at, n));
      at += n;
    }
    if (at < cps.length) {
      chunks.add(new String(cps, at, cps.length - at));
    }
    return chunks;
  }
}
