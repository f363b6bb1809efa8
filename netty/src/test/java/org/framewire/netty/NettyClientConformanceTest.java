package org.framewire.netty;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.client.ClientCase;
import org.framewire.conformance.client.ClientCases;
import org.framewire.conformance.client.ClientHooks;
import org.framewire.conformance.client.ClientSuite;
import org.framewire.conformance.client.ControlChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every bundled client-role case (what {@code framewire check-client} runs) against the Netty
 * client, through {@link NettyControlClient} on piped streams. Each case must grade pass or
 * acceptable, and a case that does not pass is run against framewire's own client ({@code
 * RawClient}) too: the Netty client must grade no worse. Netty's leak detector, at PARANOID, must
 * report nothing.
 */
class NettyClientConformanceTest {
  static {
    LeakWatch.install();
  }

  private static final Set<Grade> GOOD = Set.of(Grade.PASS, Grade.ACCEPTABLE);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @AfterAll
  static void noLeaks() throws InterruptedException {
    LeakWatch.assertNoLeaks();
  }

  @TestFactory
  Stream<DynamicTest> everyClientCase() {
    ClientSuite netty = new ClientSuite(ControlChannel.Launcher.inProcess(
        (ops, events) -> NettyControlClient.driver(ops, events).run()), TIMEOUT);
    ClientSuite reference = new ClientSuite(ControlChannel.Launcher.inProcess(ClientHooks.NONE), TIMEOUT);
    // The TLS cases (client/tls/) need check-client --tls and a TLS client; NettyControlClient opens tcp:// only.
    // The LIMIT-4 case needs a frame-read timeout declared in ready, which NettyControlClient does not declare.
    // The HTTP cases (client/http/) need http among ready's transports: the Netty client speaks tcp:// only.
    List<ClientCase> cases = ClientCases.bundled().stream().filter(c -> !c.id().startsWith("client/tls/"))
        .filter(c -> !c.needs().contains("frameReadTimeoutMillis")).filter(c -> !c.http()).toList();
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
      CaseReport r = netty.runOnce(c, c.id());
      assertTrue(GOOD.contains(r.grade()), () -> describe(r));
      if (r.grade() != Grade.PASS) {
        CaseReport own = reference.runOnce(c, c.id());
        assertTrue(r.grade().compareTo(own.grade()) <= 0,
            () -> "framewire's own client does better (" + own.grade().label() + "): " + describe(r));
      }
    }));
  }

  private static String describe(CaseReport r) {
    return r.id() + ": " + r.grade().label() + " " + r.detail() + "\n"
        + r.wire().stream().map(w -> "  " + w).collect(Collectors.joining("\n"));
  }
}
