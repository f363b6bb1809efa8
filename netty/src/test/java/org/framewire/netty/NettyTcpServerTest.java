package org.framewire.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.framewire.session.ClientConfig;
import org.framewire.spec.Requirement;
import org.framewire.transport.ConformanceCalls;
import org.framewire.transport.MercurialPeer;
import org.framewire.transport.RawClient;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real Netty server on loopback: transport's {@link RawClient} runs every conformance command
 * over every encoding, and Mercurial's own client (interop/hg_client.py) calls it.
 */
class NettyTcpServerTest {
  static {
    LeakWatch.install();
  }

  private final List<String> violations = new CopyOnWriteArrayList<>();
  private ExecutorService executor;
  private NettyTcpServer server;

  @BeforeEach
  void start() throws Exception {
    executor = Executors.newCachedThreadPool();
    TransportListener recorder = new TransportListener() {
      @Override
      public void protocolViolation(String connection, Requirement requirement, String message) {
        violations.add(connection + ": " + message);
      }

      @Override
      public void internalError(String connection, Throwable error) {
        violations.add(connection + ": internal " + error);
      }
    };
    server = NettyTcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1,
        TransportConfig.DEFAULTS, CommandRegistry.conformance(), executor, recorder);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    executor.shutdownNow();
    assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
  }

  @AfterAll
  static void noLeaks() throws Exception {
    LeakWatch.assertNoLeaks();
  }

  private static ClientConfig advertising(String encoding) {
    return ClientConfig.DEFAULTS.withContentEncodings(encoding.equals("none") ? List.of() : List.of(encoding));
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void everyConformanceCommand(String encoding) throws Throwable {
    try (RawClient c = RawClient.connect(server.localAddress(), advertising(encoding))) {
      ConformanceCalls.check(c::call, c::call, false);
    }
    assertEquals(List.of(), violations);
  }

  /**
   * Mercurial's client over every encoding (and none advertised), as transport's
   * MercurialInteropTest runs it against the NIO server: one request at a time, the responses share
   * one stream and compression context (ENC-3); pipelined, they overlap on several streams (ENC-4).
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"zstd-8mb, sequential", "zlib, sequential", "identity, sequential", "none, sequential",
      "zstd-8mb, pipelined", "zlib, pipelined", "identity, pipelined", "none, pipelined"})
  void mercurialClientCallsTheNettyServer(String encoding, String mode) throws Exception {
    String out = MercurialPeer.runToEnd(MercurialPeer.interopDir(), 30, "hg_client.py",
        "--port", String.valueOf(server.localAddress().getPort()), "--encodings", encoding, "--" + mode);
    assertTrue(out.contains("\"checks\": 10"), out);
    assertEquals(List.of(), violations);
  }

  /** CMD-11: Mercurial's client writes 1000 mixed calls in one flush; the Netty host paces and answers all. */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void mercurialClientPipelinesAThousandRequests(String encoding) throws Exception {
    String out = MercurialPeer.runToEnd(MercurialPeer.interopDir(), 50, "hg_client.py",
        "--port", String.valueOf(server.localAddress().getPort()), "--encodings", encoding, "--batch", "1000");
    assertTrue(out.contains("\"checks\": 1001"), out);
    assertEquals(List.of(), violations);
   }
}
