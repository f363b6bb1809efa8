package org.framewire.conformance.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.junit.jupiter.api.Test;

/**
 * Every bundled client case passes against framewire's own client, in process; the TLS cases
 * ({@code client/tls/}) are not applicable without a TLS script server and pass with one.
 */
class SelfClientCasesTest {
  /**
   * Cases where framewire's client does something the case allows but does not prefer: it reports a
   * server closing mid-response as the connection closing, and a definite string declaring more
   * than 2^24 bytes as input ending inside an item (CBOR-1) rather than at its head (CBOR-2).
   */
  static final java.util.Set<String> ACCEPTABLE = java.util.Set.of("client/cmd/missing-eos", "client/cbor/string-too-long");

  @Test
  void everyCasePassesAgainstTheReferenceClient() {
    assertEveryCasePasses(ClientCaseRunner.Connection.LOOPBACK);
  }

  /** {@code check-client --self --tls}: the whole suite over TLS, the TRANS-12 refusals included. */
  @Test
  void everyCasePassesOverTls() throws Exception {
    try (ScriptTls tls = ScriptTls.generate()) {
      List<CaseReport> reports = assertEveryCasePasses(new ClientSuite(ControlChannel.Launcher.inProcess(ClientHooks.NONE),
          Duration.ofSeconds(10), tls), false);
      assertTrue(reports.stream().allMatch(r -> r.wire().stream().anyMatch(w -> w.text().contains("\"target\":\"tls://"))),
          "every case's calls target tls://");
      assertTrue(reports.stream().filter(r -> r.id().startsWith("client/tls/")).count() >= 2, "the TLS cases ran");
    }
  }

  /** The same over in-memory pipes, as {@code framewire vectors} runs the client case files: no socket. */
  @Test
  void everyCasePassesInMemory() {
    List<CaseReport> reports = assertEveryCasePasses(ClientCaseRunner.Connection.IN_MEMORY);
    assertTrue(reports.stream().filter(r -> !r.id().startsWith("client/tls/"))
        .allMatch(r -> r.wire().stream().anyMatch(w -> w.text().contains("\"target\":\"mem:"))),
        "every case's calls target mem:N");
  }

  private static List<CaseReport> assertEveryCasePasses(ClientCaseRunner.Connection connection) {
    return assertEveryCasePasses(new ClientSuite(ControlChannel.Launcher.inProcess(ClientHooks.NONE), Duration.ofSeconds(10),
        connection), true);
  }

  private static List<CaseReport> assertEveryCasePasses(ClientSuite suite, boolean plaintext) {
    List<ClientCase> cases = ClientCases.bundled();
    assertTrue(cases.size() > 50, "cases: " + cases.size());
    List<CaseReport> reports = suite.run(cases, c -> "", r -> { });
    for (CaseReport r : reports) {
      if (plaintext && r.id().startsWith("client/tls/")) {
        assertEquals(Grade.NOT_APPLICABLE, r.grade(), r.id() + ": " + r.detail());
      } else if (ACCEPTABLE.contains(r.id())) {
        assertEquals(Grade.ACCEPTABLE, r.grade(), r.id() + ": " + r.detail());
      }
    }
    String bad = reports.stream().filter(r -> r.grade() != Grade.PASS && !ACCEPTABLE.contains(r.id())
            && !(plaintext && r.id().startsWith("client/tls/")))
        .map(r -> r.id() + " " + r.grade().label() + ": " + r.detail() + (r.grade() == Grade.FAIL ? "\n    " + r.wire().stream().limit(12).map(Object::toString).collect(Collectors.joining("\n    ")) : ""))
        .collect(Collectors.joining("\n"));
    assertEquals("", bad);
    return reports;
  }
}
