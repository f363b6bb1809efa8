package org.framewire.conformance.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.framewire.conformance.Role;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/** Every MUST and MUST NOT of SPEC.md has a case, and docs/conformance/coverage.md is current. */
class CoverageTest {

  @Test
  void everyMustHasACaseOrIsPending() throws IOException {
    List<ConformanceCase> cases = CaseLoader.loadBundled();
    Map<Requirement, Map<Role, List<String>>> cov = Coverage.of(cases);
    Map<String, String> pendingClient = Coverage.pending("pending-client.txt");
    Map<String, String> pendingServer = Coverage.pending("pending-server.txt");
    List<String> problems = new ArrayList<>();
    cov.forEach((r, byRole) -> {
      boolean any = byRole.values().stream().anyMatch(l -> !l.isEmpty());
      boolean pending = pendingClient.containsKey(r.id()) || pendingServer.containsKey(r.id());
      if (r.level() != Requirement.Level.SHOULD && !any && !pending) {
        problems.add(r.id() + " (" + r.level() + ") has no case");
      }
      if (pendingClient.containsKey(r.id()) && !byRole.get(Role.CLIENT).isEmpty()) {
        problems.add(r.id() + " has client cases now: remove it from pending-client.txt");
      }
      if (pendingServer.containsKey(r.id()) && !byRole.get(Role.SERVER).isEmpty()) {
        problems.add(r.id() + " has server cases now: remove it from pending-server.txt");
      }
    });
    for (String id : concat(pendingClient, pendingServer)) {
      if (Requirement.byId(id) == null) {
        problems.add("pending list names unknown requirement " + id);
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void coverageTableIsCurrent() throws IOException {
    Path file = Path.of("..", "docs", "conformance", "coverage.md");
    String want = Coverage.table(CaseLoader.loadBundled());
    String have = Files.exists(file) ? Files.readString(file) : "";
    assertEquals(want, have, "docs/conformance/coverage.md is stale; regenerate it with " + Coverage.REGENERATE);
  }

  private static List<String> concat(Map<String, String> a, Map<String, String> b) {
    List<String> out = new ArrayList<>(a.keySet());
    out.addAll(b.keySet());
    return out;
  }
}
