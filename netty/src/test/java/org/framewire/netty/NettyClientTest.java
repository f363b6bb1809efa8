package org.framewire.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.framewire.session.ClientConfig;
import org.framewire.transport.ConformanceCalls;
import org.framewire.transport.TcpServer;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Netty client against framewire's own NIO {@link TcpServer}: every conformance command, every encoding. */
class NettyClientTest {
  static {
    LeakWatch.install();
  }

  @AfterAll
  static void noLeaks() throws Exception {
    LeakWatch.assertNoLeaks();
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void everyConformanceCommandAgainstTcpServer(String encoding) throws Throwable {
    ExecutorService handlers = Executors.newCachedThreadPool();
    try (TcpServer server = TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            CommandRegistry.conformance(), handlers);
        NettyClient c = NettyClient.connect(server.localAddress(),
            ClientConfig.DEFAULTS.withContentEncodings(encoding.equals("none") ? List.of() : List.of(encoding)))) {
      ConformanceCalls.check(c::call, c::call, false);
    } finally {
      handlers.shutdownNow();
    }
  }
}
