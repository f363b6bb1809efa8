package org.framewire.conformance.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.cases.Outcome;
import org.framewire.conformance.target.SelfTarget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CaseRunner#observe} records what {@link CaseRunner#runOnce} then passes: the fuzzer plays a
 * case with no allowed outcomes to record the reference's reaction, and with none, "no outcome can
 * match any more" held from the first byte, so the play ended before the reaction was complete and
 * the fuzzer fell back to the bare verdict (issue 21).
 */
class ObserveTest {

  @ParameterizedTest
  @ValueSource(strings = {"command/stream-command", "command/echo-no-args", "command/interleaved-requests",
      "frame/reserved-type-0", "encoding/zstd-context-spans-requests"})
  void theRecordedOutcomePassesWhenTheCaseIsRun(String id) throws IOException {
    ConformanceCase bundled = CaseLoader.loadBundled().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    ConformanceCase unexpected = withExpect(bundled, List.of());
    CaseRunner runner = new CaseRunner(SelfTarget.adapter(), Duration.ofSeconds(5), "test", SelfTarget.capabilities());
    Outcome seen = runner.observe(unexpected);
    assertNotNull(seen, id + ": observe recorded no outcome");
    CaseReport r = runner.runOnce(withExpect(bundled, List.of(seen)));
    assertEquals(Grade.PASS, r.grade(), id + ": " + r.detail() + " " + r.wire());
    assertEquals(Grade.PASS, runner.runOnce(bundled).grade(), id + " as bundled");
  }

  private static ConformanceCase withExpect(ConformanceCase c, List<Outcome> expect) {
    return new ConformanceCase(c.id(), Role.SERVER, c.title(), c.section(), c.requirements(), c.needs(), c.steps(), expect,
        c.source(), null);
  }
}
