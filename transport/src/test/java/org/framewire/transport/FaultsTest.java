package org.framewire.transport;

import static org.framewire.transport.Attack.secondConnectionServed;
import static org.framewire.transport.Fixture.args;
import static org.framewire.transport.Fixture.await;
import static org.framewire.transport.Fixture.bytesOf;
import static org.framewire.transport.Fixture.pattern;
import static org.framewire.transport.TcpTransportTest.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameNotation;
import org.framewire.session.CallException;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientSession;
import org.framewire.session.Response;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults (issue 7): peers that vanish at every point of an exchange, a shutdown with requests in
 * flight, and writes that go out a byte at a time. After each the server holds nothing for the
 * peer (no connection, so no stream, decoder context, request or queued byte) and serves others.
 */
@Timeout(30)
class FaultsTest {

  static final TransportConfig CONFIG = TransportConfig.DEFAULTS.withCloseLinger(Duration.ofMillis(100));

  /** The peer sends {@code bytes} and resets the connection (SO_LINGER 0) or closes it. */
  @ParameterizedTest
  @ValueSource(strings = {"mid-header", "mid-payload", "mid-request", "mid-response"})
  void peerDisconnects(String where) throws Throwable {
    byte[] settings = FrameNotation.parse(
        "1 1 stream-begin sender-protocol-settings eos cbor:{b'contentencodings': [b'identity']}").toBytes();
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tcp(CONFIG, CommandRegistry.conformance());
      for (boolean reset : new boolean[] {false, true}) {
        RawPeer peer = new RawPeer(server.localAddress(), 4096);
        switch (where) {
          case "mid-header" -> peer.send(Arrays.copyOf(settings, 5));
          case "mid-payload" -> peer.send(Arrays.copyOf(settings, settings.length - 3));
          case "mid-request" -> peer.send(settings).send(
              "1 1 0 command-request new|more cbor:{b'name': b'echo'}");
          case "mid-response" -> {
            ClientSession s = new ClientSession(ClientConfig.DEFAULTS.withContentEncodings(List.of()));
            s.sendCommand(CommandRequest.of("stream", args("count", 64, "size", 1 << 20)));
            peer.send(s.pollOutbound());
            Frame first = peer.next();
            assertTrue(first != null);
            eventually(() -> server.connections().stream().anyMatch(c -> c.activeResponses() == 1));
          }
          default -> throw new AssertionError(where);
        }
        eventually(() -> server.connections().size() == 1);
        if (reset) {
          peer.socket.setSoLinger(true, 0);
        }
        peer.close();
        eventually(() -> server.connections().isEmpty());
        secondConnectionServed(server);
        eventually(() -> server.connections().isEmpty());
      }
      assertEquals(List.of(), f.recorder.internalErrors);
    }
  }

  /** Every request in flight at a shutdown ends: finished, or an error-response of type server. */
  @Test
  void shutdownWithRequestsInFlightEndsEveryOne() throws Throwable {
    CountDownLatch release = new CountDownLatch(1);
    CommandRegistry commands = CommandRegistry.builder().addAll(CommandRegistry.conformance())
        .add("hold", (call, out) -> {
          out.writeObject(CborValue.Bytes.of("started"));
          assertTrue(release.await(20, TimeUnit.SECONDS));
          out.writeObject(CborValue.Bytes.of("finished"));
        })
        .add("stuck", (call, out) -> {
          out.writeObject(CborValue.Bytes.of("started"));
          while (out.isOpen()) {
            Thread.sleep(10);
          }
        }).build();
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tcp(CONFIG.withShutdownGrace(Duration.ofSeconds(1)), commands);
      List<RawClient> clients = new ArrayList<>();
      List<CompletableFuture<Response>> held = new ArrayList<>();
      List<CompletableFuture<Response>> stuck = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        RawClient client = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS);
        clients.add(client);
        for (int i = 0; i < 2; i++) {
          held.add(client.call("hold", args()));
          stuck.add(client.call("stuck", args()));
        }
      }
      eventually(() -> server.connections().stream().mapToInt(ConnectionStats::activeResponses).sum() == 16);
      server.shutdown(Duration.ofMillis(500));
      release.countDown();
      for (CompletableFuture<Response> h : held) {
        assertEquals(List.of(CborValue.Bytes.of("started"), CborValue.Bytes.of("finished")), await(h).objects());
      }
      for (CompletableFuture<Response> s : stuck) {
        CallException e = assertThrows(CallException.class, () -> await(s));
        assertEquals(CallException.Kind.ERROR_RESPONSE, e.kind(), e.toString());
        assertEquals("server", e.errorType());
      }
      assertTrue(server.awaitTermination(Duration.ofSeconds(10)));
      System.out.printf("[faults] shutdown: %d requests finished, %d ended with a server error, 0 dropped%n",
          held.size(), stuck.size());
      for (RawClient c : clients) {
        c.close();
      }
    }
  }

  /**
   * Partial writes both ways: the client writes one byte per write and reads at most 7 bytes per
   * read through a 4 KiB receive buffer, so the server's channel writes are partial (or write
   * nothing) most of the time. The responses are byte-identical all the same.
   */
  @Test
  void partialWritesLeaveResponsesByteIdentical() throws Throwable {
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tcp(CONFIG, CommandRegistry.conformance());
      Socket socket = new Socket();
      socket.setReceiveBufferSize(4096);
      socket.setSendBufferSize(4096);
      socket.connect(server.localAddress());
      InputStream in = new FilterInputStream(socket.getInputStream()) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return super.read(b, off, Math.min(len, 7));
        }
      };
      OutputStream out = new FilterOutputStream(socket.getOutputStream()) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          for (int i = 0; i < len; i++) {
            super.write(b[off + i]);
            flush();
          }
        }
      };
      try (RawClient client = RawClient.over(in, out, ClientConfig.DEFAULTS)) {
        byte[] data = pattern(3, 20_000);
        CompletableFuture<Response> echo = client.call(CommandRequest.of("echodata"), ByteBuffer.wrap(data));
        CompletableFuture<Response> stream = client.call("stream", args("count", 4, "size", 100_000));
        assertArrayEquals(data, bytesOf(await(echo).objects().get(0)));
        List<CborValue> objects = await(stream).objects();
        assertEquals(4, objects.size());
        for (int k = 0; k < 4; k++) {
          assertArrayEquals(pattern(k, 100_000), bytesOf(objects.get(k)), "string " + k);
        }
      }
    }
  }
}
