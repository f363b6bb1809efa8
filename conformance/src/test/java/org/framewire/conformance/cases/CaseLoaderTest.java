package org.framewire.conformance.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

class CaseLoaderTest {

  private static List<ConformanceCase> read(String json) throws IOException {
    return CaseLoader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
  }

  @Test
  void readsEnvelopeStepsAndOutcomes() throws IOException {
    List<ConformanceCase> cases = read("""
        {"schema": "framewire-conformance/1", "role": "server", "cases": [
          {"id": "frame/x", "title": "t", "section": "2.4", "requirements": ["FRAME-2", "ERR-2"],
           "needs": {"encodings": ["zstd-8mb"], "maxFrameSize": 65535, "interactive": true},
           "steps": [{"send": "1 1 stream-begin command-request new cbor:{b'name': b'echo'}"},
                     {"sendHex": "00 01"}, {"sendPart": "1 1 0 command-data eos ab", "bytes": 4},
                     {"pause": 5}, {"halfClose": true}],
           "expect": [{"outcome": "error", "requirement": "FRAME-2"},
                      {"outcome": "closed", "grade": "acceptable"}]}]}
        """);
    ConformanceCase c = cases.get(0);
    assertEquals("frame/x", c.id());
    assertEquals(Role.SERVER, c.role());
    assertEquals(List.of(Requirement.FRAME_MAX_SIZE, Requirement.byId("ERR-2")), c.requirements());
    assertEquals(List.of("zstd-8mb"), c.needs().encodings());
    assertTrue(c.needs().interactive());
    assertEquals(5, c.steps().size());
    assertTrue(c.steps().get(2) instanceof Step.SendPart p && p.bytes() == 4);
    assertEquals(Outcome.Kind.ERROR, c.expect().get(0).kind());
    assertTrue(c.expect().get(0).closed());
    assertEquals("FRAME-2", c.expect().get(0).requirement());
    assertEquals(Grade.ACCEPTABLE, c.expect().get(1).grade());
    assertFalse(c.onlyShould());
  }

  @Test
  void readsHttpStepsAndStatusOutcomes() throws IOException {
    ConformanceCase c = read("""
        {"schema": "framewire-conformance/1", "role": "server", "cases": [
          {"id": "http/x", "title": "t", "section": "9.2", "requirements": ["TRANS-7"], "needs": {"transport": "http"},
           "steps": [{"http": {"method": "GET", "path": "{prefix}/ro/echo", "headers": {"Accept": null, "X-A": "b"},
                               "body": ["1 1 stream-begin command-request new cbor:{b'name': b'echo'}"]}},
                     {"http": {"path": "{prefix}/ro/multirequest"}}],
           "expect": [{"outcome": "http-status", "status": 405, "headers": {"Allow": "POST"}},
                      {"outcome": "responses", "responses": {}, "status": 200}]}]}
        """).get(0);
    assertEquals("http", c.needs().transport());
    Step.Http get = (Step.Http) c.steps().get(0);
    assertEquals("GET", get.method());
    assertTrue(get.headers().containsKey("Accept") && get.headers().get("Accept") == null);
    assertEquals("b", get.headers().get("X-A"));
    assertEquals(8 + 11, get.bodyBytes().length); // header, then a1 44 "name" 44 "echo"
    Step.Http post = (Step.Http) c.steps().get(1);
    assertEquals("POST", post.method());
    assertEquals(0, post.bodyBytes().length);
    assertEquals(new Outcome.Http(405, java.util.Map.of("Allow", "POST")), c.expect().get(0).http());
    assertEquals(200, c.expect().get(1).http().status());
    assertThrows(IOException.class, () -> read("""
        {"schema": "framewire-conformance/1", "role": "server", "cases": [
          {"id": "a", "title": "t", "section": "9.2", "requirements": ["TRANS-7"],
           "expect": [{"outcome": "http-status"}]}]}"""));
  }

  @Test
  void rejectsUnknownRequirementsAndSchemas() {
    assertThrows(IOException.class, () -> read("""
        {"schema": "framewire-conformance/1", "role": "server", "cases": [
          {"id": "a", "title": "t", "section": "2", "requirements": ["NOPE-1"],
           "expect": [{"outcome": "closed"}]}]}"""));
    assertThrows(IOException.class, () -> read("""
        {"schema": "framewire-conformance/2", "role": "server", "cases": []}"""));
    assertThrows(IOException.class, () -> read("""
        {"schema": "framewire-conformance/1", "role": "server", "cases": [
          {"id": "a", "title": "t", "section": "2", "requirements": ["FRAME-2"],
           "expect": [{"outcome": "closed", "grade": "fail"}]}]}"""));
  }

  @Test
  void templatesResolveAgainstTheDeclaredLimits() throws IOException {
    ConformanceCase c = read("""
        {"schema": "framewire-conformance/1", "role": "server", "cases": [
          {"id": "stream/x", "title": "t", "section": "3.3", "requirements": ["STREAM-6"],
           "needs": {"limits": ["maxOpenStreams"]},
           "steps": [{"repeat": {"send": "1 ${2 * i + 1} stream-begin stream-settings eos cbor:b'identity'"},
                      "count": "maxOpenStreams + 1"},
                     {"send": "1 1 0 command-data continuation", "fill": "maxFrameSize / 2"},
                     {"pause": "frameReadTimeoutMillis + 1"}],
           "expect": [{"outcome": "closed"}]}]}
        """).get(0);
    assertEquals(List.of(Limit.MAX_OPEN_STREAMS), c.needs().limits());
    List<Step> steps = CaseLoader.resolve(c.steps(), Capabilities.DEFAULTS.with(Limit.MAX_OPEN_STREAMS, 2)
        .with(Limit.FRAME_READ_TIMEOUT_MILLIS, 40).variables());
    Step.Batch batch = (Step.Batch) steps.get(0);
    assertEquals(List.of(1, 3, 5), batch.steps().stream().map(s -> ((Step.Send) s).frame().streamId()).toList());
    assertEquals(32767, ((Step.Send) steps.get(1)).frame().payload().remaining());
    assertEquals(41, ((Step.Pause) steps.get(2)).millis());
    // stream id 257 does not exist: the case cannot be built for 128 open streams
    assertThrows(IllegalArgumentException.class,
        () -> CaseLoader.resolve(c.steps(), Capabilities.DEFAULTS.with(Limit.MAX_OPEN_STREAMS, 128).variables()));
  }

  @Test
  void aTemplateThatCannotResolveFailsLoading() {
    IOException e = assertThrows(IOException.class, () -> read("""
        {"schema": "framewire-conformance/1", "role": "server", "cases": [
          {"id": "a", "title": "t", "section": "2", "requirements": ["FRAME-2"],
           "steps": [{"repeat": {"send": "1 1 0 command-data continuation"}, "count": "maxOpenStream + 1"}],
           "expect": [{"outcome": "closed"}]}]}"""));
    assertTrue(e.getMessage().contains("undefined variable maxOpenStream"), e.getMessage());
  }

  @Test
  void bundledCasesLoad() throws IOException {
    List<ConformanceCase> cases = CaseLoader.loadBundled();
    assertFalse(cases.isEmpty());
    assertTrue(cases.stream().anyMatch(c -> c.id().equals("frame/oversized-payload")));
  }
}
