package org.framewire.cbor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.framewire.frames.ProtocolException;
import org.framewire.spec.Requirement;

/** CBOR-1 (SPEC.md §5) as properties: round trips, arbitrary splits, garbage, truncation. */
class CborDecoderProperties {

  @Provide
  Arbitrary<CborValue> values() {
    return CborArbitraries.values();
  }

  @Provide
  Arbitrary<List<CborValue>> sequences() {
    return CborArbitraries.values().list().ofMinSize(1).ofMaxSize(4);
  }

  private static byte[] encodeAll(List<CborValue> values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    values.forEach(v -> CborEncoder.encode(v, out));
    return out.toByteArray();
  }

  /** Feeds {@code data} in chunks of random sizes (1 byte or more), collecting the values. */
  static List<CborValue> decodeSplit(byte[] data, long seed, int maxChunk) throws ProtocolException {
    Random random = new Random(seed);
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    List<CborValue> out = new ArrayList<>();
    int at = 0;
    while (at < data.length) {
      int n = Math.min(data.length - at, 1 + random.nextInt(maxChunk));
      // A fresh array per chunk, overwritten after the feed: the decoder must not keep it.
      byte[] chunk = new byte[n];
      System.arraycopy(data, at, chunk, 0, n);
      d.feed(chunk, 0, n);
      java.util.Arrays.fill(chunk, (byte) 0xff);
      at += n;
      for (CborValue v = d.poll(); v != null; v = d.poll()) {
        out.add(v);
      }
    }
    d.finish();
    return out;
  }

  @Property(tries = 400)
  void roundTrip(@ForAll("values") CborValue value) throws ProtocolException {
    byte[] encoded = CborEncoder.encode(value);
    CborValue decoded = CborDecoder.decodeOne(encoded);
    assertEquals(CborArbitraries.canonical(value), decoded);
    assertArrayEquals(encoded, CborEncoder.encode(decoded));
  }

  @Property(tries = 300)
  void anySplitDecodesTheSameValues(
      @ForAll("sequences") List<CborValue> values, @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int maxChunk)
      throws ProtocolException {
    byte[] encoded = encodeAll(values);
    List<CborValue> expected = values.stream().map(CborArbitraries::canonical).toList();
    assertEquals(expected, decodeSplit(encoded, seed, maxChunk));
    assertEquals(expected, decodeSplit(encoded, seed, 1));
    assertEquals(expected, CborDecoder.decodeAll(encoded));
  }

  @Property(tries = 300)
  void streamingDeliversTheSameBytesInAnySplit(
      @ForAll @Size(max = 6) List<@Size(max = 50) byte[]> chunks, @ForAll long seed) throws ProtocolException {
    CborValue.IndefiniteBytes value = new CborValue.IndefiniteBytes(chunks);
    byte[] encoded = encodeAll(List.of(CborValue.of(7), value, CborValue.of(8)));
    CborDecoder d = CborDecoder.streaming(CborLimits.DEFAULT);
    Random random = new Random(seed);
    List<CborEvent> events = new ArrayList<>();
    for (int at = 0; at < encoded.length; ) {
      int n = Math.min(encoded.length - at, 1 + random.nextInt(8));
      d.feed(encoded, at, n);
      at += n;
      for (CborEvent e = d.pollEvent(); e != null; e = d.pollEvent()) {
        events.add(e);
      }
    }
    d.finish();
    List<CborEvent> expected = new ArrayList<>();
    expected.add(new CborEvent.Item(CborValue.of(7)));
    expected.add(CborEvent.BYTES_START);
    chunks.forEach(c -> expected.add(new CborEvent.BytesChunk(c)));
    expected.add(CborEvent.BYTES_END);
    expected.add(new CborEvent.Item(CborValue.of(8)));
    assertEquals(expected, events);
  }

  @Property(tries = 1000)
  void garbageYieldsValuesOrAProtocolExceptionOnly(
      @ForAll @Size(max = 200) byte[] garbage, @ForAll long seed) {
    try {
      decodeSplit(garbage, seed, 16);
    } catch (ProtocolException e) {
      assertTrue(
          e.requirement() == Requirement.CBOR_WELL_FORMED || e.requirement() == Requirement.CBOR_LIMITS,
          e.requirement().id());
    } catch (Throwable t) {
      fail("garbage must give values or a ProtocolException, got " + t, t);
    }
  }

  @Property(tries = 300)
  void mutatedEncodingsYieldValuesOrAProtocolExceptionOnly(
      @ForAll("sequences") List<CborValue> values, @ForAll Random random) {
    byte[] input = encodeAll(values);
    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
      input[random.nextInt(input.length)] = (byte) random.nextInt(256);
    }
    try {
      decodeSplit(input, random.nextLong(), 16);
    } catch (ProtocolException e) {
      assertTrue(e.requirement() == Requirement.CBOR_WELL_FORMED || e.requirement() == Requirement.CBOR_LIMITS);
    } catch (Throwable t) {
      fail("a mutated encoding must give values or a ProtocolException, got " + t, t);
    }
  }

  @Property(tries = 300)
  void garbageAfterAValidPrefixIsHandledToo(
      @ForAll("values") CborValue value, @ForAll @Size(max = 64) byte[] garbage, @ForAll long seed) {
    byte[] valid = CborEncoder.encode(value);
    byte[] input = new byte[valid.length + garbage.length];
    System.arraycopy(valid, 0, input, 0, valid.length);
    System.arraycopy(garbage, 0, input, valid.length, garbage.length);
    try {
      List<CborValue> out = decodeSplit(input, seed, 16);
      assertEquals(CborArbitraries.canonical(value), out.get(0));
    } catch (ProtocolException e) {
      assertTrue(e.requirement() == Requirement.CBOR_WELL_FORMED || e.requirement() == Requirement.CBOR_LIMITS);
    } catch (Throwable t) {
      fail("expected values or a ProtocolException, got " + t, t);
    }
  }

  @Property(tries = 300)
  void truncationLeavesAPartialItem(@ForAll("values") CborValue value, @ForAll Random random) throws ProtocolException {
    byte[] encoded = CborEncoder.encode(value);
    int cut = random.nextInt(encoded.length); // 0 .. length-1 bytes kept
    CborDecoder d = new CborDecoder(CborLimits.DEFAULT);
    d.feed(ByteBuffer.wrap(encoded, 0, cut));
    assertNull(d.poll());
    assertEquals(cut > 0, d.hasPartial());
    if (cut > 0) {
      assertEquals(Requirement.CBOR_WELL_FORMED, assertThrows(ProtocolException.class, d::finish).requirement());
      assertEquals(
          Requirement.CBOR_WELL_FORMED,
          assertThrows(ProtocolException.class, () -> CborDecoder.decodeAll(ByteBuffer.wrap(encoded, 0, cut), CborLimits.DEFAULT)).requirement());
    }
  }

  @Provide
  Arbitrary<byte[]> bigStrings() {
    return Arbitraries.integers().between(0, 300_000).map(n -> {
      byte[] b = new byte[n];
      new Random(n).nextBytes(b);
      return b;
    });
  }

  @Property(tries = 20)
  void largeStringsSurviveAnySplit(@ForAll("bigStrings") byte[] data, @ForAll long seed) throws ProtocolException {
    CborValue value = CborValue.Array.of(new CborValue.Bytes(data), CborValue.of(1));
    assertEquals(List.of(value), decodeSplit(CborEncoder.encode(value), seed, 70_000));
  }
}
