package org.framewire.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;

/**
 * Kind {@code cbor}: deterministic encoding of {@code value} is exactly {@code hex}, and decoding
 * {@code hex} gives {@code value} (SPEC.md §5).
 */
final class CborKind implements VectorKind {
  @Override
  public String kind() {
    return "cbor";
  }

  @Override
  public String check(JsonNode c) throws Exception {
    CborValue value = TaggedJson.read(c.get("value"));
    byte[] hex = Hex.parse(c.get("hex"));
    byte[] encoded = CborEncoder.encode(value);
    if (!Arrays.equals(encoded, hex)) {
      return "encoded " + Hex.brief(encoded) + ", expected " + Hex.brief(hex);
    }
    CborValue decoded = CborDecoder.decodeOne(hex);
    if (!decoded.equals(value)) {
      return "decoded " + decoded + ", expected " + value;
    }
    return null;
  }
}
