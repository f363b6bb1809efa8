package org.framewire.conformance.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.framewire.conformance.Role;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/** Every MUST and MUST NOT of SPEC.md has a case, and docs/conformance/coverage.md is current. */
class CoverageTest {

  @Test
  void everyMustHasACaseInEachRoleItBindsOrIsPending() throws IOException {
    assertEquals(List.of(), Coverage.problems(CaseLoader.loadBundled()));
  }

  /** The check is per role: dropping a requirement's client cases is a failure even with server cases left. */
  @Test
  void aMustWithoutACaseInOneRoleItBindsFails() throws IOException {
    List<ConformanceCase> serverOnly = CaseLoader.loadBundled().stream()
        .filter(c -> c.role() == Role.SERVER || !c.requirements().contains(Requirement.STREAM_BEGIN_ONCE))
        .toList();
    List<String> problems = Coverage.problems(serverOnly);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("STREAM-3 (MUST_NOT) binds the client role"), problems.get(0));
  }

  @Test
  void coverageTableIsCurrent() throws IOException {
    Path file = Path.of("..", "docs", "conformance", "coverage.md");
    String want = Coverage.table(CaseLoader.loadBundled());
    String have = Files.exists(file) ? Files.readString(file) : "";
    assertEquals(want, have, "docs/conformance/coverage.md is stale; regenerate it with " + Coverage.REGENERATE);
  }

}
