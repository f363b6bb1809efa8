package org.framewire.vectors;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of every vector file in {@code protocol-spec/vectors} and of every conformance case file
 * in {@code protocol-spec/conformance} (as CI's {@code framewire vectors} line runs them), one
 * dynamic test each.
 */
class ReferenceVectorsTest {
  static final Path VECTORS = Path.of("..", "protocol-spec", "vectors");
  static final Path CASES = Path.of("..", "protocol-spec", "conformance");

  @TestFactory
  Stream<DynamicTest> everyCase() throws Exception {
    VectorReport report = VectorRunner.standard().run(List.of(VECTORS, CASES));
    return report.results().stream()
        .filter(r -> r.status() != CaseResult.Status.SKIPPED)
        .map(r -> DynamicTest.dynamicTest(Path.of(r.file()).getFileName() + " " + r.caseId(), () -> {
          if (r.status() == CaseResult.Status.FAILED) {
            fail(r.detail());
          }
        }));
  }

  @Test
  void theOracleKindsAreAllChecked() throws Exception {
    VectorReport report = VectorRunner.standard().run(List.of(VECTORS.resolve("mercurial")));
    for (String kind : List.of("frames.json", "cbor.json", "command-requests.json")) {
      assertTrue(report.results().stream()
              .filter(r -> r.file().endsWith(kind))
              .allMatch(r -> r.status() == CaseResult.Status.PASSED),
          kind + " has cases that did not pass");
    }
  }
}
