package org.framewire.conformance.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.cases.Capabilities;
import org.framewire.conformance.target.SelfTarget;
import org.framewire.conformance.target.Transport;
import org.framewire.fuzz.ServerAdapter;
import org.junit.jupiter.api.Test;

/**
 * Every bundled server case passes against framewire's in-process reference server as --self runs
 * it, but for the HTTP-only ones, which are not applicable in process (HttpServerCasesTest runs them).
 */
class SelfServerCasesTest {

  @Test
  void referenceServerPassesEveryServerCase() throws IOException {
    assertEquals("", failures(SelfTarget.adapter(), "framewire check --self", SelfTarget.selfCapabilities()));
  }

  /**
   * One line per case that did not pass on {@code target}, which declares {@code capabilities}; a
   * case is excused as not-applicable only when the target's {@link Transport} cannot play it, or
   * when it needs what {@code capabilities} leaves out on purpose (an idle timeout a host does not
   * declare).
   */
  static String failures(ServerAdapter target, String repro, Capabilities capabilities) throws IOException {
    CaseRunner runner = new CaseRunner(target, Duration.ofSeconds(5), repro, capabilities);
    Transport transport = Transport.of(target);
    List<ConformanceCase> cases = CaseLoader.loadBundled().stream().filter(c -> c.role() == Role.SERVER).toList();
    return cases.stream().map(c -> {
      CaseReport r = runner.runOnce(c);
      boolean excused = r.grade() == Grade.NOT_APPLICABLE
          && (transport.notApplicable(c) != null || capabilities.unmet(c.needs()).isPresent());
      return r.grade() == Grade.PASS || excused ? "" : r.id() + ": " + r.grade().label() + " " + r.detail() + "\n  " + r.wire();
    }).filter(s -> !s.isEmpty()).collect(Collectors.joining("\n"));
  }
}
