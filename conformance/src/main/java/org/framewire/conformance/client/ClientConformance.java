package org.framewire.conformance.client;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * The client-role suite as JUnit 5 dynamic tests, for Java client implementations: write a
 * control-channel adapter for your client ({@link ControlChannel.Adapter}, run in the test's JVM on
 * piped streams, no child process) and return {@code clientCases(adapter)} from a
 * {@code @TestFactory}. A case graded fail fails its test with the detail and the wire log; a case
 * needing an encoding the adapter does not list is skipped (aborted).
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> clientConformance() {
 *   return ClientConformance.clientCases((ops, events) -> new MyAdapter(ops, events).run());
 * }
 * }</pre>
 */
public final class ClientConformance {
  private ClientConformance() {}

  /** One dynamic test per bundled client case, named by case id and main requirement. */
  public static Stream<DynamicTest> clientCases(ControlChannel.Adapter adapter) {
    return clientCases(ControlChannel.Launcher.inProcess(adapter), Duration.ofSeconds(10), ClientCases.bundled());
  }

  /** One dynamic test per case of {@code cases}, each against a fresh adapter from {@code launcher}. */
  public static Stream<DynamicTest> clientCases(ControlChannel.Launcher launcher, Duration timeout, List<ClientCase> cases) {
    ClientSuite suite = new ClientSuite(launcher, timeout);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.id() + " [" + c.main().id() + "]", () -> {
      CaseReport r = suite.runOnce(c, c.id());
      Assumptions.assumeFalse(r.grade() == Grade.NOT_APPLICABLE, r.detail());
      if (r.grade() == Grade.FAIL) {
        Assertions.fail(c.title() + ": " + r.detail() + "\n"
            + r.wire().stream().map(w -> "  " + w).collect(Collectors.joining("\n")));
      }
    }));
  }
}
