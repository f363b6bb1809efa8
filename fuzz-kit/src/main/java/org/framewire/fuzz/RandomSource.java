package org.framewire.fuzz;

import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Where the {@link ByteMutator} and the conversation model take their decisions from: a seeded
 * generator, a caller's {@link Random}, or a byte string such as the input a coverage-guided fuzzer
 * (Jazzer, libFuzzer) hands to its target.
 *
 * <p>Every source is deterministic: the same seed, the same {@code Random} state or the same bytes
 * give the same decisions, so any finding can be replayed from what produced it. A source over
 * bytes answers 0 once its bytes are used up, so it never fails and every byte string is a valid
 * decision sequence; a fuzzer mutating those bytes steers the decisions, and shorter inputs mean
 * simpler decisions.
 *
 * <p>Not thread-safe.
 */
public interface RandomSource {

  /**
   * The next decision: a value from 0 to {@code bound - 1}.
   *
   * @throws IllegalArgumentException when {@code bound} is below 1
   */
  int nextInt(int bound);

  /** A value from {@code min} to {@code max}, both inclusive. */
  default int nextInt(int min, int max) {
    if (max < min) {
      throw new IllegalArgumentException("empty range " + min + ".." + max);
    }
    long span = (long) max - min + 1;
    if (span > Integer.MAX_VALUE) {
      return (int) (min + ((long) nextInt(Integer.MAX_VALUE) * 2 + nextInt(2)) % span);
    }
    return min + nextInt((int) span);
  }

  /** True with probability {@code percent}/100 (for a source of uniform decisions). */
  default boolean chance(int percent) {
    return nextInt(100) >= 100 - percent;
  }

  /** Fills {@code bytes} with decisions from 0 to 255. */
  default void nextBytes(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) nextInt(256);
    }
  }

  /** One of {@code options}, chosen by the next decision. */
  default <T> T pick(java.util.List<T> options) {
    if (options.isEmpty()) {
      throw new IllegalArgumentException("nothing to pick from");
    }
    return options.get(nextInt(options.size()));
  }

  /** A source seeded with {@code seed}: the same seed always gives the same decisions. */
  static RandomSource seeded(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return bound -> {
      checkBound(bound);
      return random.nextInt(bound);
    };
  }

  /**
   * A source for one of many independent streams of decisions under one seed: {@code seeded(s, k)}
   * and {@code seeded(s, j)} share no pattern for {@code k != j} (the pair is mixed with SplitMix64's
   * finaliser), where {@code seeded(s + k)} and {@code seeded(s + j)} would be neighbours. Give each
   * violation kind, or each sequence of a run, its own stream: {@code seeded(seed, kind.ordinal())}
   * gives every kind its own valid prefix.
   */
  static RandomSource seeded(long seed, long stream) {
    long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return seeded(z ^ (z >>> 31));
  }

  /** A source that asks {@code random} for every decision. */
  static RandomSource of(Random random) {
    Objects.requireNonNull(random, "random");
    return bound -> {
      checkBound(bound);
      return random.nextInt(bound);
    };
  }

  /**
   * A source that reads its decisions from {@code data}, front to back: one byte for a bound up to
   * 256, two for a bound up to 65536, four otherwise, big-endian, reduced modulo the bound. Once the
   * bytes are used up every decision is 0. The array is not copied: do not change it while the
   * source is in use.
   */
  static RandomSource fromBytes(byte[] data) {
    return new ByteRandomSource(Objects.requireNonNull(data, "data"));
  }

  private static void checkBound(int bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound " + bound + " is below 1");
    }
  }

  /** {@link #fromBytes(byte[])}. */
  final class ByteRandomSource implements RandomSource {
    private final byte[] data;
    private int position;

    private ByteRandomSource(byte[] data) {
      this.data = data;
    }

    @Override
    public int nextInt(int bound) {
      checkBound(bound);
      int width = bound <= 0x100 ? 1 : bound <= 0x10000 ? 2 : 4;
      long value = 0;
      for (int i = 0; i < width; i++) {
        value = value << 8 | (position < data.length ? data[position++] & 0xFF : 0);
      }
      return (int) (value % bound);
    }

    /** Whether every byte has been read, so all further decisions are 0. */
    public boolean exhausted() {
      return position >= data.length;
    }
  }
}
