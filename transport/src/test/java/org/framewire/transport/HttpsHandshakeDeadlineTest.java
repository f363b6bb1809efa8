package org.framewire.transport;

import static org.framewire.transport.Fixture.args;
import static org.framewire.transport.Fixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import org.framewire.cbor.CborValue;
import org.framewire.session.ClientConfig;
import org.framewire.session.commands.CommandRegistry;
import org.framewire.transport.tls.ServerTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS host's handshake deadline (SPEC.md §9.3, TRANS-15; {@link HandshakeDeadline}): a client
 * that stalls mid-handshake on the JDK's HttpsServer is closed within the bound, as on the raw
 * transport, while an exchange that outlives the bound once served is not cut. Without the
 * deadline (a bound of an hour) the JDK leaves the stalled connection open.
 */
@Timeout(60)
class HttpsHandshakeDeadlineTest {
  @TempDir
  static Path dir;
  static TestPki pki;

  /** The first 20 bytes of a TLS 1.2 ClientHello: a record header and part of the handshake. */
  static final byte[] PART_OF_A_CLIENT_HELLO = java.util.HexFormat.of().parseHex("16030100c6010000c20303" + "00".repeat(9));

  @BeforeAll
  static void certificates() {
    pki = TestPki.create(dir);
  }

  private static HttpApiServer start(Fixture f, Duration bound) throws IOException {
    CommandRegistry commands = CommandRegistry.builder().addAll(CommandRegistry.conformance()).add("slow", (call, out) -> {
      try {
        Thread.sleep(3000); // longer than the bound
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.writeObject(CborValue.Bytes.of("late"));
    }).build();
    ServerTls tls = pki.serverTls(false).withHandshakeTimeout(bound);
    return f.track(HttpApiServer.start(Fixture.LOOPBACK, HttpApi.DEFAULT_PREFIX, TransportConfig.DEFAULTS, tls, commands,
        f.handlers, f.recorder));
  }

  /** Milliseconds until the server closes a connection that sent part of a ClientHello, or -1 if open after {@code wait}. */
  private static long closedAfter(HttpApiServer server, Duration wait) throws IOException {
    try (Socket s = new Socket(server.localAddress().getAddress(), server.localAddress().getPort())) {
      long start = System.nanoTime();
      s.getOutputStream().write(PART_OF_A_CLIENT_HELLO);
      s.setSoTimeout((int) wait.toMillis());
      InputStream in = s.getInputStream();
      try {
        while (in.read() >= 0) {
          // an alert, then the close
        }
      } catch (SocketTimeoutException e) {
        return -1;
      } catch (IOException reset) {
        // a reset is a close
      }
      return (System.nanoTime() - start) / 1_000_000;
    }
  }

  @Test
  void aStalledHandshakeIsClosedWithinTheBound() throws Throwable {
    try (Fixture f = new Fixture()) {
      // 2 s: short for the test, long enough for a genuine handshake on a loaded machine
      HttpApiServer server = start(f, Duration.ofSeconds(2));
      long ms = closedAfter(server, Duration.ofSeconds(15));
      assertTrue(ms >= 0, "the stalled connection is still open after 15 s");
      assertTrue(ms >= 1900 && ms < 6000, "closed after " + ms + " ms, bound 2000 ms");
      assertEquals(1, server.handshakeTimeouts());
      // served exchanges are not cut at the bound, however long they take
      HttpApiClient c = new HttpApiClient(HttpApiClient.httpClient(pki.clientTls()), server.baseUri(),
          HttpApi.DEFAULT_PREFIX, ClientConfig.DEFAULTS);
      assertEquals(CborValue.Bytes.of("late"), await(c.call("slow", args())).single());
      assertEquals(args("x", "1"), await(c.call("echo", args("x", "1"))).single());
      assertEquals(1, server.handshakeTimeouts());
    }
  }

  /** The broken variant: with the deadline an hour away, the JDK's HttpsServer keeps the stalled connection. */
  @Test
  void withoutTheDeadlineTheJdkKeepsTheStalledConnection() throws Exception {
    try (Fixture f = new Fixture()) {
      HttpApiServer server = start(f, Duration.ofHours(1));
      assertEquals(-1, closedAfter(server, Duration.ofMillis(4000)));
    }
  }
}
