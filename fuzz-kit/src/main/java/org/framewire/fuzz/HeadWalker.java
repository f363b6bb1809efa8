package org.framewire.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the heads of the data items in a CBOR byte sequence, front to back, without decoding it:
 * the places where a length or count can be edited. It steps over string contents and stops at the
 * first byte it cannot read as a head.
 */
final class HeadWalker {

  private HeadWalker() {}

  /**
   * The heads of definite-length strings, arrays and maps in {@code cbor}, each as {@code
   * {position, major type, argument width}} (width 0 for an argument held in the initial byte).
   */
  static List<int[]> sizedHeads(byte[] cbor) {
    return sizedHeads(cbor, 0, cbor.length);
  }

  /** {@link #sizedHeads(byte[])} over {@code cbor[from, to)}; positions are absolute. */
  static List<int[]> sizedHeads(byte[] cbor, int from, int to) {
    List<int[]> heads = new ArrayList<>();
    int p = from;
    while (p < to) {
      int initial = cbor[p] & 0xFF;
      int major = initial >>> 5;
      int info = initial & 0x1F;
      if (info >= 28 && info <= 30) {
        break;
      }
      int width = argumentWidth(info);
      if (p + 1 + width > to) {
        break;
      }
      long argument = info < 24 ? info : 0;
      for (int i = 0; i < width; i++) {
        argument = argument << 8 | (cbor[p + 1 + i] & 0xFF);
      }
      if (info != 31 && major >= 2 && major <= 5) {
        heads.add(new int[] {p, major, width});
      }
      p += 1 + width;
      if (info != 31 && (major == 2 || major == 3)) {
        if (Long.compareUnsigned(argument, to - p) > 0) {
          break;
        }
        p += (int) argument;
      }
    }
    return heads;
  }

  /** The bytes of argument that follow a CBOR initial byte with additional information {@code info} (RFC 8949 §3). */
  static int argumentWidth(int info) {
    return switch (info) {
      case 24 -> 1;
      case 25 -> 2;
      case 26 -> 4;
      case 27 -> 8;
      default -> 0;
    };
  }
}
