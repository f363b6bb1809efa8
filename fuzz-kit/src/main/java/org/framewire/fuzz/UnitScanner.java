package org.framewire.fuzz;

import java.util.ArrayDeque;
import org.framewire.spec.Requirement;

/**
 * The structural checks of SPEC.md §5.4 over one CBOR unit, in reading order, written from the
 * spec alone so that the generators can label truncated and length-edited encodings without asking
 * the decoder under test: a head that does not fit is CBOR-1; a definite string declaring more bytes
 * than remain after its head (in a whole unit) or more than the maximum length, an array or map
 * declaring more items than remaining bytes could hold, or an item deeper than the maximum depth is
 * CBOR-2; input that ends inside an item is CBOR-1.
 *
 * <p>It checks structure only: the inputs it is given are valid encodings that were cut or had
 * one head edited, so it does not look at UTF-8, simple values or reserved additional information
 * beyond what it must to walk the items.
 */
final class UnitScanner {

  private UnitScanner() {}

  /**
   * The first violation in {@code unit}, or {@code null} for a well-formed sequence of items.
   *
   * @param whole whether the receiver holds the whole unit, so declared lengths are also bounded
   *     by the bytes that remain (every unit but a response)
   */
  static Requirement firstViolation(byte[] unit, boolean whole, int maxDepth) {
    // Each open container: items still expected, or -1 for indefinite length.
    ArrayDeque<long[]> open = new ArrayDeque<>();
    int p = 0;
    while (p < unit.length) {
      int initial = unit[p] & 0xFF;
      int major = initial >>> 5;
      int info = initial & 0x1F;
      if (initial == 0xFF) {
        if (open.isEmpty() || open.peek()[0] != -1) {
          return Requirement.CBOR_WELL_FORMED;
        }
        open.pop();
        p++;
        p = completeItem(open, p);
        continue;
      }
      if (open.size() + 1 > maxDepth) {
        return Requirement.CBOR_LIMITS;
      }
      int width = HeadWalker.argumentWidth(info);
      if (info >= 28 && info <= 30) {
        return Requirement.CBOR_WELL_FORMED;
      }
      if (p + 1 + width > unit.length) {
        return Requirement.CBOR_WELL_FORMED;
      }
      long argument = info < 24 ? info : 0;
      for (int i = 0; i < width; i++) {
        argument = argument << 8 | (unit[p + 1 + i] & 0xFF);
      }
      p += 1 + width;
      long remaining = unit.length - p;
      if (info == 31) {
        if (major < 2 || major > 5) {
          return Requirement.CBOR_WELL_FORMED;
        }
        open.push(new long[] {-1});
        continue;
      }
      switch (major) {
        case 2, 3 -> {
          if (Long.compareUnsigned(argument, ProtocolLimits.CBOR_MAX_LENGTH) > 0
              || whole && Long.compareUnsigned(argument, remaining) > 0) {
            return Requirement.CBOR_LIMITS;
          }
          if (Long.compareUnsigned(argument, remaining) > 0) {
            return Requirement.CBOR_WELL_FORMED; // streamed: the unit ends inside the string
          }
          p += (int) argument;
          p = completeItem(open, p);
        }
        case 4, 5 -> {
          long items = major == 5 ? argument * 2 : argument;
          boolean overflow = major == 5 && Long.compareUnsigned(argument, Long.MAX_VALUE / 2) > 0;
          if (overflow || Long.compareUnsigned(items, ProtocolLimits.CBOR_MAX_ITEMS) > 0
              || whole && Long.compareUnsigned(items, remaining) > 0) {
            return Requirement.CBOR_LIMITS;
          }
          if (items == 0) {
            p = completeItem(open, p);
          } else {
            open.push(new long[] {items});
          }
        }
        case 6 -> open.push(new long[] {1});
        default -> p = completeItem(open, p);
      }
    }
    return open.isEmpty() ? null : Requirement.CBOR_WELL_FORMED;
  }

  /** Counts one finished item against the open containers, closing those it completes. */
  private static int completeItem(ArrayDeque<long[]> open, int p) {
    while (!open.isEmpty() && open.peek()[0] > 0) {
      if (--open.peek()[0] > 0) {
        break;
      }
      open.pop();
    }
    return p;
  }
}
