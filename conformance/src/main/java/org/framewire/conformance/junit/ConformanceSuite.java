package org.framewire.conformance.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Role;
import org.framewire.conformance.cases.Capabilities;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.engine.CaseRunner;
import org.framewire.conformance.report.CaseText;
import org.framewire.fuzz.ServerAdapter;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

/**
 * The conformance suite as JUnit 5 dynamic tests, for Java implementations that run it in their
 * own test run against an in-process adapter (docs/conformance/junit.md):
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> conformance() {
 *   return ConformanceSuite.serverCases(new MyServerAdapter());
 * }
 * }</pre>
 */
public final class ConformanceSuite {
  private ConformanceSuite() {}

  /** One test per bundled server case, named {@code <id> [REQ-ID, ...]}, with a 5-second deadline each. */
  public static Stream<DynamicTest> serverCases(ServerAdapter target) {
    return serverCases(target, Duration.ofSeconds(5));
  }

  /** One test per bundled server case with the given per-case deadline. */
  public static Stream<DynamicTest> serverCases(ServerAdapter target, Duration timeout) {
    return serverCases(target, timeout, Capabilities.DEFAULTS);
  }

  /**
   * One test per bundled server case with the given per-case deadline, against what the target
   * declares (docs/conformance/README.md, "Capabilities file"): cases needing more are aborted as
   * not applicable, and the limit cases are sized from its limits.
   */
  public static Stream<DynamicTest> serverCases(ServerAdapter target, Duration timeout, Capabilities capabilities) {
    CaseRunner runner = new CaseRunner(target, timeout, "framewire check", capabilities);
    try {
      return CaseLoader.loadBundled().stream().filter(c -> c.role() == Role.SERVER)
          .map(c -> DynamicTest.dynamicTest(name(c), () -> check(runner.run(c))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String name(ConformanceCase c) {
    return c.id() + " " + c.requirements().stream().map(r -> r.id()).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Fails the test for a failing case (its message is {@link CaseText#message}), aborts it for a not-applicable one. */
  static void check(CaseReport r) {
    switch (r.grade()) {
      case FAIL:
        throw new AssertionError(CaseText.message(r));
      case NOT_APPLICABLE:
        throw new TestAbortedException("not applicable: " + r.detail());
      default:
        // pass, acceptable and non-strict do not fail the test
    }
  }
}
