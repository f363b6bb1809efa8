package org.framewire.conformance.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.cases.Outcome;
import org.framewire.conformance.cases.Step;
import org.framewire.conformance.engine.CaseRunner;
import org.framewire.fuzz.ProtocolLimits;
import org.framewire.fuzz.ReferenceServerAdapter;
import org.framewire.fuzz.ServerAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FuzzerTest {
  static final ProtocolLimits LIMITS = MutantServers.LIMITS;

  static Fuzzer fuzzer(ServerAdapter target, long seed, long sequences) {
    return new Fuzzer(target, ReferenceServerAdapter.forLimits(LIMITS), LIMITS,
        new Fuzzer.Options(seed, Duration.ofMinutes(5), sequences, 64, Duration.ofSeconds(10), true, 1,
            Duration.ofSeconds(10), OracleMode.EXACT, Deviations.NONE, 10, 10, null));
  }

  @Test
  void theReferenceAgainstItselfFindsNothing() throws IOException {
    Fuzzer.Result r = fuzzer(ReferenceServerAdapter.forLimits(LIMITS), 1, 150).run(l -> {}, p -> {});
    assertNull(r.finding(), () -> String.valueOf(r.finding()));
    assertEquals(150, r.sequences());
  }

  @Test
  void oneSeedGivesTheSameSequencesTwice() throws IOException {
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    fuzzer(ReferenceServerAdapter.forLimits(LIMITS), 7, 40).run(a::add, p -> {});
    fuzzer(ReferenceServerAdapter.forLimits(LIMITS), 7, 40).run(b::add, p -> {});
    assertEquals(40, a.size());
    assertEquals(a, b);
    List<String> c = new ArrayList<>();
    fuzzer(ReferenceServerAdapter.forLimits(LIMITS), 8, 40).run(c::add, p -> {});
    assertFalse(a.equals(c), "another seed, other sequences");
  }

  @Test
  void findsShrinksWritesAndReplaysACrash(@TempDir Path dir) throws IOException {
    ServerAdapter mutant = MutantServers.crashesOnCommandData();
    Fuzzer.Result r = fuzzer(mutant, 1, 120).run(l -> {}, p -> {});
    Finding f = r.finding();
    assertNotNull(f, "the planted crash is found");
    for (Fuzzer.Group g : r.findings()) {
      assertEquals("crashed", g.signature().target(), g.signature()::toString);
    }
    assertEquals("1-minimal", r.findings().get(0).shrinkNote());
    assertTrue(f.description().contains("| crashed"), f.description());
    assertTrue(f.frames().size() < f.originalFrames(), () -> f.frames().size() + " of " + f.originalFrames());
    // faithful shrinking keeps the reference's verdict too: the violation and the command data stay
    assertTrue(f.frames().size() <= 6, () -> String.join("\n", f.notations()));
    assertTrue(f.notations().stream().anyMatch(n -> n.contains("command-data")), () -> String.join("\n", f.notations()));

    Path file = f.write(dir);
    Finding back = Finding.read(file);
    assertEquals(f.notations(), back.notations());
    assertTrue(java.util.Arrays.equals(f.bytes(), back.bytes()));
    assertEquals(f.expect(), back.expect());
    assertNotNull(fuzzer(mutant, 0, 0).replay(back), "the file reproduces the failure");
    assertNull(fuzzer(ReferenceServerAdapter.forLimits(LIMITS), 0, 0).replay(back), "the reference passes it");
    assertFailsOnlyAgainst(mutant, dir, f);
  }

  /**
   * The finding's file is a conformance case file holding one case: it fails against {@code mutant}
   * and passes against the reference server, as {@code framewire check --cases DIR} would grade it.
   */
  static void assertFailsOnlyAgainst(ServerAdapter mutant, Path dir, Finding f) throws IOException {
    assertTrue(Files.readString(dir.resolve(f.fileName())).contains(CaseLoader.SCHEMA));
    List<ConformanceCase> cases = CaseLoader.loadDirectory(dir);
    assertEquals(1, cases.size());
    ConformanceCase c = cases.get(0);
    assertEquals(f.id(), c.id());
    assertEquals(new Step.HalfClose(), c.steps().get(c.steps().size() - 1));
    CaseReport self = new CaseRunner(new ReferenceServerAdapter(), Duration.ofSeconds(5), "t").runOnce(c);
    assertEquals(Grade.PASS, self.grade(), () -> self.detail() + " " + self.wire());
    CaseReport bad = new CaseRunner(mutant, Duration.ofSeconds(5), "t").runOnce(c);
    assertEquals(Grade.FAIL, bad.grade(), () -> bad.detail() + " " + bad.wire());
  }

  @Test
  void findsAMissingFrameSizeCheck(@TempDir Path dir) throws IOException {
    Fuzzer.Result r = fuzzer(MutantServers.noMaxFrameSize(), 3, 400).run(l -> {}, p -> {});
    Finding f = r.findings().stream().map(Fuzzer.Group::finding)
        .filter(x -> x.generated().equals("FRAME_TOO_LONG/FRAME-2")).findFirst().orElse(null);
    assertNotNull(f, () -> r.groups().toString());
    assertEquals("FRAME-2", f.expectRequirement(), f::toString);
    assertTrue(f.frames().size() < f.originalFrames() || f.originalFrames() == 1);
    assertNotNull(fuzzer(MutantServers.noMaxFrameSize(), 0, 0).replay(f));
    assertEquals(Outcome.Kind.ERROR, f.expect().kind());
    assertEquals("FRAME-2", f.expect().requirement());
    f.write(dir);
    assertFailsOnlyAgainst(MutantServers.noMaxFrameSize(), dir, f);
  }

  @Test
  void theFindingsKeptInDocsAreCaseFilesTheReferencePasses() throws IOException {
    Path findings = Path.of("..", "docs", "findings");
    List<ConformanceCase> cases = CaseLoader.loadDirectory(findings);
    assertFalse(cases.isEmpty());
    CaseRunner self = new CaseRunner(new ReferenceServerAdapter(), Duration.ofSeconds(5), "t");
    for (ConformanceCase c : cases) {
      CaseReport r = self.runOnce(c);
      assertEquals(Grade.PASS, r.grade(), () -> c.id() + ": " + r.detail());
    }
    try (var files = Files.list(findings)) {
      for (Path file : files.toList()) {
        assertNull(fuzzer(ReferenceServerAdapter.forLimits(LIMITS), 0, 0).replay(Finding.read(file)), file::toString);
      }
    }
  }

  @Test
  void deltaDebuggingFindsTheOneCulprit() {
    List<Integer> input = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      input.add(i);
    }
    assertEquals(List.of(17, 33), DeltaDebugger.minimize(input, l -> l.contains(17) && l.contains(33)));
    assertEquals(List.of(4), DeltaDebugger.minimize(input, l -> l.contains(4)));
  }
}
