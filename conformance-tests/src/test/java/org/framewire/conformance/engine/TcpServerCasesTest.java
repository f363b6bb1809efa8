package org.framewire.conformance.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.target.SelfTarget;
import org.framewire.conformance.target.SocketTarget;
import org.framewire.transport.TcpServer;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.transport.commands.CommandRegistry;
import org.junit.jupiter.api.Test;

/**
 * Every bundled server case passes against framewire's NIO {@link TcpServer} over loopback TCP, as
 * {@code framewire check --target tcp://...} runs it, with the session configuration and declared
 * capabilities of {@code --self} (the SPEC.md §10 defaults and a 200 ms frame-read timeout).
 */
class TcpServerCasesTest {

  @Test
  void tcpServerPassesEveryServerCase() throws IOException {
    ExecutorService handlers = Executors.newFixedThreadPool(2);
    TcpServer tcp = TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        TransportConfig.DEFAULTS.withSession(SelfTarget.config()), CommandRegistry.conformance(), handlers,
        TransportListener.NONE);
    try {
      SocketTarget target = new SocketTarget("127.0.0.1", tcp.localAddress().getPort(), 40);
      CaseRunner runner = new CaseRunner(target, Duration.ofSeconds(5), "framewire check --target " + target.name(),
          SelfTarget.capabilities());
      List<ConformanceCase> cases = CaseLoader.loadBundled().stream().filter(c -> c.role() == Role.SERVER).toList();
      String failures = cases.stream().map(runner::run).filter(r -> r.grade() != Grade.PASS)
          .map(r -> r.id() + ": " + r.grade().label() + " " + r.detail() + "\n  " + r.wire())
          .collect(Collectors.joining("\n"));
      assertEquals("", failures);
    } finally {
      tcp.close();
      handlers.shutdownNow();
    }
  }
}
