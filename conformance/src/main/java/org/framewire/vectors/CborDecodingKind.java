package org.framewire.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborLimits;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;

/**
 * Kind {@code cbor-decoding}: the CBOR sequence {@code hex}, decoded as one complete unit (a whole
 * payload) with the case's {@code limits} or the defaults (SPEC.md §10), gives {@code
 * expect.values}, or fails with the protocol error {@code expect.error} (SPEC.md §5). Valid input
 * is also fed to the incremental decoder in every split of {@link Splits}, which must yield the same
 * values.
 */
final class CborDecodingKind implements VectorKind {
  @Override
  public String kind() {
    return "cbor-decoding";
  }

  @Override
  public String check(JsonNode c) throws Exception {
    byte[] input = Hex.parse(c.get("hex"));
    CborLimits limits = limits(c.get("limits"));
    JsonNode expect = c.get("expect");
    String wanted;
    if (expect.has("error")) {
      wanted = "error " + expect.get("error").asText();
    } else {
      List<CborValue> values = new ArrayList<>();
      expect.get("values").forEach(v -> values.add(TaggedJson.read(v)));
      wanted = "values " + values;
    }
    String whole;
    try {
      whole = "values " + CborDecoder.decodeAll(ByteBuffer.wrap(input), limits);
    } catch (ProtocolException e) {
      whole = "error " + e.requirement().id();
    }
    if (!whole.equals(wanted)) {
      return "as one unit: got " + whole + ", expected " + wanted;
    }
    if (expect.has("values")) {
      for (int size : Splits.CHUNK_SIZES) {
        String outcome = decode(input, size, limits);
        if (!outcome.equals(wanted)) {
          return "fed " + Splits.describe(size) + ": got " + outcome + ", expected " + wanted;
        }
      }
    }
    return null;
  }

  private static CborLimits limits(JsonNode l) {
    if (l == null || l.isNull()) {
      return CborLimits.DEFAULT;
    }
    return new CborLimits(
        l.path("maxDepth").asInt(CborLimits.DEFAULT.maxDepth()),
        l.path("maxItems").asLong(CborLimits.DEFAULT.maxItems()),
        l.path("maxLength").asLong(CborLimits.DEFAULT.maxLength()));
  }

  private static String decode(byte[] input, int chunk, CborLimits limits) {
    CborDecoder decoder = new CborDecoder(limits);
    List<CborValue> values = new ArrayList<>();
    try {
      for (ByteBuffer piece : Splits.cut(input, chunk)) {
        decoder.feed(piece);
        for (CborValue v; (v = decoder.poll()) != null; ) {
          values.add(v);
        }
      }
      decoder.finish();
    } catch (ProtocolException e) {
      return "error " + e.requirement().id();
    }
    return "values " + values;
  }
}
