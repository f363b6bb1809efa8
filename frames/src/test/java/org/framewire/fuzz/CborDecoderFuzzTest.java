package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborEvent;
import org.framewire.cbor.CborLimits;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;
import org.framewire.frames.PythonLiteral;

/**
 * Jazzer targets for {@link CborDecoder} (SPEC §6, CBOR-*). {@link #unit} decodes a whole unit
 * under small limits; {@link #incremental} is differential: the same bytes fed in random chunks
 * to a fresh decoder must give the same items (as Python literals) or the same kind of failure as
 * the one-shot decode, and the streaming (event) decoder must accept exactly what the unit decoder
 * accepts. The only permitted failure is {@link ProtocolException}.
 */
class CborDecoderFuzzTest {

  /** Small limits so the fuzzer reaches the limit checks (CBOR-5) quickly. */
  static final CborLimits LIMITS = new CborLimits(16, 2_000, 4_096);

  @FuzzTest(maxDuration = "2m")
  void unit(byte[] input) {
    try {
      List<CborValue> values = CborDecoder.decodeAll(ByteBuffer.wrap(input), LIMITS);
      assertTrue(values.size() <= input.length, "more items than bytes");
      for (CborValue v : values) {
        PythonLiteral.format(v);
      }
    } catch (ProtocolException expected) {
      // typed rejection
    }
  }

  @FuzzTest(maxDuration = "2m")
  void incremental(FuzzedDataProvider data) {
    long seed = data.consumeLong();
    byte[] input = data.consumeRemainingAsBytes();
    List<String> oneShot = new ArrayList<>();
    boolean oneShotFailed = false;
    try {
      for (CborValue v : CborDecoder.decodeAll(ByteBuffer.wrap(input), LIMITS)) {
        oneShot.add(PythonLiteral.format(v));
      }
    } catch (ProtocolException e) {
      oneShotFailed = true;
    }

    Random chunks = new Random(seed);
    List<String> chunked = new ArrayList<>();
    boolean chunkedFailed = false;
    CborDecoder decoder = new CborDecoder(LIMITS);
    try {
      int off = 0;
      while (off < input.length) {
        int n = 1 + chunks.nextInt(Math.min(input.length - off, 16));
        decoder.feed(java.util.Arrays.copyOfRange(input, off, off + n), 0, n);
        off += n;
        CborValue v;
        while ((v = decoder.poll()) != null) {
          chunked.add(PythonLiteral.format(v));
        }
      }
      decoder.finish();
    } catch (ProtocolException e) {
      chunkedFailed = true;
    }
    assertEquals(oneShotFailed, chunkedFailed, "one-shot and chunked decoding disagree on failure");
    if (!oneShotFailed) {
      assertEquals(oneShot, chunked, "one-shot and chunked decoding disagree on items");
    }

    boolean streamingFailed = false;
    CborDecoder streaming = CborDecoder.streaming(LIMITS);
    try {
      int off = 0;
      while (off < input.length) {
        int n = 1 + chunks.nextInt(Math.min(input.length - off, 16));
        streaming.feed(java.util.Arrays.copyOfRange(input, off, off + n), 0, n);
        off += n;
        CborEvent e;
        while ((e = streaming.pollEvent()) != null) {
          assertTrue(e != null);
        }
      }
      streaming.finish();
    } catch (ProtocolException e) {
      streamingFailed = true;
    }
    if (!oneShotFailed) {
      assertEquals(false, streamingFailed, "streaming decoder rejects what the unit decoder accepts");
    }
  }
}
