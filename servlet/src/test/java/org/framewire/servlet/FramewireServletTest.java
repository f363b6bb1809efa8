package org.framewire.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborValue;
import org.framewire.conformance.junit.ConformanceSuite;
import org.framewire.conformance.target.Targets;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.FrameType;
import org.framewire.session.ClientConfig;
import org.framewire.frames.CommandRequest;
import org.framewire.session.Response;
import org.framewire.spec.Requirement;
import org.framewire.transport.ConformanceCalls;
import org.framewire.transport.HttpApi;
import org.framewire.transport.HttpApiClient;
import org.framewire.transport.HttpStatusRules;
import org.framewire.transport.MercurialPeer;
import org.framewire.transport.ProxyScenarios;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link FramewireServlet} in embedded Tomcat on loopback, called by transport's {@link HttpApiClient}. */
class FramewireServletTest {
  private static final String MEDIA = HttpApi.MEDIA_TYPE;
  private static final String ECHO = "/api/" + HttpApi.DEFAULT_PREFIX + "/ro/echo";
  private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
  private static final HttpClient HTTP = HttpApiClient.defaultHttpClient();
  private static ExecutorService executor;
  private static Tomcat tomcat;
  private static URI base;

  @BeforeAll
  static void start() throws Exception {
    executor = Executors.newCachedThreadPool();
    tomcat = new Tomcat();
    Path dir = Files.createTempDirectory("framewire-tomcat");
    tomcat.setBaseDir(dir.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("", dir.toString());
    FramewireServlet servlet = new FramewireServlet(HttpApi.DEFAULT_PREFIX, TransportConfig.DEFAULTS,
        CommandRegistry.conformance(), executor, new TransportListener() {
          @Override
          public void internalError(String connection, Throwable error) {
            VIOLATIONS.add(connection + ": internal " + error);
          }
        });
    Wrapper w = Tomcat.addServlet(ctx, "framewire", servlet);
    w.setAsyncSupported(true);
    ctx.addServletMappingDecoded("/*", "framewire");
    tomcat.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @AfterAll
  static void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
    executor.shutdownNow();
    assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    assertEquals(List.of(), VIOLATIONS);
  }

  /** Behind a proxy such as nginx (issue 18): the response waits for the end of the body. */
  @Test
  void earlyViolationWaitsForTheBody() throws Exception {
    ProxyScenarios.earlyViolationWaitsForTheBody(new InetSocketAddress("127.0.0.1", base.getPort()), "");
  }

  @Test
  void answerWaitsForTheBody() throws Exception {
    ProxyScenarios.answerWaitsForTheBody(new InetSocketAddress("127.0.0.1", base.getPort()), "");
  }

  @Test
  void deepPipelineWaitsForTheBody() throws Exception {
    ProxyScenarios.deepPipelineWaitsForTheBody(new InetSocketAddress("127.0.0.1", base.getPort()), "");
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void everyConformanceCommand(String encoding) throws Throwable {
    HttpApiClient c = new HttpApiClient(base,
        ClientConfig.DEFAULTS.withContentEncodings(encoding.equals("none") ? List.of() : List.of(encoding)));
    ConformanceCalls.check(c::call, c::call, true);
  }

  @Test
  void multirequestCarriesSeveralRequests() throws Throwable {
    HttpApiClient c = new HttpApiClient(base, ClientConfig.DEFAULTS);
    List<HttpApiClient.Call> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(i % 2 == 0
          ? new HttpApiClient.Call(CommandRequest.of("echo", CborValue.MapValue.of(CborValue.Bytes.of("i"), new CborValue.Int(i))), null)
          : new HttpApiClient.Call(CommandRequest.of("stream", CborValue.MapValue.of(
              CborValue.Bytes.of("count"), new CborValue.Int(3), CborValue.Bytes.of("size"), new CborValue.Int(50_000))), null));
    }
    List<CompletableFuture<Response>> results = c.multirequest(calls);
    for (int i = 0; i < 12; i++) {
      Response r = results.get(i).get(30, TimeUnit.SECONDS);
      if (i % 2 == 0) {
        assertEquals(CborValue.MapValue.of(CborValue.Bytes.of("i"), new CborValue.Int(i)), r.single());
      } else {
        assertEquals(3, r.objects().size());
      }
    }
  }

  /**
   * CMD-11 (issue 14): a multirequest of {@code n} echo requests, sent in one body, is answered in
   * full, each request with its own value, around the session's dispatched-request bound (16) and
   * far past it; the server paces the body by pausing its reading, it never drops a request.
   */
  @ParameterizedTest(name = "{0} requests")
  @ValueSource(ints = {1, 16, 17, 64, 1000})
  void deepPipelineIsAnsweredInFull(int n) throws Throwable {
    HttpApiClient c = new HttpApiClient(base, ClientConfig.DEFAULTS);
    List<HttpApiClient.Call> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(new HttpApiClient.Call(CommandRequest.of("echo", CborValue.MapValue.of(CborValue.Bytes.of("n"), new CborValue.Int(i))), null));
    }
    List<CompletableFuture<Response>> results = c.multirequest(calls);
    for (int i = 0; i < n; i++) {
      assertEquals(CborValue.MapValue.of(CborValue.Bytes.of("n"), new CborValue.Int(i)),
          results.get(i).get(30, TimeUnit.SECONDS).single(), "request " + i + " of " + n);
    }
  }

  /**
   * CMD-11 against Mercurial 6.3.2's client reactor (interop/hg_client.py): 1000 mixed echo and
   * stream calls framed in one flush and sent as one multirequest body, every answer checked byte
   * for byte, for each encoding the client may offer (and none). Skipped where Mercurial is missing.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void mercurialClientSendsAThousandRequestsInOneMultirequest(String encodings) throws Exception {
    Path interop = MercurialPeer.assumeAvailable("Mercurial's client against the servlet host skipped");
    String out = MercurialPeer.runToEnd(interop, 50, "hg_client.py",
        "--http", base + "/api/" + HttpApi.DEFAULT_PREFIX + "/ro/" + HttpApi.MULTIREQUEST,
        "--encodings", encodings, "--batch", "1000");
    assertTrue(out.contains("\"checks\": 1000"), out);
  }

  /** A response far over the outbound limit streams through (the servlet never holds it whole). */
  @Test
  void largeResponseStreams() throws Throwable {
    HttpApiClient c = new HttpApiClient(base, ClientConfig.DEFAULTS);
    Response r = c.call("stream", CborValue.MapValue.of(CborValue.Bytes.of("count"), new CborValue.Int(64),
        CborValue.Bytes.of("size"), new CborValue.Int(1 << 16))).get(60, TimeUnit.SECONDS);
    assertEquals(64, r.objects().size());
  }

  /**
   * The conformance suite over HTTP, as {@code framewire check --target http://HOST:PORT} runs it:
   * every server case the HTTP transport can play passes (raw-transport-only ones are skipped).
   */
  @TestFactory
  Stream<DynamicTest> conformanceSuite() {
    return ConformanceSuite.serverCases(Targets.parse(base + "/api/" + HttpApi.DEFAULT_PREFIX));
  }

  /** The HTTP checks in SPEC.md §9.2's order ({@link HttpStatusRules}). */
  @ParameterizedTest(name = "{0} {1} Accept={2} Content-Type={3} -> {4}")
  @MethodSource("org.framewire.transport.HttpStatusRules#rows")
  void statusRules(String method, String path, String accept, String contentType, int status) throws Exception {
    HttpStatusRules.check(HTTP, base, method, path, accept, contentType, status);
  }

  /** TRANS-5: a single-command body holds exactly one request, for that command. */
  @Test
  void singleCommandPathNamesTheCommandOfTheFrames() throws Exception {
    String stream = "/api/" + HttpApi.DEFAULT_PREFIX + "/ro/stream";
    assertViolation(post(stream, frames("1 1 stream-begin command-request new cbor:{b'name': b'echo'}")),
        Requirement.TRANSPORT_HTTP_COMMAND_MATCH);
    assertViolation(post(ECHO, frames(
        "1 1 stream-begin command-request new cbor:{b'name': b'echo'}",
        "3 1 0 command-request new cbor:{b'name': b'echo'}")), Requirement.TRANSPORT_HTTP_COMMAND_MATCH);
    assertViolation(post(ECHO, new byte[0]), Requirement.TRANSPORT_HTTP_COMMAND_MATCH);
    List<Frame> ok = post(ECHO, frames("1 1 stream-begin command-request new cbor:{b'name': b'echo'}"));
    assertEquals(FrameType.COMMAND_RESPONSE, ok.get(ok.size() - 1).type());
    assertTrue(ok.get(ok.size() - 1).header().hasFlag(FrameType.FLAG_EOS));
  }

  /** TRANS-10: past the HTTP checks, a violation is an error-response frame in a 200 response. */
  @Test
  void protocolViolationsAreReportedInBand() throws Exception {
    assertViolation(post(ECHO, frames("1 1 stream-begin 10 0 ")), Requirement.FRAME_TYPE_KNOWN);
    assertViolation(post(ECHO, frames("2 1 stream-begin command-request new cbor:{b'name': b'echo'}")),
        Requirement.FRAME_REQUEST_ID_PARITY);
  }

  private static void assertViolation(List<Frame> frames, Requirement requirement) throws Exception {
    Frame last = frames.get(frames.size() - 1);
    assertEquals(FrameType.ERROR_RESPONSE, last.type(), frames.toString());
    assertEquals(0, last.requestId());
    CborValue.MapValue map = (CborValue.MapValue) CborDecoder.decodeAll(last.payloadBytes()).get(0);
    assertEquals(CborValue.Bytes.of("protocol"), map.get("type"));
    assertEquals(CborValue.Bytes.of(requirement.id()), map.get("requirement"));
  }

  private static List<Frame> post(String path, byte[] body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).header("Accept", MEDIA).header("Content-Type", MEDIA)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<byte[]> r = HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
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
}
