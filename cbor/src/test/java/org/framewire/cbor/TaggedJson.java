package org.framewire.cbor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Test-scope reader of the vectors' tagged-JSON CBOR values ({@code protocol-spec/vectors/mercurial/README.md}):
 * {@code {"bytes": HEX}}, {@code {"text": S}}, {@code {"int": N}}, {@code {"bool": B}},
 * {@code {"null": true}}, {@code {"array": [...]}}, {@code {"map": [[K, V], ...]}},
 * {@code {"set": [...]}}, {@code {"bytesIndef": [HEX, ...]}}.
 */
public final class TaggedJson {
  private TaggedJson() {}

  /** The CBOR value {@code node} describes; ints are read as BigIntegers, so 2^64-1 survives. */
  public static CborValue toCbor(JsonNode node) {
    if (!node.isObject() || node.size() != 1) {
      throw new IllegalArgumentException("a tagged value is an object with one key: " + node);
    }
    Map.Entry<String, JsonNode> e = node.properties().iterator().next();
    JsonNode v = e.getValue();
    switch (e.getKey()) {
      case "bytes":
        return new CborValue.Bytes(HexFormat.of().parseHex(v.asText()));
      case "text":
        return new CborValue.Text(v.asText());
      case "int":
        if (!v.isIntegralNumber()) {
          throw new IllegalArgumentException("not an integer: " + v);
        }
        return CborValue.Int.of(v.bigIntegerValue());
      case "bool":
        return CborValue.of(v.booleanValue());
      case "null":
        return CborValue.NULL;
      case "array":
        return new CborValue.Array(all(v));
      case "set":
        return new CborValue.SetValue(all(v));
      case "map": {
        List<CborValue.Entry> entries = new ArrayList<>();
        for (JsonNode pair : v) {
          entries.add(new CborValue.Entry(toCbor(pair.get(0)), toCbor(pair.get(1))));
        }
        return new CborValue.MapValue(entries);
      }
      case "bytesIndef": {
        List<byte[]> chunks = new ArrayList<>();
        for (JsonNode chunk : v) {
          chunks.add(HexFormat.of().parseHex(chunk.asText()));
        }
        return new CborValue.IndefiniteBytes(chunks);
      }
      default:
        throw new IllegalArgumentException("unknown tag " + e.getKey());
    }
  }

  private static List<CborValue> all(JsonNode array) {
    List<CborValue> out = new ArrayList<>();
    for (JsonNode item : array) {
      out.add(toCbor(item));
    }
    return out;
  }
}
