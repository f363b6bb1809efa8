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
import org.framewire.conformance.target.SelfTarget;
import org.junit.jupiter.api.Test;

/** Every bundled server case passes against framewire's in-process reference server, as --self runs it. */
class SelfServerCasesTest {

  @Test
  void referenceServerPassesEveryServerCase() throws IOException {
    CaseRunner runner = new CaseRunner(SelfTarget.adapter(), Duration.ofSeconds(5), "framewire check --self",
        SelfTarget.capabilities());
    List<ConformanceCase> cases = CaseLoader.loadBundled().stream().filter(c -> c.role() == Role.SERVER).toList();
    String failures = cases.stream().map(runner::runOnce).filter(r -> r.grade() != Grade.PASS)
        .map(r -> r.id() + ": " + r.grade().label() + " " + r.detail() + "\n  " + r.wire())
        .collect(Collectors.joining("\n"));
    assertEquals("", failures);
  }
}
