package org.framewire.conformance.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP client cases ({@code client/http/media-type}, TRANS-2; {@code client/http/single-command},
 * TRANS-5; SPEC.md §9.2) on the HTTP script server: framewire's client passes both, and so does a
 * client that sends its one call to {@code multirequest} (the other honest choice); mutants of
 * framewire's client, each with one HTTP transport bug put in through {@link RewritingHttpClient},
 * fail, the detail citing the requirement they broke; an adapter that does not list {@code http}
 * among its transports gets not-applicable, never fail.
 */
class HttpClientCasesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  static Stream<Arguments> clients() {
    return Stream.of(
        Arguments.of("framewire's client", ClientHooks.NONE, Grade.PASS, Grade.PASS, null),
        Arguments.of("a client that posts its one call to multirequest",
            RewritingHttpClient.hooks(r -> RewritingHttpClient.lastSegment(r, "multirequest")), Grade.PASS, Grade.PASS, null),
        Arguments.of("a client that sends the wrong Content-Type",
            RewritingHttpClient.hooks(r -> RewritingHttpClient.header(r, "Content-Type", "application/octet-stream")),
            Grade.FAIL, Grade.FAIL, "TRANS-2"),
        Arguments.of("a client whose Accept lists only */*",
            RewritingHttpClient.hooks(r -> RewritingHttpClient.header(r, "Accept", "*/*")), Grade.FAIL, Grade.FAIL, "TRANS-3"),
        Arguments.of("a client that sends two requests on a single-command path",
            RewritingHttpClient.hooks(r -> RewritingHttpClient.body(r, HttpClientCasesTest::requestsTwice)),
            Grade.FAIL, Grade.FAIL, "TRANS-5"),
        Arguments.of("a client whose path names another command than its request",
            RewritingHttpClient.hooks(r -> RewritingHttpClient.lastSegment(r, "lookup")), Grade.FAIL, Grade.FAIL, "TRANS-5"),
        Arguments.of("a client that posts under another API prefix",
            RewritingHttpClient.hooks(r -> RewritingHttpClient.path(r, "/api/exp-http-v2-0003/", "/api/other/")),
            Grade.FAIL, Grade.FAIL, "TRANS-8"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void gradesTheClientsRequest(String name, ClientHooks hooks, Grade mediaType, Grade singleCommand, String cited) {
    List<CaseReport> reports = run(ControlChannel.Launcher.inProcess(hooks));
    assertEquals(mediaType, reports.get(0).grade(), () -> describe(name, reports.get(0)));
    assertEquals(singleCommand, reports.get(1).grade(), () -> describe(name, reports.get(1)));
    if (cited != null) {
      for (CaseReport r : reports) {
        assertTrue(r.detail().contains("HTTP request broke " + cited), name + ", " + r.id() + ": " + r.detail());
      }
    }
  }

  private static String describe(String client, CaseReport r) {
    return client + ", " + r.id() + ": " + r.detail() + "\n  " + r.wire().stream().map(Object::toString).collect(Collectors.joining("\n  "));
  }

  @Test
  void anAdapterWithoutHttpGetsNotApplicable() {
    List<CaseReport> reports = run(ControlChannel.Launcher.inProcess(
        (ops, events) -> new ControlDriver(ops, events, "tcp-only", RawConnector.rawClient(ClientHooks.NONE)).run()));
    for (CaseReport r : reports) {
      assertEquals(Grade.NOT_APPLICABLE, r.grade(), r.id() + ": " + r.detail());
      assertTrue(r.detail().contains("transports"), r.detail());
    }
  }

  /** The command name in the path is read as UTF-8 after percent-decoding; the frames' name bytes likewise. */
  @Test
  void singleCommandNamesCompareAsDecodedBytes() {
    String latin1 = new String("café".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    ScriptHttp.Request ok = new ScriptHttp.Request("POST", "/api/exp-http-v2-0003/ro/caf%C3%A9",
        List.of("application/mercurial-exp-framing-0006"), List.of("application/mercurial-exp-framing-0006"));
    assertEquals(List.of(), ok.violations(List.of(latin1)));
    assertEquals(List.of(Requirement.TRANSPORT_HTTP_COMMAND_MATCH),
        ok.violations(List.of("cafe")).stream().map(ClientGrader.Violation::requirement).toList());
    assertEquals(List.of(Requirement.TRANSPORT_HTTP_COMMAND_MATCH),
        ok.violations(List.of()).stream().map(ClientGrader.Violation::requirement).toList());
    ScriptHttp.Request batch = new ScriptHttp.Request("POST", "/api/exp-http-v2-0003/ro/multirequest",
        List.of("application/mercurial-exp-framing-0006; charset=x"), List.of("text/plain, application/mercurial-exp-framing-0006"));
    assertEquals(List.of(), batch.violations(List.of("echo", "echo")));
    ScriptHttp.Request get = new ScriptHttp.Request("GET", "/api/exp-http-v2-0003/ro", List.of(), List.of());
    assertEquals(List.of(Requirement.TRANSPORT_HTTP_METHOD, Requirement.TRANSPORT_HTTP_NOT_FOUND,
        Requirement.TRANSPORT_HTTP_ACCEPT, Requirement.TRANSPORT_HTTP_MEDIA),
        get.violations(List.of()).stream().map(ClientGrader.Violation::requirement).toList());
  }

  private static List<CaseReport> run(ControlChannel.Launcher launcher) {
    List<ClientCase> cases = ClientCases.bundled().stream().filter(ClientCase::http).toList();
    List<CaseReport> reports = new ClientSuite(launcher, TIMEOUT).run(cases, c -> "", r -> { });
    assertEquals(List.of("client/http/media-type", "client/http/single-command"), reports.stream().map(CaseReport::id).toList());
    return reports;
  }

  /**
   * The body with its request sent a second time: every command-request and command-data frame
   * again, after the originals, under the next odd request id, on the same stream.
   */
  static byte[] requestsTwice(byte[] body) {
    List<Frame> request = new ArrayList<>();
    int last = 0;
    for (int pos = 0; pos + FrameHeader.SIZE <= body.length; ) {
      FrameHeader h = FrameHeader.parse(body, pos);
      byte[] payload = Arrays.copyOfRange(body, pos + FrameHeader.SIZE, pos + FrameHeader.SIZE + h.payloadLength());
      Frame f = new Frame(h, ByteBuffer.wrap(payload));
      if (f.type() == FrameType.COMMAND_REQUEST || f.type() == FrameType.COMMAND_DATA) {
        request.add(f);
        last = Math.max(last, f.requestId());
      }
      pos += FrameHeader.SIZE + h.payloadLength();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(body);
    for (Frame f : request) {
      out.writeBytes(new Frame(new FrameHeader(f.header().payloadLength(), last + 2, f.streamId(), f.streamFlags() & ~0x1,
          f.header().typeCode(), f.flags()), ByteBuffer.wrap(f.payloadBytes())).toBytes());
    }
    return out.toByteArray();
  }
}
