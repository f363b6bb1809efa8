package org.framewire.conformance.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.transport.tls.ClientTls;
import org.framewire.transport.tls.Pem;
import org.framewire.transport.tls.ServerTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TRANS-12 client cases ({@code client/tls/untrusted-ca}, {@code client/tls/wrong-name}, SPEC.md
 * §9.3) grade framewire's client pass and fail clients that check less: one that verifies nothing,
 * one that checks the chain but not the name.
 */
class TlsClientCasesTest {
  private static ScriptTls tls;

  @BeforeAll
  static void certificates() throws Exception {
    tls = ScriptTls.generate();
  }

  @AfterAll
  static void removeCertificates() {
    tls.close();
  }

  static Stream<Arguments> clients() throws Exception {
    ClientHooks verifiesNothing = new ClientHooks() {
      @Override
      public ClientTls tls(ClientTls requested) {
        try {
          return new ClientTls(Pem.insecureClientContext(), false, ServerTls.DEFAULT_HANDSHAKE_TIMEOUT);
        } catch (java.security.GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      }
    };
    ClientHooks skipsTheName = new ClientHooks() {
      @Override
      public ClientTls tls(ClientTls requested) {
        return new ClientTls(requested.context(), false, requested.handshakeTimeout());
      }
    };
    return Stream.of(
        Arguments.of("framewire's client", ClientHooks.NONE, Grade.PASS, Grade.PASS),
        Arguments.of("a client that verifies nothing", verifiesNothing, Grade.FAIL, Grade.FAIL),
        Arguments.of("a client that skips the name check", skipsTheName, Grade.PASS, Grade.FAIL));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void refusesWhatItCannotVerify(String name, ClientHooks hooks, Grade untrustedCa, Grade wrongName) {
    ClientSuite suite = new ClientSuite(ControlChannel.Launcher.inProcess(hooks), Duration.ofSeconds(10), tls);
    List<ClientCase> cases = ClientCases.bundled().stream().filter(c -> c.id().startsWith("client/tls/")).toList();
    List<CaseReport> reports = suite.run(cases, c -> "", r -> { });
    assertEquals(List.of("client/tls/untrusted-ca", "client/tls/wrong-name"), reports.stream().map(CaseReport::id).toList());
    assertEquals(untrustedCa, reports.get(0).grade(), name + ", untrusted-ca: " + reports.get(0).detail());
    assertEquals(wrongName, reports.get(1).grade(), name + ", wrong-name: " + reports.get(1).detail());
  }
}
