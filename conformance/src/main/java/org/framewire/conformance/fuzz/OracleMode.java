package org.framewire.conformance.fuzz;

/**
 * How strictly the fuzz oracle compares the target's verdict with the reference server's. In
 * either mode a target that accepts must answer the requests the reference answers, and one that
 * closes, times out or crashes never agrees with anything.
 */
public enum OracleMode {
  /** Both accept, or both reject naming the same requirement (ERR-3); the default. */
  EXACT("exact"),
  /** Both accept, or both reject with an error frame, whatever requirement they name. */
  VERDICT("verdict");

  private final String flag;

  OracleMode(String flag) {
    this.flag = flag;
  }

  /** The mode named {@code flag} ({@code exact} or {@code verdict}). */
  public static OracleMode of(String flag) {
    for (OracleMode m : values()) {
      if (m.flag.equals(flag)) {
        return m;
      }
    }
    throw new IllegalArgumentException("--oracle is exact or verdict, not " + flag);
  }

  /** Whether the verdicts agree (the answered requests are compared apart). */
  boolean agree(Reaction reference, Reaction target) {
    if (reference.kind() != target.kind()) {
      return false;
    }
    return switch (reference.kind()) {
      case ACCEPTED -> true;
      case REJECTED -> this == VERDICT || reference.requirement().equals(target.requirement());
      default -> false;
    };
  }

  @Override
  public String toString() {
    return flag;
  }
}
