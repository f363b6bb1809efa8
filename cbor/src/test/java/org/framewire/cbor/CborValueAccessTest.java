package org.framewire.cbor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The explicit accessors and builders of {@link CborValue}: text versus byte-string keys, exact integers. */
class CborValueAccessTest {

  @Test
  void bytesKeyedMapsAreWhatTheProtocolLooksUp() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("values", List.of(1L, 2L));
    m.put("name", "x");
    CborValue.MapValue bytesKeyed = CborValue.MapValue.ofBytesKeys(m);
    assertEquals(CborValue.Array.of(CborValue.of(1), CborValue.of(2)), bytesKeyed.get("values"));
    assertEquals(bytesKeyed.get("values"), bytesKeyed.getBytesKey("values"));
    assertNull(bytesKeyed.getTextKey("values"));
    assertEquals(new CborValue.Text("x"), bytesKeyed.get("name"), "values convert as from() converts them");
    assertEquals(List.of(CborValue.bytes("values"), CborValue.bytes("name")),
        bytesKeyed.entries().stream().map(CborValue.Entry::key).toList(), "byte-string keys, in order");
  }

  @Test
  void textKeyedMapsAreFoundOnlyByTextKey() {
    CborValue.MapValue textKeyed = CborValue.MapValue.ofTextKeys(Map.of("values", 1L));
    assertNull(textKeyed.get("values"), "get(String) looks up byte-string keys");
    assertEquals(CborValue.of(1), textKeyed.getTextKey("values"));
    assertEquals(textKeyed, CborValue.from(Map.of("values", 1L)), "from() makes text keys, as documented");
  }

  @Test
  void exactIntegersFailLoudly() {
    assertEquals(-5, new CborValue.Int(-5).intValueExact());
    assertEquals(Long.MAX_VALUE, new CborValue.Int(Long.MAX_VALUE).longValueExact());
    assertThrows(ArithmeticException.class, () -> new CborValue.Int(1L << 40).intValueExact());
    CborValue.Int big = CborValue.Int.of(BigInteger.ONE.shiftLeft(63));
    assertEquals(0, big.value(), "value() is meaningless beyond a long: the trap the exact accessors remove");
    assertThrows(ArithmeticException.class, big::longValueExact);
  }
}
