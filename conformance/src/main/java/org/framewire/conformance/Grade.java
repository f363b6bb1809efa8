package org.framewire.conformance;

/**
 * The grade of one conformance case, from best to worst.
 *
 * <p>A case declares the outcomes the specification allows; the grade says which of them the target
 * showed. Only {@link #FAIL} makes a run fail by default; {@code --strict} also fails on {@link
 * #NON_STRICT}.
 */
public enum Grade {
  /** The target did what the specification prefers. */
  PASS("pass"),
  /** The target did something else the specification also allows (e.g. closed instead of an error frame). */
  ACCEPTABLE("acceptable"),
  /** A SHOULD or SHOULD NOT was not met; every MUST was. */
  NON_STRICT("non-strict"),
  /** The case needs a capability the target declares it lacks. */
  NOT_APPLICABLE("not-applicable"),
  /** A MUST or MUST NOT was broken, or the target hung or misbehaved. */
  FAIL("fail");

  private final String label;

  Grade(String label) {
    this.label = label;
  }

  /** The grade as reports print it: {@code pass}, {@code acceptable}, {@code non-strict}, ... */
  public String label() {
    return label;
  }

  /** Whether this grade fails a run; {@code strict} counts {@link #NON_STRICT} as failing too. */
  public boolean fails(boolean strict) {
    return this == FAIL || (strict && this == NON_STRICT);
  }

  /** The grade a report label names. */
  public static Grade ofLabel(String label) {
    for (Grade g : values()) {
      if (g.label.equals(label)) {
        return g;
      }
    }
    throw new IllegalArgumentException("no grade " + label);
  }
}
