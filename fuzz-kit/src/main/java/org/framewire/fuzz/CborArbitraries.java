package org.framewire.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.cbor.arbitraries.CborValueArbitraries;
import org.framewire.spec.Requirement;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for CBOR units (SPEC.md §5) in every form a decoder meets: deterministic,
 * non-minimal, indefinite-length, nested to and past the depth limit, truncated, with over-long
 * declared lengths, and malformed — each {@link CborCase} labelled with the requirement a decoder
 * must report. The values inside come from {@link CborValueArbitraries} (module cbor), the one set
 * of CBOR value generators.
 *
 * <pre>{@code
 * @Property
 * void decoderFollowsSpec(@ForAll("cbor") CborCase c) {
 *   if (c.valid()) {
 *     assertEquals(List.of(c.value()), myDecoder.decodeWholeUnit(c.bytes()));
 *   } else {
 *     assertEquals(c.requirement(), myDecoder.failureOf(c.bytes()));
 *   }
 * }
 *
 * @Provide
 * Arbitrary<CborCase> cbor() {
 *   return CborArbitraries.cases(64);
 * }
 * }</pre>
 */
public final class CborArbitraries {

  private CborArbitraries() {}

  /** Cases of every {@link CborCase.Kind}, for a decoder whose maximum nesting depth is {@code maxDepth}. */
  public static Arbitrary<CborCase> cases(int maxDepth) {
    return Arbitraries.of(CborCase.Kind.class).flatMap(kind -> cases(kind, maxDepth));
  }

  /** Cases of one kind, for a decoder whose maximum nesting depth is {@code maxDepth}. */
  public static Arbitrary<CborCase> cases(CborCase.Kind kind, int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth " + maxDepth + " below 1");
    }
    return Combinators.combine(CborValueArbitraries.values(2), Arbitraries.longs())
        .as((value, seed) -> make(kind, value, RandomSource.seeded(seed), maxDepth));
  }

  /**
   * The case of {@code kind} built from {@code value}, every further decision taken from {@code
   * random}: the deterministic entry point behind {@link #cases}, for fuzzers that drive it with
   * their own bytes.
   */
  public static CborCase make(CborCase.Kind kind, CborValue value, RandomSource random, int maxDepth) {
    return switch (kind) {
      case CANONICAL -> valid(kind, CborEncoder.encode(value), CborValueArbitraries.canonical(value));
      case NON_MINIMAL -> {
        CborWriter w = new CborWriter(random, true, false);
        CborValue decoded = w.write(value);
        yield valid(kind, w.toByteArray(), decoded);
      }
      case INDEFINITE -> {
        CborWriter w = new CborWriter(random, random.chance(50), true);
        CborValue decoded = w.write(value);
        yield valid(kind, w.toByteArray(), decoded);
      }
      case NESTED_TO_LIMIT -> nested(kind, maxDepth, maxDepth, random);
      case NESTED_PAST_LIMIT -> nested(kind,
          maxDepth + 1 + (random.chance(20) ? random.nextInt(100_000) : random.nextInt(3)), maxDepth, random);
      case TRUNCATED -> truncated(value, random, maxDepth);
      case OVERLONG_LENGTH -> overlong(value, random, maxDepth);
      case MALFORMED -> malformed(value, random);
    };
  }

  private static CborCase valid(CborCase.Kind kind, byte[] bytes, CborValue decoded) {
    return new CborCase(kind, bytes, decoded, null, null);
  }

  /**
   * Containers nested so that the deepest item has depth {@code depth} (SPEC.md §5.4: a top-level
   * item has depth 1). The innermost item is an empty container or a non-string scalar; the
   * containers are arrays, single-entry maps, tags and indefinite-length arrays. Written directly as
   * bytes, without recursion, so that depths in the hundreds of thousands cost nothing but bytes.
   */
  static CborCase nested(CborCase.Kind kind, int depth, int maxDepth, RandomSource random) {
    int innermost = random.nextInt(5); // [], {}, an integer, true, null
    int style = random.nextInt(5); // one shape throughout (0..3), or mixed (4)
    int[] shapes = new int[depth - 1];
    for (int i = 0; i < shapes.length; i++) {
      shapes[i] = style == 4 ? random.nextInt(4) : style;
    }
    int number = random.nextInt(24);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int shape : shapes) {
      switch (shape) {
        case 0 -> out.write(0x81);
        case 1 -> out.writeBytes(new byte[] {(byte) 0xa1, 0x41, 'k'});
        case 2 -> out.writeBytes(new byte[] {(byte) 0xd9, 0x03, (byte) 0xe8}); // tag 1000
        default -> out.write(0x9f);
      }
    }
    out.write(switch (innermost) {
      case 0 -> 0x80;
      case 1 -> 0xa0;
      case 2 -> number;
      case 3 -> 0xf5;
      default -> 0xf6;
    });
    for (int i = shapes.length - 1; i >= 0; i--) {
      if (shapes[i] == 3) {
        out.write(0xff);
      }
    }
    byte[] bytes = out.toByteArray();
    if (!kind.valid()) {
      Requirement r = UnitScanner.firstViolation(bytes, true, maxDepth);
      return new CborCase(kind, bytes, null, r, r);
    }
    CborValue v = switch (innermost) {
      case 0 -> CborValue.Array.of();
      case 1 -> CborValue.MapValue.of();
      case 2 -> new CborValue.Int(number);
      case 3 -> CborValue.TRUE;
      default -> CborValue.NULL;
    };
    for (int i = shapes.length - 1; i >= 0; i--) {
      v = switch (shapes[i]) {
        case 1 -> CborValue.MapValue.of(CborValue.Bytes.of("k"), v);
        case 2 -> new CborValue.Tagged(1000, v);
        default -> CborValue.Array.of(v);
      };
    }
    return valid(kind, bytes, v);
  }

  /** A valid encoding cut where no head overruns the rest, or an indefinite array left open. */
  private static CborCase truncated(CborValue value, RandomSource random, int maxDepth) {
    byte[] full = new CborWriter(random, random.chance(50), random.chance(50)).writeAll(value);
    List<Integer> cuts = new ArrayList<>();
    for (int c = 1; c < full.length; c++) {
      byte[] prefix = java.util.Arrays.copyOf(full, c);
      if (UnitScanner.firstViolation(prefix, true, maxDepth) == Requirement.CBOR_WELL_FORMED) {
        cuts.add(c);
      }
    }
    byte[] bytes;
    if (cuts.isEmpty() || random.chance(20)) {
      bytes = new byte[full.length + 1];
      bytes[0] = (byte) 0x9f; // an indefinite-length array whose break never comes
      System.arraycopy(full, 0, bytes, 1, full.length);
    } else {
      bytes = java.util.Arrays.copyOf(full, random.pick(cuts));
    }
    return new CborCase(CborCase.Kind.TRUNCATED, bytes, null,
        UnitScanner.firstViolation(bytes, true, maxDepth), UnitScanner.firstViolation(bytes, false, maxDepth));
  }

  /**
   * A valid encoding with one string, array or map head rewritten to declare more than the bytes
   * after it: a little more (up to 2^16 beyond), or hugely more (2^32 and up, past every limit).
   */
  private static CborCase overlong(CborValue value, RandomSource random, int maxDepth) {
    byte[] full = new CborWriter(random, random.chance(30), false).writeAll(value);
    List<int[]> heads = HeadWalker.sizedHeads(full);
    if (heads.isEmpty()) {
      full = new CborWriter(random, false, false).writeAll(CborValue.Array.of(value));
      heads = HeadWalker.sizedHeads(full);
    }
    int[] head = random.pick(heads); // {position, major, width}
    int at = head[0];
    int major = head[1];
    int oldWidth = head[2];
    long after = full.length - (at + 1 + oldWidth);
    long declared;
    if (random.chance(10)) {
      declared = -1L; // 2^64 - 1, the largest a head can declare
    } else if (random.chance(20)) {
      declared = (1L << 32) + random.nextInt(Integer.MAX_VALUE) * (long) (random.nextInt(1 << 20) + 1);
    } else {
      long needed = major == 5 ? after / 2 + 1 : after + 1;
      declared = needed + random.nextInt(1 << 16);
    }
    int width = Math.max(oldWidth, CborWriter.minimalWidth(declared));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(full, 0, at);
    CborWriter.writeHead(out, major, declared, width);
    out.write(full, at + 1 + oldWidth, full.length - (at + 1 + oldWidth));
    byte[] bytes = out.toByteArray();
    return new CborCase(CborCase.Kind.OVERLONG_LENGTH, bytes, null,
        UnitScanner.firstViolation(bytes, true, maxDepth), UnitScanner.firstViolation(bytes, false, maxDepth));
  }

  /** Items that are not well-formed or lie outside the data model of SPEC.md §5.1 (CBOR-1). */
  static final List<byte[]> MALFORMED_ITEMS = List.of(
      new byte[] {0x1c}, // unsigned with reserved additional information 28
      new byte[] {0x5d}, // byte string, reserved 29
      new byte[] {(byte) 0x9e}, // array, reserved 30
      new byte[] {(byte) 0xfc}, // major 7, reserved 28
      new byte[] {0x1f}, // indefinite unsigned integer
      new byte[] {0x3f}, // indefinite negative integer
      new byte[] {(byte) 0xdf, 0x01}, // indefinite tag
      new byte[] {(byte) 0xff}, // break outside an indefinite-length item
      new byte[] {0x5f, 0x61, 0x61, (byte) 0xff}, // text chunk in an indefinite byte string
      new byte[] {0x7f, 0x41, 0x61, (byte) 0xff}, // byte chunk in an indefinite text string
      new byte[] {0x5f, 0x5f, (byte) 0xff, (byte) 0xff}, // indefinite chunk in an indefinite byte string
      new byte[] {(byte) 0xe0}, // simple value 0
      new byte[] {(byte) 0xf3}, // simple value 19
      new byte[] {(byte) 0xf8, 0x20}, // two-byte simple value 32
      new byte[] {(byte) 0xf8, 0x10}, // two-byte simple value below 32
      new byte[] {(byte) 0xd9, 0x01, 0x02, (byte) 0xa0}, // tag 258 over a map
      new byte[] {(byte) 0xd9, 0x01, 0x02, 0x01}, // tag 258 over an integer
      new byte[] {0x62, (byte) 0xc3, 0x28}, // invalid UTF-8: bad continuation byte
      new byte[] {0x61, (byte) 0x80}, // invalid UTF-8: lone continuation byte
      new byte[] {0x62, (byte) 0xc0, (byte) 0xaf}, // invalid UTF-8: overlong encoding
      new byte[] {0x63, (byte) 0xed, (byte) 0xa0, (byte) 0x80}); // invalid UTF-8: a surrogate

  private static CborCase malformed(CborValue value, RandomSource random) {
    byte[] bad = random.pick(MALFORMED_ITEMS);
    byte[] bytes;
    if (random.chance(30)) {
      bytes = bad.clone();
    } else {
      // [value, BAD]: a valid prefix, then the bad item where an item is due.
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0x82);
      out.writeBytes(new CborWriter(random, false, false).writeAll(value));
      out.writeBytes(bad);
      bytes = out.toByteArray();
    }
    return new CborCase(CborCase.Kind.MALFORMED, bytes, null,
        Requirement.CBOR_WELL_FORMED, Requirement.CBOR_WELL_FORMED);
  }
}
