package org.framewire.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code server-session} vectors recorded from Mercurial: fed the same frames, the server
 * session reacts the same way frame by frame — {@code runcommand} with the same request, {@code
 * wantframe} (no event), or {@code error} (a protocol failure). Mercurial's error texts are not
 * compared; the requirement each violation breaks is, from the table below.
 */
class ServerSessionVectorsTest {

  /** The requirement each {@code error} case breaks; every error case must be listed. */
  static final Map<String, Requirement> VIOLATIONS = Map.ofEntries(
      Map.entry("session-new-and-continuation", Requirement.CMD_NEW_FLAG),
      Map.entry("session-neither-new-nor-continuation", Requirement.CMD_NEW_FLAG),
      Map.entry("session-data-before-request", Requirement.CMD_UNKNOWN_REQUEST),
      Map.entry("session-data-not-expected", Requirement.CMD_DATA_EXPECTED),
      Map.entry("session-request-id-in-flight", Requirement.CMD_ID_IN_FLIGHT),
      Map.entry("session-even-stream-from-client", Requirement.STREAM_ID_PARITY),
      Map.entry("session-stream-without-begin", Requirement.STREAM_BEGIN_FIRST),
      Map.entry("session-protocol-settings-both-flags", Requirement.SET_FORMAT),
      Map.entry("session-protocol-settings-no-flags", Requirement.SET_FORMAT),
      Map.entry("session-protocol-settings-empty", Requirement.CBOR_ITEM_COUNT),
      Map.entry("session-protocol-settings-two-values", Requirement.CBOR_ITEM_COUNT),
      Map.entry("session-protocol-settings-after-command", Requirement.SET_FIRST),
      Map.entry("session-unexpected-type-in-idle", Requirement.FRAME_DIRECTION),
      Map.entry("session-command-data-without-flags", Requirement.CMD_DATA_EXPECTED),
      Map.entry("session-continuation-for-unknown-request", Requirement.CMD_UNKNOWN_REQUEST),
      Map.entry("session-continuation-after-done", Requirement.CMD_REQUEST_FRAME_FLAGS),
      Map.entry("session-have-data-mismatch", Requirement.CMD_REQUEST_FRAME_FLAGS),
      Map.entry("session-missing-name", Requirement.CMD_REQUEST_MAP));

  @Test
  void theVectorFileHoldsTheCasesThisTestKnows() {
    List<JsonNode> cases = Vectors.cases("server-sessions.json", "server-session");
    assertEquals(25, cases.size());
    long errors = cases.stream()
        .filter(c -> "error".equals(c.get("expect").get(c.get("expect").size() - 1).get("action").asText()))
        .count();
    assertEquals(VIOLATIONS.size(), errors);
  }

  @TestFactory
  Stream<DynamicTest> serverSessions() {
    return Vectors.cases("server-sessions.json", "server-session").stream()
        .map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> run(c)));
  }

  private static void run(JsonNode c) throws ProtocolException {
    String id = c.get("id").asText();
    ServerSession session = new ServerSession(ServerConfig.DEFAULTS, new FakeClock());
    JsonNode input = c.get("input");
    JsonNode expect = c.get("expect");
    assertEquals(input.size(), expect.size(), id);
    for (int i = 0; i < input.size(); i++) {
      List<Frame> frames = FrameDecoder.decodeAll(HexFormat.of().parseHex(input.get(i).asText()), 0xFFFF);
      assertEquals(1, frames.size());
      List<ServerEvent> events = session.receiveFrame(frames.get(0));
      JsonNode e = expect.get(i);
      String where = id + " frame " + i + ": " + events;
      switch (e.get("action").asText()) {
        case "wantframe" -> assertEquals(List.of(), events, where);
        case "runcommand" -> {
          assertEquals(1, events.size(), where);
          ServerEvent.RunCommand run = assertInstanceOf(ServerEvent.RunCommand.class, events.get(0), where);
          assertEquals(e.get("requestId").asInt(), run.requestId(), where);
          assertEquals(Vectors.value(e.get("command")), CborValue.bytes(run.command()), where);
          assertEquals(Vectors.value(e.get("args")), run.args(), where);
          if (e.has("dataHex")) {
            assertNotNull(run.data(), where);
            assertEquals(e.get("dataHex").asText(), HexFormat.of().formatHex(run.dataBytes()), where);
          } else {
            assertNull(run.data(), where);
          }
        }
        case "error" -> {
          assertEquals(2, events.size(), where);
          ServerEvent.ProtocolFailure failure = assertInstanceOf(ServerEvent.ProtocolFailure.class, events.get(0), where);
          assertEquals(VIOLATIONS.get(id), failure.requirement(), where);
          assertEquals(new ServerEvent.Closed(CloseReason.PROTOCOL_ERROR), events.get(1), where);
        }
        default -> throw new AssertionError("unknown action in " + e);
      }
    }
  }
}
