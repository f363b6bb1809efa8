package org.framewire.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.junit.jupiter.api.Test;

class TaggedJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyTagRoundTrips() throws Exception {
    CborValue v = CborValue.MapValue.of(
        CborValue.bytes("status"), CborValue.bytes("ok"),
        CborValue.text("t"), new CborValue.Array(List.of(
            CborValue.of(-1), CborValue.Int.of(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)),
            CborValue.TRUE, CborValue.NULL, CborValue.UNDEFINED, new CborValue.FloatValue(1.5),
            new CborValue.SetValue(List.of(CborValue.of(1))),
            new CborValue.IndefiniteBytes(List.of(new byte[] {1}, new byte[0])),
            new CborValue.Tagged(1, CborValue.of(0)))));
    String json = JSON.writeValueAsString(TaggedJson.write(v));
    assertEquals(v, TaggedJson.read(JSON.readTree(json)));
  }

  @Test
  void readsTheVectorsSpelling() throws Exception {
    CborValue v = TaggedJson.read(JSON.readTree(
        "{\"map\": [[{\"bytes\": \"6b\"}, {\"int\": 18446744073709551615}]]}"));
    assertEquals(CborValue.MapValue.of(CborValue.bytes("k"),
        CborValue.Int.of(new BigInteger("18446744073709551615"))), v);
  }

  @Test
  void rejectsUnknownTags() {
    assertThrows(IllegalArgumentException.class, () -> TaggedJson.read(JSON.readTree("{\"blob\": 1}")));
    assertThrows(IllegalArgumentException.class, () -> TaggedJson.read(JSON.readTree("{\"int\": 1, \"text\": \"a\"}")));
  }
}
