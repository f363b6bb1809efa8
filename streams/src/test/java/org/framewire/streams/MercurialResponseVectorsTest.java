package org.framewire.streams;

import static org.framewire.streams.TestSupport.cbor;
import static org.framewire.streams.TestSupport.frameOf;
import static org.framewire.streams.TestSupport.hex;
import static org.framewire.streams.TestSupport.hexes;
import static org.framewire.streams.TestSupport.mercurialChunks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code response-stream} vectors recorded from Mercurial 6.3.2: several responses on one
 * server output stream, in identity, zlib and zstd-8mb. Our outbound stream and emitter, fed the
 * same response objects chunked as Mercurial's {@code cborutil.streamencode} chunks them, produce
 * byte-identical frames (encoded-flag placement, flush points, settings frame, begin flag); our
 * inbound stream decodes those frames back into exactly the CBOR of each response.
 */
class MercurialResponseVectorsTest {

  static Stream<Named<JsonNode>> cases() {
    JsonNode file = TestSupport.vectors("response-streams.json");
    assertEquals("response-stream", file.get("kind").asText());
    assertEquals(12, file.get("cases").size());
    return StreamSupport.stream(file.get("cases").spliterator(), false)
        .map(c -> Named.of(c.get("id").asText(), c));
  }

  private static EncodingProfile profile(JsonNode c) {
    return EncodingProfiles.defaults().find(c.get("encoding").asText()).orElseThrow();
  }

  private static List<String> expectedFrames(JsonNode c) {
    List<String> l = new ArrayList<>();
    c.get("frames").forEach(f -> l.add(f.asText()));
    return l;
  }

  /** The oracle emits nothing for a command that yields no objects (a quirk we do not copy). */
  private static boolean oracleSentNothing(JsonNode response) {
    return response.get("status").isNull() && response.get("objects").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void encoderSideProducesTheOraclesFrames(JsonNode c) {
    List<Frame> sent = new ArrayList<>();
    try (StreamRegistry server = new StreamRegistry(Side.SERVER)) {
      OutboundStream stream = server.openOutbound(profile(c), OutboundStream.DEFAULT_MAX_FRAME_SIZE, sent::add);
      assertEquals(2, stream.streamId());
      for (JsonNode response : c.get("expect")) {
        if (oracleSentNothing(response)) {
          continue;
        }
        ResponseEmitter emitter = new ResponseEmitter(stream, response.get("requestId").asInt());
        emitter.begin(ByteBuffer.wrap(TestSupport.okStatus()));
        for (JsonNode o : response.get("objects")) {
          for (byte[] chunk : mercurialChunks(cbor(o))) {
            emitter.write(ByteBuffer.wrap(chunk));
          }
        }
        emitter.end(false);
      }
    }
    assertEquals(expectedFrames(c), hexes(sent));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decoderSideRecoversEachResponsesCbor(JsonNode c) throws Exception {
    TestSupport.Collector out = new TestSupport.Collector();
    try (StreamRegistry client = new StreamRegistry(Side.CLIENT)) {
      List<String> frames = expectedFrames(c);
      assertFalse(client.receive(frameOf(frames.get(0)), out), "first frame is the stream settings");
      assertEquals(c.get("encoding").asText(), client.inbound(2).profile().orElseThrow().name());
      for (String f : frames.subList(1, frames.size())) {
        assertTrue(client.receive(frameOf(f), out));
      }
    }
    for (JsonNode response : c.get("expect")) {
      int requestId = response.get("requestId").asInt();
      if (oracleSentNothing(response)) {
        assertEquals(0, out.of(requestId).length);
        continue;
      }
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.writeBytes(TestSupport.okStatus());
      List<CborValue> objects = new ArrayList<>();
      for (JsonNode o : response.get("objects")) {
        CborValue v = cbor(o);
        objects.add(v);
        expected.writeBytes(CborEncoder.encode(v));
      }
      byte[] decoded = out.of(requestId);
      assertEquals(hex(expected.toByteArray()), hex(decoded), "decoded bytes of request " + requestId);

      List<CborValue> values = CborDecoder.decodeAll(decoded);
      CborValue status = values.get(0);
      assertEquals(response.get("status").asText(), ((CborValue.MapValue) status).get("status") instanceof CborValue.Bytes b ? b.latin1() : null);
      assertEquals(objects.size(), values.size() - 1);
      for (int i = 0; i < objects.size(); i++) {
        assertArrayEquals(CborEncoder.encode(objects.get(i)), CborEncoder.encode(values.get(i + 1)));
      }
    }
  }
}
