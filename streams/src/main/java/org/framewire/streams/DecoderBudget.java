package org.framewire.streams;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decoder contexts allowed at once across every {@link StreamRegistry} that shares this budget,
 * such as all the connections of one server (SPEC.md §10: a zstd-8mb context may hold an 8 MiB
 * window, so per-connection bounds alone let many connections add up to gigabytes). A stream
 * settings frame that would create a context beyond the budget is an {@code ENC-12} violation,
 * like one beyond the connection's own bound. Thread-safe.
 */
public final class DecoderBudget {

  /** A budget that never refuses and counts nothing: per-connection bounds only. */
  public static final DecoderBudget UNLIMITED = new DecoderBudget(Integer.MAX_VALUE);

  private final int max;
  private final AtomicInteger inUse = new AtomicInteger();

  /** A budget of {@code max} contexts, at least 1. */
  public DecoderBudget(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max " + max + " is not positive");
    }
    this.max = max;
  }

  public int max() {
    return max;
  }

  /** Contexts held now (0 for {@link #UNLIMITED}, which counts nothing). */
  public int inUse() {
    return inUse.get();
  }

  /** Takes one context if the budget has one left. */
  boolean tryReserve() {
    if (this == UNLIMITED) {
      return true;
    }
    while (true) {
      int n = inUse.get();
      if (n >= max) {
        return false;
      }
      if (inUse.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Returns one context taken with {@link #tryReserve()}. */
  void release() {
    if (this != UNLIMITED) {
      inUse.decrementAndGet();
    }
  }

  @Override
  public String toString() {
    return this == UNLIMITED ? "DecoderBudget[unlimited]" : "DecoderBudget[" + inUse.get() + "/" + max + "]";
  }
}
