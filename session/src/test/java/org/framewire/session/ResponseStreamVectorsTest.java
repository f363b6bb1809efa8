package org.framewire.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code response-stream} vectors recorded from Mercurial: a client session that sent the
 * recorded requests — and whose frames are byte for byte the recorded {@code input} — decodes the
 * server's recorded {@code frames} (one stream, one compression context across all requests) into
 * exactly the expected objects per request.
 *
 * <p>Deviation: Mercurial's server sends nothing at all for a command that yields no objects
 * (status {@code null} in the vectors). Such a request gets no event here and stays in flight; a
 * framewire server answers it with the status map and eos (see {@code ServerResponseTest}).
 */
class ResponseStreamVectorsTest {

  @TestFactory
  Stream<DynamicTest> responseStreams() {
    return Vectors.cases("response-streams.json", "response-stream").stream()
        .map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> run(c)));
  }

  private static List<Frame> frames(JsonNode hexes) throws ProtocolException {
    List<Frame> out = new ArrayList<>();
    for (JsonNode h : hexes) {
      out.addAll(FrameDecoder.decodeAll(HexFormat.of().parseHex(h.asText()), 0xFFFFFF));
    }
    return out;
  }

  private static void run(JsonNode c) throws ProtocolException {
    String encoding = c.get("encoding").asText();
    ClientSession client = new ClientSession(
        ClientConfig.DEFAULTS.withContentEncodings(List.of(encoding)), new FakeClock());

    // The client sends the recorded requests, frame for frame.
    List<Frame> input = frames(c.get("input"));
    for (Frame f : input) {
      if (f.type() == FrameType.COMMAND_REQUEST) {
        CborValue.MapValue request = (CborValue.MapValue) org.framewire.cbor.CborDecoder.decodeOne(f.payloadBytes());
        client.sendCommand(CommandRequest.fromCbor(request));
      }
    }
    assertEquals(input, client.pollFrames(), "the client's frames are Mercurial's");

    Map<Integer, List<CborValue>> objects = new LinkedHashMap<>();
    Map<Integer, Boolean> complete = new LinkedHashMap<>();
    for (Frame f : frames(c.get("frames"))) {
      for (ClientEvent e : client.receiveFrame(f)) {
        if (e instanceof ClientEvent.ResponseObject o) {
          objects.computeIfAbsent(o.requestId(), k -> new ArrayList<>()).add(o.value());
        } else if (e instanceof ClientEvent.ResponseComplete done) {
          assertTrue(complete.put(done.requestId(), true) == null, "one terminal event per request");
        } else {
          throw new AssertionError("unexpected event " + e);
        }
      }
    }
    for (JsonNode expect : c.get("expect")) {
      int id = expect.get("requestId").asInt();
      List<CborValue> want = new ArrayList<>();
      expect.get("objects").forEach(o -> want.add(Vectors.value(o)));
      if (expect.get("status").isNull()) {
        assertEquals(null, complete.get(id), "Mercurial sent nothing for request " + id);
        assertEquals(null, objects.get(id));
      } else {
        assertEquals("ok", expect.get("status").asText());
        assertEquals(Boolean.TRUE, complete.get(id), "request " + id + " complete");
        assertEquals(want, objects.getOrDefault(id, List.of()), "objects of request " + id);
      }
    }
  }

  /** The same frames fed as one byte stream cut at every 7th byte give the same events. */
  @TestFactory
  Stream<DynamicTest> asBytes() {
    return Vectors.cases("response-streams.json", "response-stream").stream()
        .map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> {
          List<ClientEvent> byFrame = replay(c, false);
          List<ClientEvent> byBytes = replay(c, true);
          assertEquals(byFrame, byBytes);
        }));
  }

  private static List<ClientEvent> replay(JsonNode c, boolean bytes) throws ProtocolException {
    ClientSession client = new ClientSession(ClientConfig.DEFAULTS, new FakeClock());
    for (Frame f : frames(c.get("input"))) {
      if (f.type() == FrameType.COMMAND_REQUEST) {
        client.sendCommand(CommandRequest.fromCbor(org.framewire.cbor.CborDecoder.decodeOne(f.payloadBytes())));
      }
    }
    List<ClientEvent> events = new ArrayList<>();
    List<Frame> server = frames(c.get("frames"));
    if (!bytes) {
      for (Frame f : server) {
        events.addAll(client.receiveFrame(f));
      }
      return events;
    }
    byte[] wire = ServerSessionTest.concat(server.toArray(new Frame[0]));
    for (int at = 0; at < wire.length; at += 7) {
      events.addAll(client.receive(ByteBuffer.wrap(wire, at, Math.min(7, wire.length - at))));
    }
    return events;
  }
}
