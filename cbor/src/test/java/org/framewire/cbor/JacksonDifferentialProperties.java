package org.framewire.cbor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.framewire.cbor.arbitraries.CborValueArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.framewire.spec.ProtocolException;

/**
 * CBOR-1 (SPEC.md §5) differentially, against Jackson's CBOR codec: what our encoder writes,
 * Jackson reads as the same tree, and what Jackson writes — its own head widths, indefinite-length
 * containers, bignum tags — our decoder reads as the same values.
 */
class JacksonDifferentialProperties {
  /**
   * Jackson 2.x writes and reads negative bignums (tag 3) as -n instead of RFC 8949's -1-n unless
   * told otherwise (jackson-dataformats-binary issue #431).
   */
  private static final ObjectMapper CBOR =
      CBORMapper.builder()
          .enable(CBORGenerator.Feature.ENCODE_USING_STANDARD_NEGATIVE_BIGINT_ENCODING)
          .enable(CBORParser.Feature.DECODE_USING_STANDARD_NEGATIVE_BIGINT_ENCODING)
          .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Provide
  Arbitrary<CborValue> values() {
    return CborTestValues.jacksonValues();
  }

  @Property(tries = 500)
  void jacksonReadsWhatWeWrite(@ForAll("values") CborValue value) throws IOException, ProtocolException {
    byte[] ours = CborEncoder.encode(value);
    CborValue byJackson = fromJackson(CBOR.readTree(ours));
    assertEquals(CborDecoder.decodeOne(ours), byJackson);
    assertEquals(CborValueArbitraries.canonical(value), byJackson);
  }

  @Property(tries = 500)
  void weReadWhatJacksonWrites(@ForAll("values") CborValue value) throws IOException, ProtocolException {
    byte[] theirs = CBOR.writeValueAsBytes(toJackson(value));
    assertEquals(value, bignumsAsInts(CborDecoder.decodeOne(theirs)));
    assertEquals(fromJackson(CBOR.readTree(theirs)), bignumsAsInts(CborDecoder.decodeOne(theirs)));
  }

  @Example
  void jacksonAgreesOnTheIntegerEdges() throws IOException, ProtocolException {
    BigInteger two64 = BigInteger.ONE.shiftLeft(64);
    for (BigInteger v : List.of(two64.subtract(BigInteger.ONE), two64.negate(), BigInteger.ONE.shiftLeft(63),
        BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE), BigInteger.valueOf(Long.MIN_VALUE))) {
      byte[] ours = CborEncoder.encode(CborValue.Int.of(v));
      assertEquals(v, CBOR.readTree(ours).bigIntegerValue(), v.toString());
      assertEquals(CborValue.Int.of(v), bignumsAsInts(CborDecoder.decodeOne(CBOR.writeValueAsBytes(NODES.numberNode(v)))));
    }
  }

  /** Jackson's tree as our value: binary, text, integral and floating numbers, arrays, objects. */
  static CborValue fromJackson(JsonNode n) {
    try {
      if (n.isBinary()) {
        return new CborValue.Bytes(n.binaryValue());
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    if (n.isTextual()) {
      return new CborValue.Text(n.textValue());
    } else if (n.isBoolean()) {
      return CborValue.of(n.booleanValue());
    } else if (n.isNull()) {
      return CborValue.NULL;
    } else if (n.isIntegralNumber()) {
      return CborValue.Int.of(n.bigIntegerValue());
    } else if (n.isFloatingPointNumber()) {
      return new CborValue.FloatValue(n.doubleValue());
    } else if (n.isArray()) {
      List<CborValue> items = new ArrayList<>();
      n.forEach(item -> items.add(fromJackson(item)));
      return new CborValue.Array(items);
    } else if (n.isObject()) {
      List<CborValue.Entry> entries = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        entries.add(new CborValue.Entry(new CborValue.Text(e.getKey()), fromJackson(e.getValue())));
      }
      return new CborValue.MapValue(entries);
    }
    throw new AssertionError("unexpected Jackson node " + n.getNodeType());
  }

  static JsonNode toJackson(CborValue v) {
    if (v instanceof CborValue.Int i) {
      return i.fitsLong() ? NODES.numberNode(i.value()) : NODES.numberNode(i.big());
    } else if (v instanceof CborValue.Bytes b) {
      return NODES.binaryNode(b.value());
    } else if (v instanceof CborValue.Text t) {
      return NODES.textNode(t.value());
    } else if (v instanceof CborValue.Bool b) {
      return NODES.booleanNode(b.value());
    } else if (v instanceof CborValue.Null) {
      return NODES.nullNode();
    } else if (v instanceof CborValue.FloatValue f) {
      return NODES.numberNode(f.value());
    } else if (v instanceof CborValue.Array a) {
      ArrayNode node = NODES.arrayNode();
      a.items().forEach(item -> node.add(toJackson(item)));
      return node;
    } else if (v instanceof CborValue.MapValue m) {
      ObjectNode node = NODES.objectNode();
      m.entries().forEach(e -> node.set(((CborValue.Text) e.key()).value(), toJackson(e.value())));
      return node;
    }
    throw new AssertionError("no Jackson form for " + v);
  }

  /** RFC 8949 §3.4.3 bignums (tags 2 and 3 over a byte string) as ints where the model holds them. */
  static CborValue bignumsAsInts(CborValue v) {
    if (v instanceof CborValue.Tagged t && (t.tag() == 2 || t.tag() == 3) && t.content() instanceof CborValue.Bytes b) {
      BigInteger n = new BigInteger(1, b.value());
      return CborValue.Int.of(t.tag() == 2 ? n : n.negate().subtract(BigInteger.ONE));
    } else if (v instanceof CborValue.Array a) {
      return new CborValue.Array(a.items().stream().map(JacksonDifferentialProperties::bignumsAsInts).toList());
    } else if (v instanceof CborValue.MapValue m) {
      return new CborValue.MapValue(
          m.entries().stream().map(e -> new CborValue.Entry(e.key(), bignumsAsInts(e.value()))).toList());
    }
    return v;
  }
}
