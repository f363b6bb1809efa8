package org.framewire.cbor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/**
 * CBOR-2 (SPEC.md §5, §10): hostile heads fail at the head, with CBOR-2, before the decoder
 * allocates for what they declare. A decoder that allocated first would die of {@link
 * OutOfMemoryError}, one that recursed of {@link StackOverflowError}; both are errors, not
 * {@link ProtocolException}s, so {@code assertThrows(ProtocolException.class, ...)} fails on them.
 * The check for repeated keys (CBOR-5) must not give a peer a slow path either: not through keys
 * whose hash codes collide, nor through keys nested deeper than a recursion could follow.
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
    // 200 000 containers and the scalar inside them (depth 200 001) allowed: completing them must
    // not recurse either.
    int n = 200_000;
    byte[] nested = new byte[n + 1];
    Arrays.fill(nested, 0, n, (byte) 0x81);
    nested[n] = 0x00;
    CborDecoder d = new CborDecoder(new CborLimits(n + 1, n + 1, 0));
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

  /**
   * Hang guard, not a speed claim: the work for these inputs is proportional to their size, well
   * under a second; a hash set of keys whose hash codes all collide needs minutes.
   */
  private static final Duration HANG_GUARD = Duration.ofSeconds(60);

  @Test
  void manyIntegerKeysWithOneHashCode() {
    // (i << 32 | i) has Long.hashCode 0 for every i.
    int n = 1 << 17;
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    CborEncoder.writeHead(in, CborEncoder.MAJOR_MAP, n);
    for (long i = 1; i <= n; i++) {
      CborEncoder.encode(CborValue.of(i << 32 | i), in);
      in.write(0);
    }
    byte[] map = in.toByteArray();
    CborValue.MapValue decoded = assertTimeoutPreemptively(
        HANG_GUARD, () -> (CborValue.MapValue) CborDecoder.decodeOne(map));
    assertEquals(n, decoded.size());
    // The same keys as a set, and once more with the last key repeated.
    ByteArrayOutputStream set = new ByteArrayOutputStream();
    CborEncoder.writeHead(set, CborEncoder.MAJOR_TAG, CborEncoder.TAG_SET);
    CborEncoder.writeHead(set, CborEncoder.MAJOR_ARRAY, n + 1);
    for (long i = 1; i <= n; i++) {
      CborEncoder.encode(CborValue.of(i << 32 | i), set);
    }
    CborEncoder.encode(CborValue.of((long) n << 32 | n), set);
    assertEquals(Requirement.CBOR_NO_DUPLICATES, assertTimeoutPreemptively(HANG_GUARD,
        () -> assertThrows(ProtocolException.class, () -> CborDecoder.decodeAll(set.toByteArray())).requirement()));
  }

  @Test
  void manyTextKeysWithOneHashCode() {
    // "Aa" and "BB" have one String.hashCode, so every string of 16 such pairs has one too.
    int n = 1 << 16;
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    CborEncoder.writeHead(in, CborEncoder.MAJOR_MAP, n);
    for (int i = 0; i < n; i++) {
      StringBuilder key = new StringBuilder();
      for (int bit = 0; bit < 16; bit++) {
        key.append((i >>> bit & 1) == 0 ? "Aa" : "BB");
      }
      CborEncoder.encode(CborValue.text(key.toString()), in);
      in.write(0);
    }
    byte[] map = in.toByteArray();
    assertEquals(n, assertTimeoutPreemptively(HANG_GUARD, () -> (CborValue.MapValue) CborDecoder.decodeOne(map)).size());
  }

  @Test
  void keysNestedDeeperThanARecursionCouldFollow() throws ProtocolException {
    // Two keys of 100 000 nested arrays each, the innermost items 0 and 1; then the same with the
    // innermost items equal. Comparing them must neither recurse nor give up.
    int n = 100_000;
    CborLimits deep = new CborLimits(n + 2, 4 * n, 16);
    byte[] distinct = deepKeys(n, 0, 1);
    assertEquals(1, CborDecoder.decodeAll(ByteBuffer.wrap(distinct), deep).size());
    byte[] repeated = deepKeys(n, 0, 0);
    assertEquals(Requirement.CBOR_NO_DUPLICATES,
        assertThrows(ProtocolException.class, () -> CborDecoder.decodeAll(ByteBuffer.wrap(repeated), deep)).requirement());
  }

  /** {@code {[[...[a]...]]: 0, [[...[b]...]]: 0}}, each key {@code n} arrays deep. */
  private static byte[] deepKeys(int n, int a, int b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xa2);
    for (int item : new int[] {a, b}) {
      for (int i = 0; i < n; i++) {
        out.write(0x81);
      }
      out.write(item);
      out.write(0);
    }
    return out.toByteArray();
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
