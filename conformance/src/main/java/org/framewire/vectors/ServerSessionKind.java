package org.framewire.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.session.CloseReason;
import org.framewire.session.ServerConfig;
import org.framewire.session.ServerEvent;
import org.framewire.session.ServerSession;

/**
 * Kind {@code server-session}: fed the recorded client frames one by one, the server session
 * reacts as recorded — {@code runcommand} with the same request id, command, args and data; {@code
 * wantframe} (no event yet); or {@code error}: a protocol failure after which the session closes
 * (SPEC.md §6, §7.2). The oracle's error texts are informative only and not compared; the
 * requirement each error case breaks is asserted by the session's own tests.
 */
final class ServerSessionKind implements VectorKind {
  @Override
  public String kind() {
    return "server-session";
  }

  @Override
  public String check(JsonNode c) throws Exception {
    ServerSession session = new ServerSession(ServerConfig.DEFAULTS);
    JsonNode input = c.get("input");
    JsonNode expect = c.get("expect");
    if (input.size() != expect.size()) {
      return "the case has " + input.size() + " frames but " + expect.size() + " reactions";
    }
    for (int i = 0; i < input.size(); i++) {
      List<Frame> frames = FrameDecoder.decodeAll(Hex.parse(input.get(i)), FrameDecoder.DEFAULT_MAX_FRAME_SIZE);
      List<ServerEvent> events = session.receiveFrame(frames.get(0));
      JsonNode e = expect.get(i);
      String where = "frame " + i + ": got " + events;
      switch (e.get("action").asText()) {
        case "wantframe":
          if (!events.isEmpty()) {
            return where + ", expected no event";
          }
          break;
        case "runcommand": {
          if (events.size() != 1 || !(events.get(0) instanceof ServerEvent.RunCommand run)) {
            return where + ", expected one runcommand";
          }
          if (run.requestId() != e.get("requestId").asInt()
              || !TaggedJson.read(e.get("command")).equals(CborValue.bytes(run.command()))
              || !TaggedJson.read(e.get("args")).equals(run.args())) {
            return where + ", expected request " + e.get("requestId") + " " + e.get("command") + " " + e.get("args");
          }
          String data = run.data() == null ? null : HexFormat.of().formatHex(run.dataBytes());
          String wantData = e.has("dataHex") ? e.get("dataHex").asText() : null;
          if (wantData == null ? data != null : !wantData.equals(data)) {
            return where + ", expected data " + wantData;
          }
          break;
        }
        case "error":
          if (events.size() != 2 || !(events.get(0) instanceof ServerEvent.ProtocolFailure)
              || !events.get(1).equals(new ServerEvent.Closed(CloseReason.PROTOCOL_ERROR))) {
            return where + ", expected a protocol failure and the session closed";
          }
          break;
        default:
          return "unknown action " + e.get("action");
      }
    }
    return null;
  }
}
