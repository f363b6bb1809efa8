package org.framewire.conformance.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Capabilities parse(String json) throws Exception {
    return Capabilities.parse(JSON.readTree(json));
  }

  @Test
  void leftOutKeysKeepTheSpecDefaultsAndNullUndeclares() throws Exception {
    Capabilities c = parse("{\"encodings\": [\"zlib\"], \"limits\": {\"maxOpenStreams\": 4, \"maxEmptyFrames\": null}}");
    assertEquals(List.of("zlib"), c.encodings());
    assertEquals(65535, c.maxFrameSize());
    assertEquals(4L, c.limits().get(Limit.MAX_OPEN_STREAMS));
    assertEquals(16L, c.limits().get(Limit.MAX_REQUESTS_IN_FLIGHT));
    assertTrue(!c.limits().containsKey(Limit.MAX_EMPTY_FRAMES));
    assertTrue(!c.limits().containsKey(Limit.FRAME_READ_TIMEOUT_MILLIS), "the frame-read timeout has no default");
    assertEquals(4L, c.variables().get("maxOpenStreams"));
    assertEquals(65535L, c.variables().get("maxFrameSize"));
  }

  @Test
  void typosAndBadValuesAreErrors() {
    assertThrows(IllegalArgumentException.class, () -> parse("{\"limits\": {\"maxOpenStream\": 4}}"));
    assertThrows(IllegalArgumentException.class, () -> parse("{\"encoding\": [\"zlib\"]}"));
    assertThrows(IllegalArgumentException.class, () -> parse("{\"encodings\": [\"brotli\"]}"));
    assertThrows(IllegalArgumentException.class, () -> parse("{\"limits\": {\"maxOpenStreams\": 0}}"));
    assertThrows(IllegalArgumentException.class, () -> parse("{\"limits\": {\"maxOpenStreams\": \"32\"}}"));
  }

  @Test
  void unmetNeedsSayWhat() {
    Capabilities c = new Capabilities(List.of("identity"), 65535, java.util.Map.of());
    Needs needs = new Needs(List.of("zlib"), 1 << 20, false, "any", List.of(Limit.FRAME_READ_TIMEOUT_MILLIS));
    String why = c.unmet(needs).orElseThrow();
    assertTrue(why.contains("encoding zlib") && why.contains("maximum frame size of 1048576")
        && why.contains("frameReadTimeoutMillis"), why);
    assertEquals(Optional.empty(), Capabilities.DEFAULTS.unmet(new Needs(List.of("zlib"), 65535, false, "any",
        List.of(Limit.MAX_OPEN_STREAMS))));
  }
}
