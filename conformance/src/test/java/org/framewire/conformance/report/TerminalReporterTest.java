package org.framewire.conformance.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.RunReport;
import java.util.Set;
import org.framewire.conformance.engine.KnownFailures;
import org.junit.jupiter.api.Test;

class TerminalReporterTest {

  private static String run(RunReport run, boolean color) {
    return run(run, color, TerminalReporter.Detail.NONE);
  }

  private static String run(RunReport run, boolean color, TerminalReporter.Detail detail) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    TerminalReporter t = new TerminalReporter(out, color, detail, run.strict());
    t.runStarted(run.cases().size());
    for (CaseReport c : run.cases()) {
      t.caseStarted(c.id());
      t.caseFinished(c);
    }
    t.runFinished(run);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsALinePerCaseWithARunningCount() {
    String[] lines = run(SampleRuns.all(), false).split("\n");
    assertTrue(lines[0].startsWith("[1/6] pass "), lines[0]);
    assertTrue(lines[0].contains("frame/oversized-payload  FRAME-2"), lines[0]);
    assertTrue(lines[4].startsWith("[5/6] fail "), lines[4]);
    assertTrue(lines[5].contains("flaky"), lines[5]);
  }

  @Test
  void summaryCountsGradesAndSectionsAndListsFailures() {
    String out = run(SampleRuns.all(), false);
    assertTrue(out.contains("  pass               2"), out);
    assertTrue(out.contains("  fail               1"), out);
    assertTrue(out.indexOf("§2.1 ") < out.indexOf("§2.10") && out.indexOf("§2.10") < out.indexOf("§3 "), out);
    assertTrue(out.contains("Failing cases (1):"), out);
    assertTrue(out.contains("fail stream/open-limit [STREAM-6]"), out);
    assertTrue(out.contains("repro: framewire check --target tcp://localhost:8000 --case stream/open-limit"), out);
    assertTrue(out.endsWith("FAILED\n"), out);
  }

  @Test
  void colourOnlyWhenAskedAndNeverTheTargetsEscapes() {
    String plain = run(SampleRuns.all(), false);
    assertFalse(plain.contains("\u001b"), "no escape byte at all without colour");
    assertTrue(plain.contains("\\x1b[31m"), "the target's escape is shown, not obeyed");
    assertTrue(plain.contains("\\x01"));
    assertFalse(plain.contains("\u009b"), "nor a C1 CSI");
    assertTrue(plain.contains("\\x9b2J"));
    assertTrue(plain.contains("naïve ✓ 𝄞"));
    String coloured = run(SampleRuns.all(), true);
    assertTrue(coloured.contains("\u001b[1;31mfail"), coloured);
    assertTrue(coloured.contains("\u001b[32mpass"), coloured);
  }

  @Test
  void detailModesExpandCasesUnderTheirLines() {
    String none = run(SampleRuns.all(), false, TerminalReporter.Detail.NONE);
    assertFalse(none.contains("    > 1 1 stream-begin"), none);
    assertFalse(none.contains("    < 1 2 0 command-response"), none);

    String failures = run(SampleRuns.all(), false, TerminalReporter.Detail.FAILURES);
    String failing = failures.substring(failures.indexOf("[5/6] fail"), failures.indexOf("[6/6]"));
    assertTrue(failing.contains("    < 1 2 0 command-response eos "), failing);
    assertTrue(failing.contains("\\x1b[31m"), "the target's escape is shown, not obeyed: " + failing);
    assertFalse(failing.contains("\u001b"), failing);
    assertFalse(failures.contains("    > 1 1 stream-begin"), "a passing case's wire log stays folded");
    assertTrue(failures.contains("    closed without an error-response"), "an acceptable case's detail is shown");

    String all = run(SampleRuns.all(), false, TerminalReporter.Detail.ALL);
    String passing = all.substring(all.indexOf("[1/6] pass"), all.indexOf("[2/6]"));
    assertTrue(passing.contains("    > 1 1 stream-begin command-request new"), passing);
    assertTrue(passing.contains("    repro: framewire check --target tcp://localhost:8000 --case frame/oversized-payload"), passing);
  }

  @Test
  void emptyRunPrintsAnEmptySummary() {
    String out = run(SampleRuns.empty(), false);
    assertTrue(out.contains("0 cases"), out);
    assertFalse(out.contains("Failing cases"));
    assertTrue(out.endsWith("OK\n"), out);
  }

  @Test
  void theLastLineIsTheRatchetsVerdictWhenThereAreKnownFailures() {
    RunReport all = SampleRuns.all();
    String known = run(all.withKnownFailures(new KnownFailures(Set.of("stream/open-limit"))), false);
    assertTrue(known.endsWith("OK: the failures are exactly the 1 known ones\n"), known);
    assertFalse(known.contains("FAILED"), known);

    String unexpected = run(all.withKnownFailures(new KnownFailures(Set.of("stream/open-limit", "frame/oversized-payload"))), false);
    assertTrue(unexpected.contains("FAILED against the known-failures ratchet (2 known):\n"
        + "  unexpected pass: frame/oversized-payload"), unexpected);

    String none = run(all, false);
    assertTrue(none.endsWith("FAILED\n"), "without a known-failures file every failure fails: " + none);
  }

  @Test
  void sectionsOrderByNumber() {
    assertTrue(TerminalReporter.compareSections("2.9", "2.10") < 0);
    assertTrue(TerminalReporter.compareSections("10", "9") > 0);
    assertEquals(0, TerminalReporter.compareSections("A.1", "A.1"));
    assertTrue(TerminalReporter.compareSections("6", "A.1") < 0, "appendices after numbered sections");
  }
}
