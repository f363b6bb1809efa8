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
 * ({@code client/tls/}) are not applicable without a TLS script server and pass with one, and the
 * HTTP cases ({@code client/http/}) run on the loopback HTTP script server only, without TLS.
 */
class SelfClientCasesTest {
  /**
   * Cases where framewire's client does something the case allows but does not prefer: it reports a
   * server closing mid-response as the connection closing, and a definite string declaring more
   * than 2^24 bytes as input ending inside an item (CBOR-1) rather than at its head (CBOR-2).
   */
  static final java.util.Set<String> ACCEPTABLE = java.util.Set.of("client/cmd/missing-eos", "client/cbor/string-too-long");

  private static final String TLS_CASES = "client/tls/";
  private static final String HTTP_CASES = "client/http/";

  @Test
  void everyCasePassesAgainstTheReferenceClient() {
    List<CaseReport> reports = assertEveryCasePasses(suite(ClientCaseRunner.Connection.LOOPBACK), List.of(TLS_CASES));
    List<CaseReport> http = reports.stream().filter(r -> r.id().startsWith(HTTP_CASES)).toList();
    assertTrue(http.size() >= 2, "the HTTP cases ran: " + http.size());
    assertTrue(http.stream().allMatch(r -> r.wire().stream().anyMatch(w -> w.text().contains("\"target\":\"http://127.0.0.1:"))
        && r.wire().stream().anyMatch(w -> w.text().startsWith("HTTP request: POST /api/exp-http-v2-0003/ro/"))),
        "every HTTP case's call targets the HTTP script server and is a POST under the API prefix");
  }

  /** {@code check-client --self --tls}: the whole suite over TLS, the TRANS-12 refusals included. */
  @Test
  void everyCasePassesOverTls() throws Exception {
    try (ScriptTls tls = ScriptTls.generate()) {
      List<CaseReport> reports = assertEveryCasePasses(new ClientSuite(ControlChannel.Launcher.inProcess(ClientHooks.NONE),
          Duration.ofSeconds(10), tls), List.of(HTTP_CASES));
      assertTrue(reports.stream().filter(r -> !r.id().startsWith(HTTP_CASES))
          .allMatch(r -> r.wire().stream().anyMatch(w -> w.text().contains("\"target\":\"tls://"))),
          "every case's calls target tls://");
      assertTrue(reports.stream().filter(r -> r.id().startsWith(TLS_CASES)).count() >= 2, "the TLS cases ran");
    }
  }

  /** The same over in-memory pipes, as {@code framewire vectors} runs the client case files: no socket. */
  @Test
  void everyCasePassesInMemory() {
    List<CaseReport> reports = assertEveryCasePasses(suite(ClientCaseRunner.Connection.IN_MEMORY), List.of(TLS_CASES, HTTP_CASES));
    assertTrue(reports.stream().filter(r -> !r.id().startsWith(TLS_CASES) && !r.id().startsWith(HTTP_CASES))
        .allMatch(r -> r.wire().stream().anyMatch(w -> w.text().contains("\"target\":\"mem:"))),
        "every case's calls target mem:N");
  }

  private static ClientSuite suite(ClientCaseRunner.Connection connection) {
    return new ClientSuite(ControlChannel.Launcher.inProcess(ClientHooks.NONE), Duration.ofSeconds(10), connection);
  }

  /** Runs every case: those under {@code notApplicable} (id prefixes) must grade not-applicable, the rest pass. */
  private static List<CaseReport> assertEveryCasePasses(ClientSuite suite, List<String> notApplicable) {
    List<ClientCase> cases = ClientCases.bundled();
    assertTrue(cases.size() > 50, "cases: " + cases.size());
    List<CaseReport> reports = suite.run(cases, c -> "", r -> { });
    String bad = reports.stream().filter(r -> r.grade() != expected(r.id(), notApplicable))
        .map(r -> r.id() + " " + r.grade().label() + ": " + r.detail() + (r.grade() == Grade.FAIL ? "\n    " + r.wire().stream().limit(12).map(Object::toString).collect(Collectors.joining("\n    ")) : ""))
        .collect(Collectors.joining("\n"));
    assertEquals("", bad);
    return reports;
  }

  private static Grade expected(String id, List<String> notApplicable) {
    if (notApplicable.stream().anyMatch(id::startsWith)) {
      return Grade.NOT_APPLICABLE;
    }
    return ACCEPTABLE.contains(id) ? Grade.ACCEPTABLE : Grade.PASS;
  }
}
