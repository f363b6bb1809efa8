package org.framewire.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.ClientSession;

/**
 * Kind {@code response-stream}: a client session that sent the recorded requests (its frames must
 * be byte for byte the recorded {@code input}) decodes the server's {@code frames} — one stream, one
 * compression context across every request (SPEC.md §4.3) — into exactly each request's {@code
 * expect} objects. The frames are fed as one byte stream cut every 7 bytes, so headers, payloads
 * and compressed blocks are split anywhere.
 *
 * <p>A request whose recorded status is {@code null} is Mercurial's known quirk (a command with no
 * output gets no frames at all, against CMD-15): the client must then report nothing for it.
 */
final class ResponseStreamKind implements VectorKind {
  @Override
  public String kind() {
    return "response-stream";
  }

  @Override
  public String check(JsonNode c) throws Exception {
    ClientSession client = new ClientSession(
        ClientConfig.DEFAULTS.withContentEncodings(List.of(c.get("encoding").asText())));
    List<Frame> input = frames(c.get("input"));
    for (Frame f : input) {
      if (f.type() == FrameType.COMMAND_REQUEST) {
        client.sendCommand(CommandRequest.fromCbor(CborDecoder.decodeOne(f.payloadBytes())));
      }
    }
    List<Frame> sent = client.pollFrames();
    if (!sent.equals(input)) {
      return "the client sent " + sent + ", expected " + input;
    }
    byte[] wire = concat(frames(c.get("frames")));
    Map<Integer, List<CborValue>> objects = new LinkedHashMap<>();
    Map<Integer, Boolean> complete = new LinkedHashMap<>();
    for (int at = 0; at < wire.length; at += 7) {
      for (ClientEvent e : client.receive(ByteBuffer.wrap(wire, at, Math.min(7, wire.length - at)))) {
        if (e instanceof ClientEvent.ResponseObject o) {
          objects.computeIfAbsent(o.requestId(), k -> new ArrayList<>()).add(o.value());
        } else if (e instanceof ClientEvent.ResponseComplete done) {
          if (complete.put(done.requestId(), true) != null) {
            return "request " + done.requestId() + " completed twice";
          }
        } else {
          return "unexpected event " + e;
        }
      }
    }
    for (JsonNode expect : c.get("expect")) {
      int id = expect.get("requestId").asInt();
      List<CborValue> want = new ArrayList<>();
      expect.get("objects").forEach(o -> want.add(TaggedJson.read(o)));
      if (expect.get("status").isNull()) {
        if (complete.containsKey(id) || objects.containsKey(id)) {
          return "request " + id + ": Mercurial sent nothing, yet the client reported " + objects.get(id);
        }
      } else if (!complete.containsKey(id)) {
        return "request " + id + " did not complete";
      } else if (!want.equals(objects.getOrDefault(id, List.of()))) {
        return "request " + id + ": decoded " + objects.get(id) + ", expected " + want;
      }
    }
    return null;
  }

  static List<Frame> frames(JsonNode hexes) throws Exception {
    List<Frame> out = new ArrayList<>();
    for (JsonNode h : hexes) {
      out.addAll(FrameDecoder.decodeAll(Hex.parse(h), FrameHeader.MAX_PAYLOAD_LENGTH));
    }
    return out;
  }

  private static byte[] concat(List<Frame> frames) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Frame f : frames) {
      out.writeBytes(f.toBytes());
    }
    return out.toByteArray();
  }
}
