package org.framewire.frames;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.framewire.cbor.CborValue;

/**
 * Test helper: reads the reference vectors of {@code protocol-spec/vectors/mercurial/} and turns
 * their tagged-JSON CBOR values ({@code {"bytes": HEX}}, {@code {"map": [[K, V], ...]}}, ...) into
 * {@link CborValue}s.
 */
final class TaggedJson {
  static final Path VECTORS = Path.of("..", "protocol-spec", "vectors", "mercurial");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TaggedJson() {}

  /** The {@code cases} array of a vector file, checked to be of {@code kind}. */
  static List<JsonNode> cases(String file, String kind) {
    try {
      JsonNode root = MAPPER.readTree(Files.readAllBytes(VECTORS.resolve(file)));
      if (!"framewire-vectors/1".equals(root.path("schema").asText())
          || !kind.equals(root.path("kind").asText())) {
        throw new IllegalStateException(file + " is not a framewire-vectors/1 " + kind + " file");
      }
      List<JsonNode> cases = new ArrayList<>();
      root.get("cases").forEach(cases::add);
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  /** The CBOR value a tagged-JSON node denotes. */
  static CborValue value(JsonNode node) {
    if (!node.isObject() || node.size() != 1) {
      throw new IllegalArgumentException("not a tagged value: " + node);
    }
    Map.Entry<String, JsonNode> tagged = node.fields().next();
    JsonNode v = tagged.getValue();
    switch (tagged.getKey()) {
      case "bytes":
        return new CborValue.Bytes(hex(v.asText()));
      case "text":
        return new CborValue.Text(v.asText());
      case "int":
        return CborValue.Int.of(v.bigIntegerValue());
      case "bool":
        return v.asBoolean() ? CborValue.TRUE : CborValue.FALSE;
      case "null":
        return CborValue.NULL;
      case "array": {
        List<CborValue> items = new ArrayList<>();
        v.forEach(item -> items.add(value(item)));
        return new CborValue.Array(items);
      }
      case "set": {
        List<CborValue> items = new ArrayList<>();
        v.forEach(item -> items.add(value(item)));
        return new CborValue.SetValue(items);
      }
      case "map": {
        List<CborValue.Entry> entries = new ArrayList<>();
        v.forEach(pair -> entries.add(new CborValue.Entry(value(pair.get(0)), value(pair.get(1)))));
        return new CborValue.MapValue(entries);
      }
      case "bytesIndef": {
        List<byte[]> chunks = new ArrayList<>();
        v.forEach(chunk -> chunks.add(hex(chunk.asText())));
        return new CborValue.IndefiniteBytes(chunks);
      }
      default:
        throw new IllegalArgumentException("unknown tag " + tagged.getKey());
    }
  }
}
