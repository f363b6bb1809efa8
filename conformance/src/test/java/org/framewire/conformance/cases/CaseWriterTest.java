package org.framewire.conformance.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.framewire.conformance.Role;
import org.junit.jupiter.api.Test;

/** What {@link CaseWriter} writes, {@link CaseLoader} reads back to the same case. */
class CaseWriterTest {

  private static ObjectNode write(ConformanceCase c) {
    return CaseWriter.serverCase(c.id(), c.title(), c.section(), c.requirements(), c.steps(), c.expect());
  }

  @Test
  void everyBundledServerCaseRoundTrips() throws IOException {
    List<ConformanceCase> cases = CaseLoader.loadBundled().stream().filter(c -> c.role() == Role.SERVER).toList();
    assertTrue(cases.size() > 40, "cases: " + cases.size());
    for (ConformanceCase c : cases) {
      ObjectNode once = write(c);
      ConformanceCase back = CaseLoader.read(CaseWriter.serverFile("t", List.of(once)), "t.json").get(0);
      assertEquals(once, write(back), c.id());
      assertEquals(c.expect(), back.expect(), c.id());
      assertEquals(c.steps().toString(), back.steps().toString(), c.id());
      assertEquals(c.requirements(), back.requirements(), c.id());
    }
  }
}
