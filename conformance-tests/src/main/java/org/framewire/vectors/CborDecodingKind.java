package org.framewire.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborLimits;
import org.framewire.cbor.CborValue;
import org.framewire.frames.ProtocolException;

/**
 * Kind {@code cbor-decoding}: the CBOR sequence {@code hex} fed to an incremental decoder with the
 * default limits (SPEC.md §10) gives {@code expect.values}, or fails with the protocol error {@code
 * expect.error} — whole and in every split of {@link Splits} (SPEC.md §5).
 */
final class CborDecodingKind implements VectorKind {
  @Override
  public String kind() {
    return "cbor-decoding";
  }

  @Override
  public String check(JsonNode c) throws Exception {
    byte[] input = Hex.parse(c.get("hex"));
    JsonNode expect = c.get("expect");
    String wanted;
    if (expect.has("error")) {
      wanted = "error " + expect.get("error").asText();
    } else {
      List<CborValue> values = new ArrayList<>();
      expect.get("values").forEach(v -> values.add(TaggedJson.read(v)));
      wanted = "values " + values;
    }
    for (int size : Splits.CHUNK_SIZES) {
      String outcome = decode(input, size);
      if (!outcome.equals(wanted)) {
        return "fed " + Splits.describe(size) + ": got " + outcome + ", expected " + wanted;
      }
    }
    return null;
  }

  private static String decode(byte[] input, int chunk) {
    CborDecoder decoder = new CborDecoder(CborLimits.DEFAULT);
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
