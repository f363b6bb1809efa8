package org.framewire.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Cuts byte strings into the chunks a receiver is fed, so that properties can check that a parser's
 * result does not depend on where its input was split (SPEC.md §2.5: a frame decoder needs no state
 * beyond the frame it is reading, whatever the reads return).
 *
 * <p>Cuts are positions strictly inside the input: cut {@code c} ends one chunk after byte {@code
 * c - 1}. Generated cut lists shrink towards fewer cuts and towards the start of the input.
 */
public final class Chunking {

  private Chunking() {}

  /**
   * Sorted, distinct cut positions inside an input of {@code length} bytes, at most {@code
   * maxCuts} of them, anywhere: one-byte chunks, a cut inside a frame header, a cut right after it.
   */
  public static Arbitrary<List<Integer>> cuts(int length, int maxCuts) {
    if (length < 2) {
      return Arbitraries.just(List.of());
    }
    return Arbitraries.integers()
        .between(1, length - 1)
        .list()
        .ofMaxSize(Math.min(maxCuts, length - 1))
        .map(Chunking::normalize);
  }

  /** {@link #cuts(int, int)} with up to 16 cuts. */
  public static Arbitrary<List<Integer>> cuts(int length) {
    return cuts(length, 16);
  }

  /** {@code bytes} as chunks cut at generated positions: {@link #split} over {@link #cuts}. */
  public static Arbitrary<List<ByteBuffer>> chunks(byte[] bytes) {
    return cuts(bytes.length).map(c -> split(bytes, c));
  }

  /**
   * The chunks of {@code bytes} between the given cuts; positions outside {@code 1..length-1} and
   * repeated positions are ignored. The chunks are read-only views of {@code bytes}, not copies.
   */
  public static List<ByteBuffer> split(byte[] bytes, List<Integer> cuts) {
    List<ByteBuffer> chunks = new ArrayList<>();
    int from = 0;
    for (int cut : normalize(cuts)) {
      if (cut >= bytes.length) {
        break;
      }
      chunks.add(ByteBuffer.wrap(bytes, from, cut - from).slice().asReadOnlyBuffer());
      from = cut;
    }
    chunks.add(ByteBuffer.wrap(bytes, from, bytes.length - from).slice().asReadOnlyBuffer());
    return chunks;
  }

  /**
   * Every way of cutting {@code bytes} in two, from {@code [1 byte, rest]} to {@code [all but the
   * last byte, last byte]}: for exhaustive checks of one input at every boundary.
   */
  public static Stream<List<ByteBuffer>> everySplitInTwo(byte[] bytes) {
    return IntStream.range(1, Math.max(1, bytes.length)).mapToObj(c -> split(bytes, List.of(c)));
  }

  /** {@code bytes} as one chunk per byte. */
  public static List<ByteBuffer> bytewise(byte[] bytes) {
    List<Integer> all = new ArrayList<>();
    for (int i = 1; i < bytes.length; i++) {
      all.add(i);
    }
    return split(bytes, all);
  }

  private static List<Integer> normalize(List<Integer> cuts) {
    TreeSet<Integer> sorted = new TreeSet<>();
    for (int c : cuts) {
      if (c > 0) {
        sorted.add(c);
      }
    }
    return List.copyOf(sorted);
  }
}
