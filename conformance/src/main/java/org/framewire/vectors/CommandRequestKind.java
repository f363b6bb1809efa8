package org.framewire.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandFramer;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;

/**
 * Kind {@code command-request}: framing the command (name, args, optional data and redirect) for
 * the given request id, stream and max frame size gives exactly {@code frames} (SPEC.md §6.1,
 * §6.2). The stream is not yet begun, so the first frame carries {@code stream-begin}.
 */
final class CommandRequestKind implements VectorKind {
  @Override
  public String kind() {
    return "command-request";
  }

  @Override
  public String check(JsonNode c) throws Exception {
    CborValue name = TaggedJson.read(c.get("command"));
    CborValue args = TaggedJson.read(c.get("args"));
    CborValue redirect = c.has("redirect") && !c.get("redirect").isNull() ? TaggedJson.read(c.get("redirect")) : null;
    CommandRequest request = new CommandRequest(
        (CborValue.Bytes) name, (CborValue.MapValue) args, (CborValue.MapValue) redirect);
    byte[] data = c.has("dataHex") && !c.get("dataHex").isNull() ? Hex.parse(c.get("dataHex")) : null;
    List<Frame> frames = CommandFramer.frames(
        c.get("requestId").asInt(), c.get("streamId").asInt(), true, c.get("maxFrameSize").asInt(), request, data);
    List<String> actual = new ArrayList<>();
    for (Frame f : frames) {
      actual.add(Hex.format(f.toBytes()));
    }
    List<String> expected = new ArrayList<>();
    c.get("frames").forEach(n -> expected.add(n.asText()));
    if (!actual.equals(expected)) {
      return "framed " + actual.size() + " frames " + brief(actual) + ", expected " + expected.size() + " " + brief(expected);
    }
    return null;
  }

  private static String brief(List<String> hex) {
    String s = hex.toString();
    return s.length() <= 160 ? s : s.substring(0, 150) + "...]";
  }
}
