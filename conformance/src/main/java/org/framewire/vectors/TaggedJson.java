package org.framewire.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.framewire.cbor.CborValue;

/**
 * The vectors' tagged-JSON form of CBOR values: one key per value, {@code {"bytes": HEX}}, {@code
 * {"text": S}}, {@code {"int": N}}, {@code {"bool": B}}, {@code {"null": true}}, {@code {"array":
 * [...]}}, {@code {"map": [[K, V], ...]}}, {@code {"set": [...]}}, {@code {"bytesIndef": [HEX,
 * ...]}}. Also used by {@code framewire call} to print response objects, so other languages can read
 * them with any JSON library.
 *
 * <p>Values the vectors never carry get tags of their own so that printing never fails: {@code
 * {"float": D}}, {@code {"undefined": true}}, {@code {"tag": [N, V]}}.
 */
public final class TaggedJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();

  private TaggedJson() {}

  /** Reads one tagged value. */
  public static CborValue read(JsonNode node) {
    if (node == null || !node.isObject() || node.size() != 1) {
      throw new IllegalArgumentException("a tagged CBOR value is an object with one key: " + node);
    }
    Map.Entry<String, JsonNode> e = node.fields().next();
    JsonNode v = e.getValue();
    switch (e.getKey()) {
      case "bytes":
        return new CborValue.Bytes(HEX.parseHex(v.asText()));
      case "text":
        return new CborValue.Text(v.asText());
      case "int":
        return CborValue.Int.of(v.isBigInteger() || v.isNumber() ? v.bigIntegerValue() : new BigInteger(v.asText()));
      case "bool":
        return CborValue.of(v.asBoolean());
      case "null":
        return CborValue.NULL;
      case "undefined":
        return CborValue.UNDEFINED;
      case "float":
        return new CborValue.FloatValue(v.asDouble());
      case "array":
        return new CborValue.Array(readAll(v));
      case "set":
        return new CborValue.SetValue(readAll(v));
      case "map": {
        List<CborValue.Entry> entries = new ArrayList<>();
        for (JsonNode pair : v) {
          if (!pair.isArray() || pair.size() != 2) {
            throw new IllegalArgumentException("a map entry is [key, value]: " + pair);
          }
          entries.add(new CborValue.Entry(read(pair.get(0)), read(pair.get(1))));
        }
        return new CborValue.MapValue(entries);
      }
      case "bytesIndef": {
        List<byte[]> chunks = new ArrayList<>();
        for (JsonNode c : v) {
          chunks.add(HEX.parseHex(c.asText()));
        }
        return new CborValue.IndefiniteBytes(chunks);
      }
      case "tag":
        return new CborValue.Tagged(v.get(0).asLong(), read(v.get(1)));
      default:
        throw new IllegalArgumentException("unknown CBOR tag in JSON: " + e.getKey());
    }
  }

  private static List<CborValue> readAll(JsonNode array) {
    List<CborValue> out = new ArrayList<>(array.size());
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      out.add(read(it.next()));
    }
    return out;
  }

  /** Writes one value in tagged form. */
  public static JsonNode write(CborValue value) {
    ObjectNode o = F.objectNode();
    if (value instanceof CborValue.Int i) {
      if (i.fitsLong()) {
        o.put("int", i.value());
      } else {
        o.put("int", i.big());
      }
    } else if (value instanceof CborValue.Bytes b) {
      o.put("bytes", HEX.formatHex(b.value()));
    } else if (value instanceof CborValue.Text t) {
      o.put("text", t.value());
    } else if (value instanceof CborValue.Bool b) {
      o.put("bool", b.value());
    } else if (value instanceof CborValue.Null) {
      o.put("null", true);
    } else if (value instanceof CborValue.Undefined) {
      o.put("undefined", true);
    } else if (value instanceof CborValue.FloatValue f) {
      o.put("float", f.value());
    } else if (value instanceof CborValue.Array a) {
      o.set("array", writeAll(a.items()));
    } else if (value instanceof CborValue.SetValue s) {
      o.set("set", writeAll(s.items()));
    } else if (value instanceof CborValue.MapValue m) {
      ArrayNode entries = F.arrayNode();
      for (CborValue.Entry e : m.entries()) {
        entries.add(F.arrayNode().add(write(e.key())).add(write(e.value())));
      }
      o.set("map", entries);
    } else if (value instanceof CborValue.IndefiniteBytes ib) {
      ArrayNode chunks = F.arrayNode();
      for (byte[] c : ib.chunks()) {
        chunks.add(HEX.formatHex(c));
      }
      o.set("bytesIndef", chunks);
    } else if (value instanceof CborValue.Tagged t) {
      o.set("tag", F.arrayNode().add(t.tag()).add(write(t.content())));
    }
    return o;
  }

  private static ArrayNode writeAll(List<CborValue> items) {
    ArrayNode a = F.arrayNode();
    for (CborValue v : items) {
      a.add(write(v));
    }
    return a;
  }
}
