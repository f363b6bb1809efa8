package org.framewire.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's own contract: unknown kinds skip, broken cases fail, the summary line. */
class VectorRunnerTest {
  private static List<CaseResult> run(String json) {
    return VectorRunner.standard()
        .runFile("t.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void unknownKindIsSkippedNotPassed() {
    List<CaseResult> r = run("{\"schema\":\"framewire-vectors/1\",\"kind\":\"no-such-kind\",\"cases\":[{\"id\":\"a\"}]}");
    assertEquals(CaseResult.Status.SKIPPED, r.get(0).status());
    VectorReport report = new VectorReport(r);
    assertEquals("0 passed, 0 failed, 1 skipped", report.summary());
    assertTrue(report.ok());
  }

  @Test
  void wrongBytesFail() {
    List<CaseResult> r = run("{\"schema\":\"framewire-vectors/1\",\"kind\":\"cbor\",\"cases\":["
        + "{\"id\":\"good\",\"value\":{\"int\":1},\"hex\":\"01\"},"
        + "{\"id\":\"bad\",\"value\":{\"int\":1},\"hex\":\"02\"}]}");
    assertEquals(CaseResult.Status.PASSED, r.get(0).status());
    assertEquals(CaseResult.Status.FAILED, r.get(1).status());
    VectorReport report = new VectorReport(r);
    assertEquals("1 passed, 1 failed", report.summary());
    assertFalse(report.ok());
  }

  @Test
  void aCaseThatThrowsFails() {
    List<CaseResult> r = run("{\"schema\":\"framewire-vectors/1\",\"kind\":\"cbor\",\"cases\":[{\"id\":\"x\",\"value\":{\"nope\":1},\"hex\":\"01\"}]}");
    assertEquals(CaseResult.Status.FAILED, r.get(0).status());
  }

  @Test
  void wrongSchemaFails() {
    List<CaseResult> r = run("{\"schema\":\"other/2\",\"kind\":\"cbor\",\"cases\":[]}");
    assertEquals(CaseResult.Status.FAILED, r.get(0).status());
  }

  @Test
  void frameDecodingErrorsAreComparedByRequirement() {
    String header = "{\"schema\":\"framewire-vectors/1\",\"kind\":\"frame-decoding\",\"cases\":[";
    // 65536-byte payload declared with the default max of 65535: FRAME-2 from the header alone.
    assertEquals(CaseResult.Status.PASSED, run(header
        + "{\"id\":\"big\",\"hex\":\"0000010100010010\",\"expect\":{\"error\":\"FRAME-2\"}}]}").get(0).status());
    assertEquals(CaseResult.Status.FAILED, run(header
        + "{\"id\":\"big\",\"hex\":\"0000010100010010\",\"expect\":{\"error\":\"FRAME-3\"}}]}").get(0).status());
  }

  private static final String SERVER_FILE = "{\"schema\":\"framewire-conformance/1\",\"role\":\"server\",\"title\":\"t\",\"cases\":[";
  private static final String ECHO = "\"steps\":[{\"send\":\"1 1 stream-begin command-request new cbor:{b'name': b'echo'}\"}]";

  @Test
  void serverCaseFilesRunAgainstTheReferenceSession() {
    List<CaseResult> r = run(SERVER_FILE
        + "{\"id\":\"t/echo\",\"title\":\"t\",\"section\":\"A\",\"requirements\":[\"CONF-1\"]," + ECHO
        + ",\"expect\":[{\"outcome\":\"responses\",\"responses\":{\"1\":[\"{b'status': b'ok'}\",\"{}\"]}}]},"
        + "{\"id\":\"t/wrong\",\"title\":\"t\",\"section\":\"A\",\"requirements\":[\"CONF-1\"]," + ECHO.replace("}]", "},{\"halfClose\":true}]")
        + ",\"expect\":[{\"outcome\":\"responses\",\"closed\":true,\"responses\":{\"1\":[\"{b'status': b'ok'}\",\"{b'x': 1}\"]}}]},"
        + "{\"id\":\"t/fine\",\"title\":\"t\",\"section\":\"A\",\"requirements\":[\"CONF-1\"]," + ECHO
        + ",\"expect\":[{\"outcome\":\"closed\"},{\"outcome\":\"responses\",\"grade\":\"acceptable\",\"responses\":{\"1\":[\"{b'status': b'ok'}\",\"{}\"]}}]}]}");
    assertEquals(List.of("t/echo", "t/wrong", "t/fine"), r.stream().map(CaseResult::caseId).toList());
    assertEquals(List.of(CaseResult.Status.PASSED, CaseResult.Status.FAILED, CaseResult.Status.PASSED),
        r.stream().map(CaseResult::status).toList());
    assertTrue(r.get(1).detail().startsWith("fail: no allowed outcome matched"), r.get(1).detail());
  }

  @Test
  void clientCaseFilesRunAgainstTheReferenceClient() {
    String call = "\"calls\":[{\"command\":\"echo\"}],\"script\":[{\"call\":1},{\"response\":{\"call\":1,\"objects\":[{\"int\":7}]}}]";
    List<CaseResult> r = run("{\"schema\":\"framewire-conformance/1\",\"role\":\"client\",\"title\":\"t\",\"cases\":["
        + "{\"id\":\"t/ok\",\"title\":\"t\",\"section\":\"6.3\",\"requirements\":[\"CMD-7\"]," + call
        + ",\"expect\":[{\"ok\":[{\"int\":7}]}]},"
        + "{\"id\":\"t/other\",\"title\":\"t\",\"section\":\"6.3\",\"requirements\":[\"CMD-7\"]," + call
        + ",\"expect\":[{\"ok\":[{\"int\":8}]}]}]}");
    assertEquals(List.of(CaseResult.Status.PASSED, CaseResult.Status.FAILED), r.stream().map(CaseResult::status).toList());
  }

  @Test
  void aCaseFileTheLoaderRejectsFails() {
    List<CaseResult> r = run(SERVER_FILE + "{\"id\":\"t/x\",\"title\":\"t\",\"section\":\"A\",\"requirements\":[\"NO-1\"]," + ECHO
        + ",\"expect\":[{\"outcome\":\"closed\"}]}]}");
    assertEquals(1, r.size());
    assertEquals(CaseResult.Status.FAILED, r.get(0).status());
    assertTrue(r.get(0).detail().contains("NO-1"), r.get(0).detail());
  }
}
