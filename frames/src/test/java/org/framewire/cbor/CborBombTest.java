package org.framewire.cbor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.framewire.frames.ProtocolException;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/**
 * CBOR-2 (SPEC.md §5, §10): hostile heads fail at the head, with CBOR-2, before the decoder
 * allocates for what they declare. A decoder that allocated first would die of {@link
 * OutOfMemoryError}, one that recursed of {@link StackOverflowError}; both are errors, not
 * {@link ProtocolException}s, so {@code assertThrows(ProtocolException.class, ...)} fails on them.
 */
class CborBombTest {

  private static Requirement feedFails(byte[] input, CborLimits limits) {
    CborDecoder d = new CborDecoder(limits);
    return assertThrows(ProtocolException.class, () -> d.feed(ByteBuffer.wrap(input))).requirement();
  }

  @Test
  void byteStringDeclaringTwoToTheFortyBytes() {
    byte[] head = HexFormat.of().parseHex("5b0000010000000000");
    assertEquals(Requirement.CBOR_LIMITS, feedFails(head, CborLimits.DEFAULT));
    // Even with the length limit at its largest, the buffer grows with received bytes only: a head
    // declaring 2 GiB and a few bytes of body are accepted without allocating 2 GiB.
    CborDecoder unlimited = new CborDecoder(new CborLimits(64, 1 << 20, CborLimits.LARGEST_BOUND));
    byte[] twoGiB = HexFormat.of().parseHex("5a7ffffff7");
    assertDoesNotThrowProtocol(() -> {
      unlimited.feed(ByteBuffer.wrap(twoGiB));
      unlimited.feed(ByteBuffer.wrap(new byte[1000]));
    });
  }

  @Test
  void textStringDeclaringTwoToTheSixtyFourMinusOneBytes() {
    assertEquals(Requirement.CBOR_LIMITS, feedFails(HexFormat.of().parseHex("7bffffffffffffffff"), CborLimits.DEFAULT));
  }

  @Test
  void mapDeclaringTwoToTheThirtyTwoEntries() {
    assertEquals(Requirement.CBOR_LIMITS, feedFails(HexFormat.of().parseHex("bb0000000100000000"), CborLimits.DEFAULT));
    // Within the item limit's reach a declared count still allocates nothing up front.
    CborDecoder generous = new CborDecoder(new CborLimits(64, CborLimits.LARGEST_BOUND, 1 << 20));
    assertDoesNotThrowProtocol(() -> generous.feed(ByteBuffer.wrap(HexFormat.of().parseHex("ba20000000"))));
  }

  @Test
  void arrayDeclaringTwoToTheSixtyThreeItems() {
    assertEquals(Requirement.CBOR_LIMITS, feedFails(HexFormat.of().parseHex("9b8000000000000000"), CborLimits.DEFAULT));
  }

  @Test
  void twoHundredThousandNestedArrays() {
    byte[] nested = new byte[200_000];
    Arrays.fill(nested, (byte) 0x81);
    assertEquals(Requirement.CBOR_LIMITS, feedFails(nested, CborLimits.DEFAULT));
  }

  @Test
  void twoHundredThousandNestedTagsAndIndefiniteArrays() {
    byte[] tags = new byte[200_000];
    Arrays.fill(tags, (byte) 0xc1);
    assertEquals(Requirement.CBOR_LIMITS, feedFails(tags, CborLimits.DEFAULT));
    byte[] indefinite = new byte[200_000];
    Arrays.fill(indefinite, (byte) 0x9f);
    assertEquals(Requirement.CBOR_LIMITS, feedFails(indefinite, CborLimits.DEFAULT));
  }

  @Test
  void deepNestingWithinTheLimitsIsIterative() throws ProtocolException {
    // 200 000 levels allowed: completing them must not recurse either.
    int n = 200_000;
    byte[] nested = new byte[n + 1];
    Arrays.fill(nested, 0, n, (byte) 0x81);
    nested[n] = 0x00;
    CborDecoder d = new CborDecoder(new CborLimits(n, n + 1, 0));
    d.feed(ByteBuffer.wrap(nested));
    d.finish();
    CborValue v = d.poll();
    for (int k = 0; k < n; k++) {
      v = ((CborValue.Array) v).items().get(0);
    }
    assertEquals(CborValue.of(0), v);
  }

  @Test
  void manyEmptyChunksHitTheItemLimit() {
    byte[] chunks = new byte[(1 << 20) + 10];
    Arrays.fill(chunks, (byte) 0x40);
    chunks[0] = 0x5f;
    assertEquals(Requirement.CBOR_LIMITS, feedFails(chunks, CborLimits.DEFAULT));
  }

  private interface Feeding {
    void run() throws ProtocolException;
  }

  private static void assertDoesNotThrowProtocol(Feeding f) {
    try {
      f.run();
    } catch (ProtocolException e) {
      throw new AssertionError("unexpected " + e, e);
    }
  }
}
