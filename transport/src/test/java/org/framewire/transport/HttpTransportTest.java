package org.framewire.transport;

import static org.framewire.transport.Fixture.args;
import static org.framewire.transport.Fixture.await;
import static org.framewire.transport.Fixture.bytesOf;
import static org.framewire.transport.Fixture.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.session.CallException;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.ClientSession;
import org.framewire.session.Response;
import org.framewire.spec.Requirement;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP transport (SPEC.md §9.2) over loopback: our server, our client, and raw exchanges. */
@Timeout(60)
class HttpTransportTest {
  private static final String MEDIA = HttpApi.MEDIA_TYPE;
  private static final String ECHO = "/api/" + HttpApi.DEFAULT_PREFIX + "/ro/echo";
  private final HttpClient http = HttpApiClient.defaultHttpClient();

  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void everyConformanceCommand(String encoding) throws Throwable {
    try (Fixture f = new Fixture()) {
      HttpApiClient c = new HttpApiClient(f.http().baseUri(), TcpTransportTest.advertising(encoding));
      ConformanceCalls.check(c::call, c::call, true);
      assertEquals(List.of(), f.recorder.violations);
    }
  }

  @Test
  void multirequestCarriesSeveralRequests() throws Throwable {
    try (Fixture f = new Fixture()) {
      HttpApiClient c = new HttpApiClient(f.http().baseUri(), ClientConfig.DEFAULTS);
      List<HttpApiClient.Call> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(switch (i % 3) {
          case 0 -> new HttpApiClient.Call(CommandRequest.of("echo", args("i", i)), null);
          case 1 -> new HttpApiClient.Call(CommandRequest.of("stream", args("count", 2, "size", 40_000 + i)), null);
          default -> new HttpApiClient.Call(CommandRequest.of("echodata"), ByteBuffer.wrap(pattern(i, 1000 * i)));
        });
      }
      List<CompletableFuture<Response>> results = c.multirequest(calls);
      for (int i = 0; i < 16; i++) {
        Response r = await(results.get(i));
        switch (i % 3) {
          case 0 -> assertEquals(args("i", i), r.single());
          case 1 -> assertArrayEquals(pattern(1, 40_000 + i), bytesOf(r.objects().get(1)));
          default -> assertArrayEquals(pattern(i, 1000 * i), bytesOf(r.single()));
        }
      }
      assertThrows(IllegalArgumentException.class, () -> c.multirequest(List.of()));
    }
  }

  /** The HTTP checks in SPEC.md §9.2's order ({@link HttpStatusRules}). */
  @ParameterizedTest(name = "{0} {1} Accept={2} Content-Type={3} -> {4}")
  @MethodSource("org.framewire.transport.HttpStatusRules#rows")
  void statusRules(String method, String path, String accept, String contentType, int status) throws Exception {
    try (Fixture f = new Fixture()) {
      HttpStatusRules.check(http, f.http().baseUri(), method, path, accept, contentType, status);
    }
  }

  @Test
  void singleCommandPathNamesTheCommandOfTheFrames() throws Exception {
    try (Fixture f = new Fixture()) {
      HttpApiServer server = f.http();
      String stream = "/api/" + HttpApi.DEFAULT_PREFIX + "/ro/stream";
      assertViolation(post(server, stream, frames("1 1 stream-begin command-request new cbor:{b'name': b'echo'}")),
          Requirement.TRANSPORT_HTTP_COMMAND_MATCH);
      List<Frame> two = post(server, ECHO, frames(
          "1 1 stream-begin command-request new cbor:{b'name': b'echo'}",
          "3 1 0 command-request new cbor:{b'name': b'echo'}"));
      assertViolation(two, Requirement.TRANSPORT_HTTP_COMMAND_MATCH);
      assertViolation(post(server, ECHO, new byte[0]), Requirement.TRANSPORT_HTTP_COMMAND_MATCH);
      // the matching request is answered
      List<Frame> ok = post(server, ECHO, frames("1 1 stream-begin command-request new cbor:{b'name': b'echo'}"));
      assertEquals(FrameType.COMMAND_RESPONSE, ok.get(ok.size() - 1).type());
      assertTrue(ok.get(ok.size() - 1).header().hasFlag(FrameType.FLAG_EOS));
    }
  }

  /** TRANS-10: once the HTTP checks pass, a violation is an error-response frame in a 200 response. */
  @Test
  void protocolViolationsAreReportedInBand() throws Exception {
    try (Fixture f = new Fixture()) {
      HttpApiServer server = f.http();
      assertViolation(post(server, ECHO, frames("1 1 stream-begin 10 0 ")), Requirement.FRAME_TYPE_KNOWN);
      assertViolation(post(server, ECHO, frames("2 1 stream-begin command-request new cbor:{b'name': b'echo'}")),
          Requirement.FRAME_REQUEST_ID_PARITY);
    }
  }

  /** TRANS-9: the same body twice; request id 1, the settings and stream 1 start afresh each time. */
  @Test
  void eachExchangeIsASessionOfItsOwn() throws Exception {
    try (Fixture f = new Fixture()) {
      HttpApiServer server = f.http();
      ClientSession session = new ClientSession(ClientConfig.DEFAULTS);
      session.sendCommand(CommandRequest.of("echo", args("x", "y")));
      byte[] body = concat(session.pollOutbound());
      for (int i = 0; i < 2; i++) {
        List<Frame> frames = post(server, ECHO, body);
        assertTrue((frames.get(0).streamFlags() & StreamFlags.BEGIN) != 0, "a fresh server stream: " + frames);
        ClientSession fresh = new ClientSession(ClientConfig.DEFAULTS);
        fresh.sendCommand(CommandRequest.of("echo", args("x", "y")));
        List<ClientEvent> events = new ArrayList<>();
        for (Frame frame : frames) {
          events.addAll(fresh.receiveFrame(frame));
        }
        assertEquals(List.of(new ClientEvent.ResponseObject(1, args("x", "y")), new ClientEvent.ResponseComplete(1)),
            events);
      }
    }
  }

  /**
   * The response is streamed: the frames of a first value arrive while the handler still waits to
   * write the second. (The session coalesces values into frames of 32 KiB, so the first value is
   * larger than a few frames; and the client advertises no encoding, since a compressor may hold
   * back all of it until the response's flush point, ENC-4.)
   */
  @Test
  void responseFramesAreStreamedAsProduced() throws Throwable {
    CountDownLatch firstSeen = new CountDownLatch(1);
    byte[] first = pattern(1, 200_000);
    CommandRegistry commands = CommandRegistry.builder().add("slow", (call, out) -> {
      out.writeObject(new CborValue.Bytes(first));
      assertTrue(firstSeen.await(20, TimeUnit.SECONDS), "the client never saw the first frames");
      out.writeObject(CborValue.Bytes.of("second"));
    }).build();
    try (Fixture f = new Fixture()) {
      HttpApiServer server = f.http(TransportConfig.DEFAULTS, commands);
      ClientSession session = new ClientSession(TcpTransportTest.advertising("none"));
      session.sendCommand(CommandRequest.of("slow"));
      HttpResponse<InputStream> r = http.send(request(server, "/api/" + HttpApi.DEFAULT_PREFIX + "/ro/slow",
          concat(session.pollOutbound())), HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, r.statusCode());
      List<ClientEvent> events = new ArrayList<>();
      byte[] buf = new byte[4096];
      long received = 0;
      try (InputStream in = r.body()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          events.addAll(session.receive(ByteBuffer.wrap(buf, 0, n)));
          received += n;
          if (received >= 100_000) {
            firstSeen.countDown();
          }
        }
      }
      assertEquals(List.of(new ClientEvent.ResponseObject(1, new CborValue.Bytes(first)),
          new ClientEvent.ResponseObject(1, CborValue.Bytes.of("second")), new ClientEvent.ResponseComplete(1)), events,
          "events differ");
    }
  }

  @Test
  void largeResponseOverHttp() throws Throwable {
    try (Fixture f = new Fixture()) {
      HttpApiClient c = new HttpApiClient(f.http().baseUri(), ClientConfig.DEFAULTS);
      Response r = await(c.call("stream", args("count", 16, "size", 1 << 20)));
      assertEquals(16, r.objects().size());
      for (int k = 0; k < 16; k++) {
        assertArrayEquals(pattern(k, 1 << 20), bytesOf(r.objects().get(k)));
      }
    }
  }

  @Test
  void refusedExchangeFailsWithItsStatus() throws Throwable {
    try (Fixture f = new Fixture()) {
      HttpApiClient c = new HttpApiClient(HttpApiClient.defaultHttpClient(), f.http().baseUri(), "other",
          ClientConfig.DEFAULTS);
      TransportException e = assertThrows(TransportException.class, () -> await(c.call("echo", args())));
      assertEquals(404, e.httpStatus());
      HttpApiClient unknown = new HttpApiClient(f.http().baseUri(), ClientConfig.DEFAULTS);
      assertEquals(404, assertThrows(TransportException.class, () -> await(unknown.call("nope", args()))).httpStatus());
      // in band through multirequest, where no path names the command: CMD-18
      CallException ce = assertThrows(CallException.class, () -> await(unknown.multirequest(
          List.of(new HttpApiClient.Call(CommandRequest.of("nope"), null))).get(0)));
      assertEquals(CallException.Kind.COMMAND_ERROR, ce.kind());
    }
  }

  @Test
  void shutdownLetsExchangesInFlightFinish() throws Throwable {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CommandRegistry commands = CommandRegistry.builder().add("hold", (call, out) -> {
      started.countDown();
      assertTrue(release.await(20, TimeUnit.SECONDS));
      out.writeObject(CborValue.Bytes.of("done"));
    }).build();
    try (Fixture f = new Fixture()) {
      HttpApiServer server = f.http(TransportConfig.DEFAULTS, commands);
      HttpApiClient c = new HttpApiClient(server.baseUri(), ClientConfig.DEFAULTS);
      CompletableFuture<Response> held = c.call("hold", args());
      assertTrue(started.await(10, TimeUnit.SECONDS));
      server.shutdown(Fixture.seconds(20));
      release.countDown();
      assertEquals(CborValue.Bytes.of("done"), await(held).single());
      assertTrue(server.awaitTermination(Fixture.seconds(10)));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static void assertViolation(List<Frame> frames, Requirement requirement) throws Exception {
    Frame last = frames.get(frames.size() - 1);
    assertEquals(FrameType.ERROR_RESPONSE, last.type(), frames.toString());
    assertEquals(0, last.requestId());
    CborValue.MapValue map = RawPeer.errorMap(last);
    assertEquals(CborValue.Bytes.of("protocol"), map.get("type"));
    assertEquals(CborValue.Bytes.of(requirement.id()), map.get("requirement"));
  }

  private HttpRequest request(HttpApiServer server, String path, byte[] body) {
    return HttpRequest.newBuilder(server.baseUri().resolve(path))
        .header("Accept", MEDIA).header("Content-Type", MEDIA)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  /** POSTs {@code body} with the right headers; expects 200 and returns the response's frames. */
  private List<Frame> post(HttpApiServer server, String path, byte[] body) throws Exception {
    HttpResponse<byte[]> r = http.send(request(server, path, body), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), new String(r.body()));
    FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Options(FrameHeader.MAX_PAYLOAD_LENGTH, false));
    decoder.feed(ByteBuffer.wrap(r.body()));
    List<Frame> frames = new ArrayList<>();
    for (Frame fr; (fr = decoder.next()) != null; ) {
      frames.add(fr.copy());
    }
    decoder.endOfInput();
    return frames;
  }

  private static byte[] frames(String... notation) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String n : notation) {
      out.writeBytes(FrameNotation.parse(n).toBytes());
    }
    return out.toByteArray();
  }

  private static byte[] concat(ByteBuffer[] buffers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer b : buffers) {
      byte[] a = new byte[b.remaining()];
      b.duplicate().get(a);
      out.writeBytes(a);
    }
    return out.toByteArray();
  }
}
