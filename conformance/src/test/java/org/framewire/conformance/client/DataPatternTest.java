package org.framewire.conformance.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The {@code dataBytes} pattern, and the check of what arrives against it, in chunks of any size. */
class DataPatternTest {

  @Test
  void byteIIsIMod251() {
    ByteBuffer b = DataPattern.of(600);
    assertEquals(600, b.remaining());
    assertEquals(0, b.get(0));
    assertEquals((byte) 250, b.get(250));
    assertEquals(0, b.get(251));
    assertEquals((byte) (599 % 251), b.get(599));
    assertEquals(0, DataPattern.of(0).remaining());
    assertThrows(IllegalArgumentException.class, () -> DataPattern.of(-1));
    assertThrows(IllegalArgumentException.class, () -> DataPattern.of(DataPattern.MAX_BYTES + 1L));
  }

  @Test
  void theCheckFindsALostByteAChangedByteAndAWrongLength() {
    byte[] data = DataPattern.of(1000).array();
    assertNull(check(data, 7).problem(1000), "intact, in chunks of 7");
    assertEquals("999 bytes of command data arrived, not 1000", check(java.util.Arrays.copyOf(data, 999), 64).problem(1000));
    byte[] lost = new byte[999];
    System.arraycopy(data, 0, lost, 0, 500);
    System.arraycopy(data, 501, lost, 500, 499);
    assertEquals("byte 500 of the command data is not the pattern's (i mod 251)", check(lost, 100).problem(999));
    data[777] ^= 1;
    assertEquals("byte 777 of the command data is not the pattern's (i mod 251)", check(data, 1000).problem(1000));
  }

  private static DataPattern.Check check(byte[] data, int chunk) {
    DataPattern.Check c = new DataPattern.Check();
    for (int at = 0; at < data.length; at += chunk) {
      ByteBuffer b = ByteBuffer.wrap(data, at, Math.min(chunk, data.length - at));
      c.accept(b);
      assertEquals(at, b.position(), "the check leaves the chunk's position");
    }
    return c;
  }
}
