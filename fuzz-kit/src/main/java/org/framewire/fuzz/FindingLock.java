package org.framewire.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps a jqwik property on the finding it found first while jqwik shrinks it, as {@code framewire
 * fuzz}'s shrinker keeps a finding's signature (docs/fuzzing.md, "Shrinking").
 *
 * <p>jqwik keeps any smaller sample that fails. A server with two deviations then hands the report
 * of one to the other: a shrunk sample of an accepted FRAME-7 violation may be a one-frame
 * conversation that fails for a different reason, and the report shows the wrong finding. The lock
 * remembers the outcome of the first failure ({@link Oracle.Comparison#outcome()}, for example
 * {@code rejected FRAME-7 | accepted}) and fails a later sample only when its outcome is the same;
 * a sample that disagrees otherwise passes, and its outcome is listed in {@link #others()}, to be
 * hunted by the next run.
 *
 * <pre>{@code
 * class MyServerProperties {
 *   final FindingLock lock = new FindingLock();   // jqwik makes one instance per property
 *
 *   @Property(tries = 300)
 *   void agreesWithTheReference(@ForAll("conversations") Conversation c) throws IOException {
 *     lock.check(Oracle.compare(REFERENCE, MINE, c));
 *   }
 * }
 * }</pre>
 *
 * <p>One lock serves one property run: jqwik creates a fresh instance of the container class for
 * each property, so an instance field is right, a static one is not. Not thread-safe.
 */
public final class FindingLock {

  private String outcome;
  private final List<String> others = new ArrayList<>();

  /** Fails (an {@link AssertionError}) when the servers disagree with the locked outcome, or first. */
  public void check(Oracle.Comparison comparison) {
    if (!comparison.agree()) {
      fail(comparison.outcome(), comparison::toString);
    }
  }

  /**
   * Fails with {@code outcome} and the report, when no outcome is locked yet (the lock takes it) or
   * when {@code outcome} is the locked one; returns normally otherwise, noting the outcome.
   *
   * @param outcome what kind of failure this is, in any form the caller keeps stable
   * @param report the failure's description, built only when it fails
   */
  public void fail(String outcome, Supplier<String> report) {
    if (this.outcome == null) {
      this.outcome = outcome;
    } else if (!this.outcome.equals(outcome)) {
      if (!others.contains(outcome)) {
        others.add(outcome);
      }
      return;
    }
    throw new AssertionError(outcome + "\n" + report.get());
  }

  /** The locked outcome, once a sample failed. */
  public Optional<String> outcome() {
    return Optional.ofNullable(outcome);
  }

  /** The other outcomes samples had after the lock was taken, in order of appearance. */
  public List<String> others() {
    return List.copyOf(others);
  }
}
