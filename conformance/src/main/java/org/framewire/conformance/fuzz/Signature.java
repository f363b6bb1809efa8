package org.framewire.conformance.fuzz;

import java.util.Objects;

/**
 * What kind of finding a failing input is, so that a run reports each kind once (docs/fuzzing.md):
 * how the input was generated, what the reference server made of it, and what the target did.
 * Shrinking keeps it: a shrunk case has the signature of the input it came from.
 *
 * <p>Written {@code GENERATED | REFERENCE | TARGET}, for example {@code EVEN_REQUEST_ID/FRAME-7 |
 * rejected FRAME-7 | accepted}; a deviations file lists signatures in this form.
 *
 * @param generated the generator's label ({@link Input#generated()})
 * @param reference the reference server's verdict class ({@link Reaction#verdictClass()})
 * @param target the target's verdict class, with what else failed ({@code requests unanswered},
 *     {@code then the canary: ...})
 */
public record Signature(String generated, String reference, String target) {

  public Signature {
    Objects.requireNonNull(generated, "generated");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(target, "target");
  }

  /** The part of the signature shrinking must keep: the generator's label belongs to the original. */
  boolean sameOutcome(Signature other) {
    return reference.equals(other.reference) && target.equals(other.target);
  }

  /** Parses {@code GENERATED | REFERENCE | TARGET}. */
  static Signature parse(String text) {
    String[] parts = text.split("\\|", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("a signature is GENERATED | REFERENCE | TARGET, not " + text);
    }
    return new Signature(parts[0].trim(), parts[1].trim(), parts[2].trim());
  }

  @Override
  public String toString() {
    return generated + " | " + reference + " | " + target;
  }
}
