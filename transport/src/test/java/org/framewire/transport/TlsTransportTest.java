package org.framewire.transport;

import static org.framewire.transport.Fixture.args;
import static org.framewire.transport.Fixture.await;
import static org.framewire.transport.Fixture.bytesOf;
import static org.framewire.transport.Fixture.pattern;
import static org.framewire.transport.TcpTransportTest.advertising;
import static org.framewire.transport.TcpTransportTest.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameNotation;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.ClientSession;
import org.framewire.session.Response;
import org.framewire.session.ServerConfig;
import org.framewire.session.commands.CommandRegistry;
import org.framewire.session.commands.TlsPeer;
import org.framewire.transport.tls.ClientTls;
import org.framewire.transport.tls.ServerTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw transport over TLS (SPEC.md §9.3): {@link TlsWire} under the NIO server and {@link
 * RawClient}, certificates made at test time ({@link TestPki}), and the handshake faults a server
 * must answer within a bound without leaking the connection.
 */
@Timeout(60)
class TlsTransportTest {
  @TempDir
  static Path dir;
  static TestPki pki;

  @BeforeAll
  static void certificates() {
    pki = TestPki.create(dir);
  }

  @Test
  void callsRoundTripOverTls13WithGatherWritesEncrypted() throws Throwable {
    byte[] data = new byte[4 << 20];
    new Random(1).nextBytes(data);
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tls(pki.serverTls(false), TransportConfig.DEFAULTS, CommandRegistry.conformance());
      try (RawClient c = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS, pki.clientTls(), e -> { })) {
        assertEquals(Fixture.args("x", "1"), await(c.call("echo", args("x", "1"))).single());
        assertArrayEquals(data, bytesOf(await(c.call(CommandRequest.of("echodata"), ByteBuffer.wrap(data))).single()));
        Response r = await(c.call("stream", args("count", 16, "size", 1 << 20)));
        assertEquals(16, r.objects().size());
        for (int k = 0; k < 16; k++) {
          assertArrayEquals(pattern(k, 1 << 20), bytesOf(r.objects().get(k)));
        }
      }
      assertTrue(f.recorder.internalErrors.isEmpty(), f.recorder.internalErrors.toString());
    }
  }

  /**
   * The client's input side does bounded work per byte, counted, not timed: a 16 MiB response
   * takes socket reads of 8 KiB of ciphertext or more on average (not a read per record header or
   * per small piece), and a few {@code unwrap} calls per socket read (no overflow or underflow
   * loop). The server's records carry up to 16 KiB each; the client's read buffer is 64 KiB.
   */
  @Test
  void aBulkResponseIsDecryptedInFewReadsAndUnwraps() throws Throwable {
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tls(pki.serverTls(false), TransportConfig.DEFAULTS, CommandRegistry.conformance());
      ClientConfig identity = ClientConfig.DEFAULTS.withContentEncodings(List.of()); // no compression: 16 MiB on the wire
      try (RawClient c = RawClient.connect(server.localAddress(), identity, pki.clientTls(), e -> { })) {
        TlsWire.ReadCounts before = c.tlsWire().readCounts();
        assertEquals(16, await(c.call("stream", args("count", 16, "size", 1 << 20))).objects().size());
        TlsWire.ReadCounts after = c.tlsWire().readCounts();
        long plaintext = after.plaintext() - before.plaintext();
        long socketReads = after.socketReads() - before.socketReads();
        long unwraps = after.unwraps() - before.unwraps();
        String counts = before + " -> " + after;
        assertTrue(plaintext >= 16 << 20, counts);
        assertTrue(socketReads <= plaintext / (8 << 10), "socket reads: " + counts);
        assertTrue(unwraps <= 4 * socketReads + 8, "unwraps: " + counts);
      }
    }
  }

  @Test
  void mutualTlsGivesHandlersTheVerifiedClientIdentity() throws Throwable {
    List<TlsPeer> seen = new CopyOnWriteArrayList<>();
    CommandRegistry commands = CommandRegistry.builder().add("whoami", (call, out) -> {
      seen.add(call.tls());
      out.writeObject(CborValue.Bytes.of(call.tls().principal().getName()));
      out.end();
    }).build();
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tls(pki.serverTls(true), TransportConfig.DEFAULTS, commands);
      try (RawClient c = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS, pki.clientTls(pki.ca, true),
          e -> { })) {
        assertEquals(CborValue.Bytes.of("CN=alice"), await(c.call("whoami", args())).single());
      }
      assertEquals("TLSv1.3", seen.get(0).protocol());
      assertEquals(1, seen.get(0).certificates().size(), "the client's own certificate, verified");

      // Without a certificate the server ends the handshake: no handler runs.
      Throwable failed = assertThrows(Throwable.class, () -> {
        try (RawClient c = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS, pki.clientTls(), e -> { })) {
          await(c.call("whoami", args()));
        }
      });
      // The alert (certificate_required) usually names the cause; a write racing the close may fail first.
      assertTrue(failed instanceof IOException, failed + " caused by " + failed.getCause());
      assertEquals(1, seen.size());
      eventually(() -> server.connections().isEmpty());
    }
  }

  @Test
  void withoutTlsAHandlerSeesNoPeer() throws Throwable {
    List<Boolean> none = new CopyOnWriteArrayList<>();
    CommandRegistry commands = CommandRegistry.builder().add("peer", (call, out) -> none.add(call.tls() == null)).build();
    try (Fixture f = new Fixture(); RawClient c = RawClient.connect(
        f.tcp(TransportConfig.DEFAULTS, commands).localAddress(), ClientConfig.DEFAULTS)) {
      await(c.call("peer", args()));
      assertEquals(List.of(true), none);
    }
  }

  /** A plaintext client on the TLS port: its request is never served, the connection closes at once. */
  @Test
  void plaintextClientIsClosedUnserved() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    CommandRegistry commands = CommandRegistry.builder().add("echo", (call, out) -> ran.incrementAndGet()).build();
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tls(pki.serverTls(false), TransportConfig.DEFAULTS, commands);
      try (Socket s = new Socket()) {
        s.connect(server.localAddress());
        s.setSoTimeout(5_000);
        long t0 = System.nanoTime();
        s.getOutputStream().write(FrameNotation.parse(
            "1 1 stream-begin command-request new cbor:{b'name': b'echo'}").toBytes());
        byte[] got = readToEnd(s.getInputStream());
        assertTrue(got.length == 0 || got[0] == 0x15, "nothing but a TLS alert (content type 21), no frame");
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
      }
      eventually(() -> server.connections().isEmpty());
      assertEquals(0, ran.get());
    }
  }

  @Test
  void aClientThatDoesNotTrustTheServersCaFailsTheHandshake() throws Exception {
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tls(pki.serverTls(false), TransportConfig.DEFAULTS, CommandRegistry.conformance());
      assertThrows(SSLException.class, () ->
          RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS, pki.clientTls(pki.otherCa, false), e -> { }));
      eventually(() -> server.connections().isEmpty());
    }
  }

  @Test
  void anExpiredServerCertificateFailsTheHandshake() throws Exception {
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tls(pki.serverTls(pki.expired, false), TransportConfig.DEFAULTS, CommandRegistry.conformance());
      SSLException e = assertThrows(SSLException.class, () ->
          RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS, pki.clientTls(), c -> { }));
      assertTrue(String.valueOf(e.getMessage()).contains("xpired") || String.valueOf(e.getCause()).contains("xpired")
          || String.valueOf(e.getCause()).contains("validity"), e.toString());
      eventually(() -> server.connections().isEmpty());
    }
  }

  /** A client that stops in the middle of its ClientHello is closed at the handshake timeout. */
  @Test
  void aHandshakeThatNeverFinishesIsClosedAtItsDeadline() throws Exception {
    ServerTls tls = pki.serverTls(false).withHandshakeTimeout(Duration.ofMillis(300));
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tls(tls, TransportConfig.DEFAULTS, CommandRegistry.conformance());
      try (Socket s = new Socket()) {
        s.connect(server.localAddress());
        s.setSoTimeout(5_000);
        long t0 = System.nanoTime();
        s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01}); // a ClientHello begins
        assertEquals(0, readToEnd(s.getInputStream()).length);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 250 && ms < 4_000, "closed after " + ms + " ms");
      }
      eventually(() -> server.connections().isEmpty());
    }
  }

  /**
   * A flood of connections that begin a handshake and stall: they count as silent, the oldest are
   * evicted past {@link TransportConfig#maxSilentConnections()}, and a genuine client is served.
   */
  @Test
  void aHandshakeFloodIsBoundedAndAGenuineClientIsServed() throws Throwable {
    TransportConfig config = TransportConfig.DEFAULTS.withConnectionLimits(1024, 16);
    List<Socket> flood = new ArrayList<>();
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tls(pki.serverTls(false), config, CommandRegistry.conformance());
      try {
        for (int i = 0; i < 200; i++) {
          Socket s = new Socket();
          s.connect(server.localAddress());
          s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
          flood.add(s);
        }
        eventually(() -> server.evictedConnections() >= 200 - 16);
        assertTrue(server.connections().size() <= 16, server.connections().toString());
        try (RawClient c = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS, pki.clientTls(), e -> { })) {
          assertEquals(Fixture.args("n", 1), await(c.call("echo", args("n", 1))).single());
        }
      } finally {
        for (Socket s : flood) {
          s.close();
        }
      }
      eventually(() -> server.connections().isEmpty());
    }
  }

  /** LIMIT-3 over TLS: a client that does not read stops the server reading; the queue stays bounded. */
  @Test
  void aSlowTlsReaderIsBackpressured() throws Exception {
    long limit = 256 << 10;
    TransportConfig config = TransportConfig.DEFAULTS.withSession(ServerConfig.DEFAULTS.withMaxOutboundBytes(limit));
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tls(pki.serverTls(false), config, CommandRegistry.conformance());
      try (RawPeer peer = RawPeer.tls(server.localAddress(), pki.clientTls(), 16 << 10)) {
        ClientSession session = new ClientSession(advertising("none"));
        int id = session.sendCommand(CommandRequest.of("stream", args("count", 16, "size", 1 << 20)));
        peer.send(session.pollOutbound());
        eventually(() -> !server.connections().isEmpty() && server.connections().get(0).readingPaused());
        ConnectionStats stalled = server.connections().get(0);
        assertTrue(stalled.queuedBytes() < limit + (256 << 10), "bounded while the client does not read: " + stalled);
        int objects = 0;
        boolean done = false;
        while (!done) {
          Frame frame = peer.next();
          assertNotNull(frame);
          for (ClientEvent e : session.receiveFrame(frame)) {
            if (e instanceof ClientEvent.ResponseObject o) {
              assertArrayEquals(pattern(objects, 1 << 20), bytesOf(o.value()));
              objects++;
            }
            done |= e instanceof ClientEvent.ResponseComplete c && c.requestId() == id;
          }
        }
        assertEquals(16, objects);
        // The loop releases the queue and resumes reading after its last socket write returns,
        // which may be after the client has read those bytes: wait for it rather than race it.
        eventually(() -> !server.connections().get(0).readingPaused());
        ConnectionStats after = server.connections().get(0);
        assertTrue(after.peakQueuedBytes() < limit + (256 << 10), after.toString());
        assertFalse(after.readingPaused(), after.toString());
      }
    }
  }

  /** TRANS-6 over TLS 1.3: the client's half-close (close_notify) still gets its answers, then the close. */
  @Test
  void endOfInputAnswersWhatWasSentThenCloses() throws Exception {
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tls(pki.serverTls(false), TransportConfig.DEFAULTS, CommandRegistry.conformance());
      try (RawPeer peer = RawPeer.tls(server.localAddress(), pki.clientTls(), 0)) {
        peer.send("1 1 stream-begin command-request new cbor:{b'name': b'echo', b'args': {b'a': b'b'}}");
        peer.shutdownOutput();
        List<Frame> frames = peer.readToEnd();
        assertFalse(frames.isEmpty());
        assertEquals(1, frames.get(0).requestId());
      }
    }
  }

  /** TRANS-13/14: framewire's ALPN id is agreed; an offer without it fails; no offer at all is served. */
  @Test
  void alpnFramewireIsAgreedAndOtherOffersAreRefused() throws Exception {
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tls(pki.serverTls(false), TransportConfig.DEFAULTS, CommandRegistry.conformance());
      assertEquals("framewire", alpn(server, new String[] {"framewire"}));
      assertEquals("", alpn(server, new String[0]));
      assertThrows(SSLException.class, () -> alpn(server, new String[] {"h2"}));
    }
  }

  private static String alpn(TcpServer server, String[] offer) throws IOException {
    try (Socket plain = new Socket()) {
      plain.connect(server.localAddress());
      javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) pki.clientTls().context().getSocketFactory()
          .createSocket(plain, "127.0.0.1", server.localAddress().getPort(), true);
      javax.net.ssl.SSLParameters p = s.getSSLParameters();
      p.setApplicationProtocols(offer);
      s.setSSLParameters(p);
      s.setSoTimeout(5_000);
      s.startHandshake();
      return s.getApplicationProtocol();
    }
  }

  /** HTTPS on the JDK's HttpsServer: calls work, the client's verified certificate reaches handlers. */
  @Test
  void httpsCarriesCallsAndTheClientIdentity() throws Throwable {
    List<String> seen = new CopyOnWriteArrayList<>();
    CommandRegistry commands = CommandRegistry.builder().addAll(CommandRegistry.conformance())
        .add("whoami", (call, out) -> seen.add(call.tls().protocol() + " " + call.tls().principal().getName())).build();
    try (Fixture f = new Fixture()) {
      HttpApiServer server = f.track(HttpApiServer.start(Fixture.LOOPBACK, HttpApi.DEFAULT_PREFIX,
          TransportConfig.DEFAULTS, pki.serverTls(true), commands, f.handlers, f.recorder));
      assertTrue(server.baseUri().toString().startsWith("https://127.0.0.1:"), server.baseUri().toString());
      HttpApiClient c = new HttpApiClient(HttpApiClient.httpClient(pki.clientTls(pki.ca, true)), server.baseUri(),
          HttpApi.DEFAULT_PREFIX, ClientConfig.DEFAULTS);
      assertEquals(Fixture.args("x", "1"), await(c.call("echo", args("x", "1"))).single());
      await(c.call("whoami", args()));
      assertEquals(List.of("TLSv1.2 CN=alice"), seen, "mutual TLS over the JDK's HttpsServer runs at TLS 1.2");
      HttpApiClient untrusting = new HttpApiClient(HttpApiClient.httpClient(pki.clientTls(pki.otherCa, true)),
          server.baseUri(), HttpApi.DEFAULT_PREFIX, ClientConfig.DEFAULTS);
      assertThrows(IOException.class, () -> await(untrusting.call("echo", args())));
    }
  }

  /** Reads until the end of the stream (or a reset); the bytes that arrived. */
  private static byte[] readToEnd(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream total = new java.io.ByteArrayOutputStream();
    byte[] b = new byte[4096];
    try {
      for (int n; (n = in.read(b)) >= 0; ) {
        total.write(b, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection", e);
    } catch (IOException reset) {
      // a reset ends it as well
    }
    return total.toByteArray();
  }

  static ClientTls insecure() throws Exception {
    return new ClientTls(org.framewire.transport.tls.Pem.insecureClientContext(), false, Duration.ofSeconds(5));
  }
}
