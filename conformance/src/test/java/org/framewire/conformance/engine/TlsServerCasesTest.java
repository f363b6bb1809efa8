package org.framewire.conformance.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.cases.Capabilities;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.cases.Limit;
import org.framewire.conformance.target.SelfTarget;
import org.framewire.conformance.target.SocketTarget;
import org.framewire.session.commands.CommandRegistry;
import org.framewire.transport.TcpServer;
import org.framewire.transport.TestPki;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.transport.tls.ServerTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TLS cases (protocol-spec/conformance/server/tls.json, SPEC.md §9.3) pass against the NIO
 * {@link TcpServer} over TLS with a 3 s handshake timeout, and each fails against a target broken
 * in the way it checks: a plain TCP server behind a {@code tls://} target (plaintext served), a TLS
 * relay with neither a handshake deadline nor ALPN, and a fake server that answers TLS 1.1.
 */
class TlsServerCasesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static TestPki pki;
  private static ExecutorService handlers;
  private static TcpServer tls;
  private static TcpServer plain;
  private static List<ConformanceCase> cases;

  @BeforeAll
  static void start() throws IOException {
    pki = TestPki.create(Files.createTempDirectory("framewire-pki"));
    handlers = Executors.newFixedThreadPool(2);
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    TransportConfig config = TransportConfig.DEFAULTS.withSession(SelfTarget.config());
    tls = TcpServer.start(any, config, pki.serverTls(false).withHandshakeTimeout(Duration.ofMillis(3000)),
        CommandRegistry.conformance(), handlers, TransportListener.NONE);
    plain = TcpServer.start(any, config, CommandRegistry.conformance(), handlers, TransportListener.NONE);
    cases = CaseLoader.loadBundled().stream().filter(c -> c.needs().transport().equals("tls")).toList();
  }

  @AfterAll
  static void stop() {
    tls.close();
    plain.close();
    handlers.shutdownNow();
  }

  private static Map<String, CaseReport> run(int port) {
    SocketTarget target = new SocketTarget("127.0.0.1", port, 40, 40, 5000, pki.clientTls());
    CaseRunner runner = new CaseRunner(target, TIMEOUT, "framewire check --target " + target.name(),
        SelfTarget.capabilities().with(Limit.TLS_HANDSHAKE_TIMEOUT_MILLIS, 3000));
    return cases.stream().collect(Collectors.toMap(ConformanceCase::id, runner::runOnce));
  }

  private static String describe(CaseReport r) {
    return r.id() + ": " + r.grade().label() + " " + r.detail() + "\n"
        + r.wire().stream().map(w -> "  " + w).collect(Collectors.joining("\n"));
  }

  @Test
  void theNioServerOverTlsPassesEveryTlsCase() {
    assertEquals(6, cases.size(), "tls.json's cases");
    for (CaseReport r : run(tls.localAddress().getPort()).values()) {
      assertEquals(Grade.PASS, r.grade(), () -> describe(r));
    }
  }

  @Test
  void tlsCasesAreNotApplicableWithoutTls() {
    SocketTarget target = new SocketTarget("127.0.0.1", plain.localAddress().getPort(), 40);
    CaseRunner runner = new CaseRunner(target, TIMEOUT, "framewire check", SelfTarget.capabilities());
    cases.forEach(c -> assertEquals(Grade.NOT_APPLICABLE, runner.runOnce(c).grade(), c.id()));
  }

  @Test
  void theStallCaseNeedsADeclaredTimeout() {
    SocketTarget target = new SocketTarget("127.0.0.1", tls.localAddress().getPort(), 40, 40, 5000, pki.clientTls());
    CaseRunner runner = new CaseRunner(target, TIMEOUT, "framewire check", Capabilities.DEFAULTS);
    ConformanceCase stall = cases.stream().filter(c -> c.id().equals("tls/stalled-handshake-closed")).findFirst().orElseThrow();
    assertEquals(Grade.NOT_APPLICABLE, runner.runOnce(stall).grade());
  }

  /** A plain server behind a tls:// target serves the plaintext request: the plaintext case fails. */
  @Test
  void aPlainServerFailsThePlaintextCase() {
    CaseReport r = run(plain.localAddress().getPort()).get("tls/plaintext-client-closed");
    assertEquals(Grade.FAIL, r.grade(), () -> describe(r));
    assertTrue(r.detail().contains("TRANS-15: a plaintext client was served"), r.detail());
  }

  /** TLS terminated without a handshake deadline and without ALPN: the stall and both ALPN-checking cases fail. */
  @Test
  void aRelayWithoutDeadlineOrAlpnFailsThoseCases() throws IOException {
    try (LooseTlsRelay relay = new LooseTlsRelay(pki.serverTls(false), plain.localAddress().getPort())) {
      Map<String, CaseReport> got = run(relay.port());
      for (String id : List.of("tls/stalled-handshake-closed", "tls/alpn-framewire-selected", "tls/alpn-without-framewire-refused")) {
        CaseReport r = got.get(id);
        assertEquals(Grade.FAIL, r.grade(), () -> describe(r));
      }
      assertTrue(got.get("tls/stalled-handshake-closed").detail().contains("still connected"), () -> describe(got.get("tls/stalled-handshake-closed")));
      assertTrue(got.get("tls/alpn-without-framewire-refused").detail().contains("TRANS-14"));
      assertEquals(Grade.PASS, got.get("tls/no-alpn-served").grade(), () -> describe(got.get("tls/no-alpn-served")));
    }
  }

  /** A server answering a TLS 1.1 ClientHello with a TLS 1.1 ServerHello fails the version case. */
  @Test
  void aServerAcceptingTls11FailsTheVersionCase() throws IOException {
    try (ServerSocket fake = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        while (!fake.isClosed()) {
          try (Socket s = fake.accept()) {
            s.getInputStream().read(new byte[4096]);
            byte[] hello = HexFormat.of().parseHex("160302002a0200002603" + "02" + "00".repeat(32) + "00c01300");
            s.getOutputStream().write(hello);
            s.getOutputStream().flush();
            Thread.sleep(4000);
          } catch (IOException | InterruptedException e) {
            return;
          }
        }
      }, "fake TLS 1.1 server");
      t.setDaemon(true);
      t.start();
      SocketTarget target = new SocketTarget("127.0.0.1", fake.getLocalPort(), 40, 40, 5000, pki.clientTls());
      CaseRunner runner = new CaseRunner(target, TIMEOUT, "framewire check", SelfTarget.capabilities());
      ConformanceCase v = cases.stream().filter(c -> c.id().equals("tls/tls11-refused")).findFirst().orElseThrow();
      CaseReport r = runner.runOnce(v);
      assertEquals(Grade.FAIL, r.grade(), () -> describe(r));
      assertTrue(r.detail().contains("TRANS-11: a TLS 1.1 ClientHello was accepted"), r.detail());
    }
  }

  /**
   * TLS terminated by a blocking {@link SSLServerSocket} with no handshake deadline and no ALPN, the
   * plaintext relayed to a plain server: what a careless TLS front end does.
   */
  private static final class LooseTlsRelay implements AutoCloseable {
    private final SSLServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "loose TLS relay");
      t.setDaemon(true);
      return t;
    });

    LooseTlsRelay(ServerTls tls, int backend) throws IOException {
      server = (SSLServerSocket) tls.context().getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
      pool.execute(() -> {
        while (!server.isClosed()) {
          try {
            SSLSocket s = (SSLSocket) server.accept();
            pool.execute(() -> relay(s, backend));
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    int port() {
      return server.getLocalPort();
    }

    private void relay(SSLSocket s, int backend) {
      try (s; Socket b = new Socket(InetAddress.getLoopbackAddress(), backend)) {
        s.startHandshake();
        pool.execute(() -> copy(b, s));
        copy(s, b);
      } catch (IOException e) {
        // the client went away
      }
    }

    private static void copy(Socket from, Socket to) {
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        in.transferTo(out);
      } catch (IOException e) {
        // either side closed
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      pool.shutdownNow();
    }
  }
}
