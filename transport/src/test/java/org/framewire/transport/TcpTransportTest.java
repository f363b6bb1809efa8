package org.framewire.transport;

import static org.framewire.transport.Fixture.args;
import static org.framewire.transport.Fixture.await;
import static org.framewire.transport.Fixture.bytesOf;
import static org.framewire.transport.Fixture.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.session.CallException;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.ClientSession;
import org.framewire.session.CloseReason;
import org.framewire.session.Response;
import org.framewire.session.ServerConfig;
import org.framewire.spec.Requirement;
import org.framewire.streams.DecodeLimits;
import org.framewire.streams.StreamLimits;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The raw transport over loopback TCP: our NIO server, our client, and raw frames. */
@Timeout(60)
class TcpTransportTest {

  static ClientConfig advertising(String encoding) {
    return ClientConfig.DEFAULTS.withContentEncodings(encoding.equals("none") ? List.of() : List.of(encoding));
  }

  // ---------------------------------------------------------------- commands and encodings

  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void everyConformanceCommand(String encoding) throws Throwable {
    try (Fixture f = new Fixture(); RawClient c = RawClient.connect(f.tcp().localAddress(), advertising(encoding))) {
      ConformanceCalls.check(c::call, c::call, false);
      assertEquals(List.of(), f.recorder.violations);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void serverEncodesWithTheProfileTheClientListed(String encoding) throws Exception {
    try (Fixture f = new Fixture(); RawPeer peer = new RawPeer(f.tcp().localAddress())) {
      ClientSession session = new ClientSession(advertising(encoding));
      int id = session.sendCommand(CommandRequest.of("stream", args("count", 4, "size", 50000)));
      peer.send(session.pollOutbound());
      List<String> announced = new ArrayList<>();
      boolean sawEncoded = false;
      List<ClientEvent> events = new ArrayList<>();
      while (events.stream().noneMatch(e -> e instanceof ClientEvent.ResponseComplete)) {
        Frame frame = peer.next();
        assertNotNull(frame, "server closed early");
        if (frame.type() == FrameType.STREAM_SETTINGS) {
          announced.add(((CborValue.Bytes) CborDecoder.decodeAll(frame.payloadBytes()).get(0)).latin1());
        }
        sawEncoded |= (frame.streamFlags() & StreamFlags.ENCODED) != 0;
        events.addAll(session.receiveFrame(frame));
      }
      assertEquals(4, events.stream().filter(e -> e instanceof ClientEvent.ResponseObject o && o.requestId() == id).count());
      if (encoding.equals("identity") || encoding.equals("none")) {
        // Identity may be announced, and then permits the encoded flag without changing anything (§4.2).
        assertTrue(announced.isEmpty() || announced.equals(List.of("identity")), announced.toString());
        assertTrue(!sawEncoded || !announced.isEmpty(), "encoded frames only after stream settings (STREAM-5)");
      } else {
        assertTrue(sawEncoded, "the response was encoded (SET-3)");
        assertEquals(List.of(encoding), announced);
      }
    }
  }

  // ---------------------------------------------------------------- concurrency

  /**
   * 200 requests in flight at once, their responses interleaved on the wire by construction: each
   * handler writes its first value, then waits until all 200 have, then writes its second.
   */
  @Test
  void twoHundredRequestsInFlightInterleave() throws Throwable {
    int n = 200;
    CyclicBarrier barrier = new CyclicBarrier(n);
    CommandRegistry commands = CommandRegistry.builder().add("step", (call, out) -> {
      long i = ((CborValue.Int) call.arg("i")).value();
      out.writeObject(new CborValue.Int(i));
      barrier.await(20, TimeUnit.SECONDS);
      out.writeObject(new CborValue.Int(i + 1000));
      out.end();
    }).build();
    ExecutorService wide = Executors.newCachedThreadPool();
    try (Fixture f = new Fixture()) {
      TcpServer server = f.track(TcpServer.start(Fixture.LOOPBACK,
          TransportConfig.DEFAULTS.withSession(ServerConfig.DEFAULTS.withMaxConcurrentRequests(n)), commands, wide,
          f.recorder));
      try (RawClient c = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS.withMaxConcurrentRequests(n))) {
        List<CompletableFuture<Response>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          calls.add(c.call("step", args("i", i)));
        }
        for (int i = 0; i < n; i++) {
          assertEquals(List.of(new CborValue.Int(i), new CborValue.Int(i + 1000)), await(calls.get(i)).objects());
        }
      }
    } finally {
      wide.shutdownNow();
    }
  }

  /** 200 calls of every kind at once: more than the session allows in flight, so the client queues some. */
  @Test
  void twoHundredMixedCallsThroughALimitedSession() throws Throwable {
    try (Fixture f = new Fixture();
        RawClient c = RawClient.connect(f.tcp().localAddress(), ClientConfig.DEFAULTS.withMaxConcurrentRequests(16))) {
      List<CompletableFuture<Response>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        calls.add(switch (i % 3) {
          case 0 -> c.call("echo", args("i", i));
          case 1 -> c.call("stream", args("count", 2, "size", 1000 + 37 * i));
          default -> c.call(CommandRequest.of("echodata"), ByteBuffer.wrap(pattern(i, i)));
        });
      }
      for (int i = 0; i < 200; i++) {
        Response r = await(calls.get(i));
        switch (i % 3) {
          case 0 -> assertEquals(args("i", i), r.single());
          case 1 -> {
            assertArrayEquals(pattern(0, 1000 + 37 * i), bytesOf(r.objects().get(0)));
            assertArrayEquals(pattern(1, 1000 + 37 * i), bytesOf(r.objects().get(1)));
          }
          default -> assertArrayEquals(pattern(i, i), bytesOf(r.single()));
        }
      }
    }
  }

  @Test
  void handlersNeverRunOnTheSelectorThread() throws Throwable {
    List<String> threads = new CopyOnWriteArrayList<>();
    CommandRegistry commands = CommandRegistry.builder()
        .add("where", (call, out) -> threads.add(Thread.currentThread().getName())).build();
    try (Fixture f = new Fixture();
        RawClient c = RawClient.connect(f.tcp(TransportConfig.DEFAULTS, commands).localAddress(), ClientConfig.DEFAULTS)) {
      for (int i = 0; i < 5; i++) {
        assertEquals(List.of(), await(c.call("where", args())).objects());
      }
      assertEquals(5, threads.size());
      assertTrue(threads.stream().allMatch(t -> t.startsWith("test-handler-")), threads.toString());
    }
  }

  // ---------------------------------------------------------------- data and large responses

  @Test
  void commandDataOfMegabytesRoundTrips() throws Throwable {
    byte[] data = new byte[4 << 20];
    new Random(1).nextBytes(data);
    try (Fixture f = new Fixture(); RawClient c = RawClient.connect(f.tcp().localAddress(), ClientConfig.DEFAULTS)) {
      assertArrayEquals(data, bytesOf(await(c.call(CommandRequest.of("echodata"), ByteBuffer.wrap(data))).single()));
    }
  }

  /** 64 × 1 MiB, a little more than a client's default 64 MiB response bound (§10), which is raised here. */
  @Test
  void sixtyFourMebibytesStreamedCheckedByteForByte() throws Throwable {
    int size = 1 << 20;
    ClientConfig config = ClientConfig.DEFAULTS.withStreamLimits(
        StreamLimits.DEFAULT.withDecode(DecodeLimits.DEFAULT.withPerResponse(80L << 20)));
    try (Fixture f = new Fixture(); RawClient c = RawClient.connect(f.tcp().localAddress(), config)) {
      Response r = await(c.call("stream", args("count", 64, "size", size)));
      assertEquals(64, r.objects().size());
      for (int k = 0; k < 64; k++) {
        byte[] got = bytesOf(r.objects().get(k));
        assertEquals(size, got.length);
        for (int j = 0; j < size; j++) {
          if (got[j] != (byte) (k + j)) {
            throw new AssertionError("string " + k + " byte " + j + " is " + got[j]);
          }
        }
      }
    }
  }

  /**
   * LIMIT-3: a client that sends a request for 16 MiB and does not read. The connection's queue
   * stays near its limit while the handler waits, and reading stops; once the client reads, every
   * byte arrives.
   */
  @Test
  void slowReaderIsBackpressured() throws Exception {
    long limit = 256 << 10;
    TransportConfig config = TransportConfig.DEFAULTS.withSession(ServerConfig.DEFAULTS.withMaxOutboundBytes(limit));
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tcp(config, CommandRegistry.conformance());
      try (RawPeer peer = new RawPeer(server.localAddress(), 16 << 10)) {
        ClientSession session = new ClientSession(advertising("none"));
        int id = session.sendCommand(CommandRequest.of("stream", args("count", 16, "size", 1 << 20)));
        peer.send(session.pollOutbound());
        // The stats are read from this thread while the selector works: a snapshot may fall between a
        // write that emptied the queue into the kernel and the interest update that resumes reading.
        eventually(() -> !server.connections().isEmpty() && server.connections().get(0).readingPaused()
            && server.connections().get(0).queuedBytes() > limit);
        ConnectionStats stalled = server.connections().get(0);
        assertTrue(stalled.queuedBytes() < limit + (256 << 10), "but not much over it: " + stalled);
        assertEquals(1, stalled.activeResponses());

        long received = 0;
        int objects = 0;
        boolean done = false;
        while (!done) {
          Frame frame = peer.next();
          assertNotNull(frame);
          received += frame.payload().remaining();
          for (ClientEvent e : session.receiveFrame(frame)) {
            if (e instanceof ClientEvent.ErrorResponse || e instanceof ClientEvent.Closed
                || e instanceof ClientEvent.ProtocolFailure) {
              throw new AssertionError(e.toString());
            }
            if (e instanceof ClientEvent.ResponseObject o) {
              assertArrayEquals(pattern(objects, 1 << 20), bytesOf(o.value()));
              objects++;
            }
            done |= e instanceof ClientEvent.ResponseComplete c && c.requestId() == id;
          }
        }
        assertEquals(16, objects);
        assertTrue(received > 16L << 20);
        ConnectionStats after = server.connections().get(0);
        assertTrue(after.peakQueuedBytes() < limit + (256 << 10), "the queue stayed bounded: " + after);
        assertTrue(after.readPauses() >= 1, after.toString());
        assertFalse(after.readingPaused(), after.toString());
      }
    }
  }

  // ---------------------------------------------------------------- violations, end of input, timeouts

  @Test
  void protocolViolationIsAnsweredThenTheConnectionCloses() throws Exception {
    try (Fixture f = new Fixture(); RawPeer peer = new RawPeer(f.tcp().localAddress())) {
      peer.send("1 1 stream-begin 10 0 ");
      List<Frame> frames = peer.readToEnd();
      assertEquals(1, frames.size(), frames.toString());
      Frame error = frames.get(0);
      assertEquals(0, error.requestId());
      CborValue.MapValue map = RawPeer.errorMap(error);
      assertEquals(CborValue.Bytes.of("protocol"), map.get("type"));
      assertEquals(CborValue.Bytes.of(Requirement.FRAME_TYPE_KNOWN.id()), map.get("requirement"));
      eventually(() -> f.recorder.violations.contains(Requirement.FRAME_TYPE_KNOWN));
    }
  }

  /**
   * ERR-2: a complete request and a violation arriving in one read. The session closes while the
   * transport still holds the request's dispatch event; the error-response must still be sent (a
   * `framewire fuzz` finding: the transport used to fail on dispatch and close without a byte).
   */
  @Test
  void violationAfterACompleteRequestInOneReadIsStillAnswered() throws Exception {
    try (Fixture f = new Fixture(); RawPeer peer = new RawPeer(f.tcp().localAddress())) {
      // One write, so both frames reach the server in one read (RawPeer.send(String...) writes
      // frame by frame, and a read between them would see the request answered first).
      ByteArrayOutputStream both = new ByteArrayOutputStream();
      both.writeBytes(FrameNotation.parse("1 1 stream-begin command-request new cbor:{b'name': b'echo'}").toBytes());
      both.writeBytes(FrameNotation.parse("7 1 0 command-data eos cbor:b'x'").toBytes());
      peer.send(both.toByteArray());
      List<Frame> frames = peer.readToEnd();
      assertEquals(1, frames.size(), frames.toString());
      CborValue.MapValue map = RawPeer.errorMap(frames.get(0));
      assertEquals(CborValue.Bytes.of("protocol"), map.get("type"));
      assertEquals(CborValue.Bytes.of(Requirement.CMD_UNKNOWN_REQUEST.id()), map.get("requirement"));
      assertEquals(List.of(), f.recorder.internalErrors);
    }
  }

  /** TRANS-6: the client ends its output after its requests; they are answered, then the server closes. */
  @Test
  void endOfInputAnswersWhatWasSentThenCloses() throws Exception {
    try (Fixture f = new Fixture(); RawPeer peer = new RawPeer(f.tcp().localAddress())) {
      ClientSession session = new ClientSession(ClientConfig.DEFAULTS);
      session.sendCommand(CommandRequest.of("stream", args("count", 3, "size", 40000)));
      session.sendCommand(CommandRequest.of("echo", args("x", "y")));
      session.sendCommand(CommandRequest.of("echodata"), ByteBuffer.wrap(pattern(5, 5000)));
      peer.send(session.pollOutbound());
      peer.shutdownOutput();
      List<ClientEvent> events = new ArrayList<>();
      for (Frame frame : peer.readToEnd()) {
        events.addAll(session.receiveFrame(frame));
      }
      assertEquals(3, events.stream().filter(e -> e instanceof ClientEvent.ResponseComplete).count(), events.toString());
      eventually(() -> f.recorder.closed.contains(CloseReason.FINISHED));
    }
  }

  @Test
  void inputEndingInsideAFrameIsAViolation() throws Exception {
    try (Fixture f = new Fixture(); RawPeer peer = new RawPeer(f.tcp().localAddress())) {
      byte[] frame = Frame.of(1, 1, StreamFlags.BEGIN, FrameType.COMMAND_REQUEST, FrameType.FLAG_NEW,
          new byte[] {(byte) 0xa1, 0x44, 'n', 'a', 'm', 'e', 0x44, 'e', 'c', 'h', 'o'}).toBytes();
      peer.send(java.util.Arrays.copyOf(frame, 10));
      peer.shutdownOutput();
      List<Frame> frames = peer.readToEnd();
      assertEquals(1, frames.size());
      assertEquals(CborValue.Bytes.of(Requirement.FRAME_TRUNCATED.id()), RawPeer.errorMap(frames.get(0)).get("requirement"));
    }
  }

  /** LIMIT-4 through the selector loop's deadlines: a frame that stalls half-way. */
  @Test
  void frameReadTimeoutRunsFromTheSelectorLoop() throws Exception {
    ServerConfig session = ServerConfig.DEFAULTS.withTimeouts(Duration.ofSeconds(60), Duration.ofMinutes(5),
        Duration.ofMillis(200));
    try (Fixture f = new Fixture();
        RawPeer peer = new RawPeer(f.tcp(TransportConfig.DEFAULTS.withSession(session), CommandRegistry.conformance())
            .localAddress())) {
      peer.send(new byte[] {20, 0, 0, 1, 0});
      List<Frame> frames = peer.readToEnd();
      assertEquals(1, frames.size());
      assertEquals(CborValue.Bytes.of(Requirement.LIMIT_FRAME_READ_TIMEOUT.id()), RawPeer.errorMap(frames.get(0)).get("requirement"));
    }
  }

  @Test
  void idleTimeoutClosesAQuietConnection() throws Exception {
    ServerConfig session = ServerConfig.DEFAULTS.withTimeouts(Duration.ofSeconds(60), Duration.ofMillis(200),
        Duration.ofSeconds(30));
    try (Fixture f = new Fixture();
        RawPeer peer = new RawPeer(f.tcp(TransportConfig.DEFAULTS.withSession(session), CommandRegistry.conformance())
            .localAddress())) {
      assertEquals(List.of(), peer.readToEnd());
      eventually(() -> f.recorder.closed.contains(CloseReason.IDLE_TIMEOUT));
    }
  }

  @Test
  void rejectedHandlerBecomesACommandError() throws Throwable {
    try (Fixture f = new Fixture()) {
      TcpServer server = f.track(TcpServer.start(Fixture.LOOPBACK, TransportConfig.DEFAULTS, CommandRegistry.conformance(),
          r -> {
            throw new RejectedExecutionException("full");
          }, f.recorder));
      try (RawClient c = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS)) {
        CallException e = assertThrows(CallException.class, () -> await(c.call("echo", args())));
        assertEquals(CallException.Kind.COMMAND_ERROR, e.kind());
        // and the connection carries on
        CallException again = assertThrows(CallException.class, () -> await(c.call("echo", args())));
        assertEquals(CallException.Kind.COMMAND_ERROR, again.kind());
      }
    }
  }

  // ---------------------------------------------------------------- shutdown

  @Test
  void shutdownLetsRequestsInFlightFinish() throws Throwable {
    CountDownLatch release = new CountDownLatch(1);
    CommandRegistry commands = CommandRegistry.builder().addAll(CommandRegistry.conformance())
        .add("hold", (call, out) -> {
          out.writeObject(CborValue.Bytes.of("started"));
          assertTrue(release.await(20, TimeUnit.SECONDS));
          out.writeObject(CborValue.Bytes.of("finished"));
        }).build();
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tcp(TransportConfig.DEFAULTS, commands);
      RawClient c = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS);
      CompletableFuture<Response> held = c.call("hold", args());
      eventually(() -> server.connections().stream().anyMatch(s -> s.activeResponses() == 1));
      server.shutdown(Duration.ofSeconds(20));
      eventually(() -> {
        try (Socket late = new Socket()) {
          late.connect(server.localAddress(), 1000);
          return false;
        } catch (ConnectException e) {
          return true; // no longer accepting
        } catch (IOException e) {
          return false;
        }
      });
      assertFalse(held.isDone());
      release.countDown();
      assertEquals(List.of(CborValue.Bytes.of("started"), CborValue.Bytes.of("finished")), await(held).objects());
      assertTrue(server.awaitTermination(Duration.ofSeconds(10)));
      eventually(() -> !c.isOpen());
      c.close();
    }
  }

  @Test
  void shutdownGraceEndsStuckResponsesWithAServerError() throws Throwable {
    CountDownLatch never = new CountDownLatch(1);
    CommandRegistry commands = CommandRegistry.builder().add("stuck", (call, out) -> {
      out.writeObject(CborValue.Bytes.of("started"));
      while (out.isOpen() && !never.await(10, TimeUnit.MILLISECONDS)) {
        // produce nothing until the server gives up on us
      }
    }).build();
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tcp(TransportConfig.DEFAULTS, commands);
      try (RawClient c = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS)) {
        CompletableFuture<Response> stuck = c.call("stuck", args());
        eventually(() -> server.connections().stream().anyMatch(s -> s.activeResponses() == 1));
        server.shutdown(Duration.ofMillis(200));
        CallException e = assertThrows(CallException.class, () -> await(stuck));
        assertEquals(CallException.Kind.ERROR_RESPONSE, e.kind());
        assertEquals("server", e.errorType());
        assertTrue(server.awaitTermination(Duration.ofSeconds(10)));
      }
    }
  }

  @Test
  void shutdownClosesIdleConnectionsAtOnce() throws Exception {
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tcp();
      try (RawClient c = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS)) {
        eventually(() -> server.connections().size() == 1);
        server.shutdown(Duration.ofSeconds(30));
        assertTrue(server.awaitTermination(Duration.ofSeconds(10)));
        eventually(() -> !c.isOpen());
      }
    }
  }

  /** Polls {@code condition} every 5 ms for up to 10 s. */
  static void eventually(BooleanSupplier condition) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("condition not reached within 10 s");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
