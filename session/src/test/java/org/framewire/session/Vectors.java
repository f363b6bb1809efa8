package org.framewire.session;

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
 * Test helper: the reference vectors of {@code protocol-spec/vectors/mercurial/} and their
 * tagged-JSON CBOR values ({@code {"bytes": HEX}}, {@code {"map": [[K, V], ...]}}, ...).
 */
final class Vectors {
  static final Path DIR = Path.of("..", "protocol-spec", "vectors", "mercurial");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Vectors() {}

  /** The {@code cases} of a vector file, checked to be of {@code kind}. */
  static List<JsonNode> cases(String file, String kind) {
    try {
      JsonNode root = MAPPER.readTree(Files.readAllBytes(DIR.resolve(file)));
      if (!"framewire-vectors/1".equals(root.path("schema").asText()) || !kind.equals(root.path("kind").asText())) {
        throw new IllegalStateException(file + " is not a framewire-vectors/1 " + kind + " file");
      }
      List<JsonNode> out = new ArrayList<>();
      root.get("cases").forEach(out::add);
      return out;
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
    return switch (tagged.getKey()) {
      case "bytes" -> new CborValue.Bytes(hex(v.asText()));
      case "text" -> new CborValue.Text(v.asText());
      case "int" -> CborValue.Int.of(v.bigIntegerValue());
      case "bool" -> v.asBoolean() ? CborValue.TRUE : CborValue.FALSE;
      case "null" -> CborValue.NULL;
      case "array" -> new CborValue.Array(values(v));
      case "set" -> new CborValue.SetValue(values(v));
      case "map" -> {
        List<CborValue.Entry> entries = new ArrayList<>();
        v.forEach(pair -> entries.add(new CborValue.Entry(value(pair.get(0)), value(pair.get(1)))));
        yield new CborValue.MapValue(entries);
      }
      case "bytesIndef" -> {
        List<byte[]> chunks = new ArrayList<>();
        v.forEach(c -> chunks.add(hex(c.asText())));
        yield new CborValue.IndefiniteBytes(chunks);
      }
      default -> throw new IllegalArgumentException("unknown tag " + tagged.getKey());
    };
  }

  private static List<CborValue> values(JsonNode array) {
    List<CborValue> out = new ArrayList<>();
    array.forEach(item -> out.add(value(item)));
    return out;
  }
}
