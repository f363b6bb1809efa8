package org.framewire.vectors;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The ways decoding cases feed their input: whole, one byte at a time, and in 3-byte and 7-byte
 * pieces (cutting headers and CBOR heads at every offset). Incremental decoders must give the same
 * outcome for each.
 */
final class Splits {
  static final int[] CHUNK_SIZES = {Integer.MAX_VALUE, 1, 3, 7};

  private Splits() {}

  /** {@code data} cut into read-only pieces of at most {@code size} bytes. */
  static List<ByteBuffer> cut(byte[] data, int size) {
    List<ByteBuffer> pieces = new ArrayList<>();
    for (int at = 0; at < data.length; at += Math.min(size, data.length - at)) {
      pieces.add(ByteBuffer.wrap(data, at, Math.min(size, data.length - at)).slice().asReadOnlyBuffer());
    }
    return pieces;
  }

  static String describe(int size) {
    return size == Integer.MAX_VALUE ? "whole" : size + "-byte pieces";
  }
}
