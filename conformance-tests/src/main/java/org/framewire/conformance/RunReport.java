package org.framewire.conformance;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the suite against one target: what every report writer takes.
 *
 * @param role the role the target played
 * @param target how the target was reached, as given ({@code tcp://localhost:8000}, {@code --exec "..."}, {@code self})
 * @param started when the run began
 * @param millis how long it took
 * @param strict whether {@link Grade#NON_STRICT} counts as failing
 * @param cases one report per case run, in run order
 */
public record RunReport(Role role, String target, Instant started, long millis, boolean strict, List<CaseReport> cases) {

  /** The version of the JSON report schema; bump when a field changes meaning or goes away. */
  public static final int SCHEMA_VERSION = 1;

  public RunReport {
    cases = List.copyOf(cases);
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

  /** Whether any case's grade fails the run. */
  public boolean failed() {
    return cases.stream().anyMatch(c -> c.grade().fails(strict));
  }
}
