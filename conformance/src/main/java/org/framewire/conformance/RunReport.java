package org.framewire.conformance;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.framewire.conformance.engine.KnownFailures;

/**
 * One run of the suite against one target: what every report writer takes.
 *
 * @param role the role the target played
 * @param target how the target was reached, as given ({@code tcp://localhost:8000}, {@code --exec "..."}, {@code self})
 * @param started when the run began
 * @param millis how long it took
 * @param strict whether {@link Grade#NON_STRICT} counts as failing
 * @param cases one report per case run, in run order
 * @param knownFailures the ids of a known-failures file ({@code --known-failures}), the ratchet the
 *     run is judged by: empty when none was given
 */
public record RunReport(Role role, String target, Instant started, long millis, boolean strict, List<CaseReport> cases,
    Set<String> knownFailures) {

  /** The version of the JSON report schema; bump when a field changes meaning or goes away. */
  public static final int SCHEMA_VERSION = 1;

  public RunReport {
    cases = List.copyOf(cases);
    knownFailures = Set.copyOf(knownFailures);
  }

  /** A run judged without a known-failures file. */
  public RunReport(Role role, String target, Instant started, long millis, boolean strict, List<CaseReport> cases) {
    this(role, target, started, millis, strict, cases, Set.of());
  }

  /** This run judged by the ratchet of {@code known}. */
  public RunReport withKnownFailures(KnownFailures known) {
    return new RunReport(role, target, started, millis, strict, cases, known.ids());
  }

  /** How many cases got each grade (every grade present, zero when none). */
  public Map<Grade, Integer> counts() {
    Map<Grade, Integer> counts = new EnumMap<>(Grade.class);
    for (Grade g : Grade.values()) {
      counts.put(g, 0);
    }
    for (CaseReport c : cases) {
      counts.merge(c.grade(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Why the run fails, one line each: a failing case not in {@link #knownFailures} ("new
   * failure"), and a listed case that did not fail ("unexpected pass"); empty when the run passes.
   */
  public List<String> problems() {
    return new KnownFailures(knownFailures).problems(cases, strict);
  }

  /**
   * Whether the run fails: some case's grade fails it, or, with known failures, the ratchet does
   * ({@link #problems()}). The CLI's exit status is 1 exactly then.
   */
  public boolean failed() {
    return !problems().isEmpty();
  }
}
