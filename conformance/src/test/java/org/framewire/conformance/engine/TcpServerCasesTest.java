package org.framewire.conformance.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.target.SelfTarget;
import org.framewire.conformance.target.SocketTarget;
import org.framewire.session.ServerConfig;
import org.framewire.transport.TcpServer;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bundled server case passes against framewire's NIO {@link TcpServer} over loopback TCP, as
 * {@code framewire check --target tcp://...} runs it, with the session configuration and declared
 * capabilities of {@code --self} (the SPEC.md §10 defaults and a 200 ms frame-read timeout).
 */
class TcpServerCasesTest {

  @Test
  void tcpServerPassesEveryServerCase() throws IOException {
    ExecutorService handlers = Executors.newFixedThreadPool(2);
    TcpServer tcp = start(SelfTarget.config(), handlers);
    try {
      SocketTarget target = new SocketTarget("127.0.0.1", tcp.localAddress().getPort(), 40);
      assertEquals("", SelfServerCasesTest.failures(target, "framewire check --target " + target.name(), SelfTarget.capabilities()));
    } finally {
      tcp.close();
      handlers.shutdownNow();
    }
  }

  /**
   * The cases that need a transport to show (LIMIT-3 back-pressure, LIMIT-4 and LIMIT-7 timers) fail
   * over TCP too when the server lacks the limit.
   */
  @ParameterizedTest
  @ValueSource(strings = {"limit/outbound-queue", "limit/frame-read-timeout", "limit/send-timeout"})
  void aTcpServerWithoutTheLimitFailsItsCase(String id) throws IOException {
    ServerConfig c = SelfTarget.config();
    ServerConfig loose = switch (id) {
      case "limit/outbound-queue" -> c.withMaxOutboundBytes(1L << 40);
      case "limit/send-timeout" -> c.withSendTimeout(Duration.ZERO);
      // without the idle timeout too, which would otherwise close the stalled session (LIMIT-5)
      default -> c.withTimeouts(c.requestTimeout(), Duration.ZERO, Duration.ZERO);
    };
    List<ConformanceCase> one = CaseLoader.loadBundled().stream().filter(x -> x.id().equals(id)).toList();
    CaseReport r = run(loose, one, Duration.ofSeconds(3)).get(0);
    assertEquals(Grade.FAIL, r.grade(), r.detail());
    assertTrue(r.detail().startsWith("no allowed outcome matched"), r.detail());
  }

  /** Runs the cases once each against a TcpServer with {@code session}. */
  private static List<CaseReport> run(ServerConfig session, List<ConformanceCase> cases, Duration timeout) throws IOException {
    ExecutorService handlers = Executors.newFixedThreadPool(2);
    TcpServer tcp = start(session, handlers);
    try {
      SocketTarget target = new SocketTarget("127.0.0.1", tcp.localAddress().getPort(), 40);
      CaseRunner runner = new CaseRunner(target, timeout, "framewire check --target " + target.name(), SelfTarget.capabilities());
      return cases.stream().map(runner::runOnce).toList();
    } finally {
      tcp.close();
      handlers.shutdownNow();
    }
  }

  private static TcpServer start(ServerConfig session, ExecutorService handlers) throws IOException {
    return TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TransportConfig.DEFAULTS.withSession(session),
        CommandRegistry.conformance(), handlers, TransportListener.NONE);
  }
}
