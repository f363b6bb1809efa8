package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Random;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameEncoder;
import org.framewire.spec.ProtocolException;

/**
 * Jazzer target for {@link FrameDecoder} (SPEC §3, FRAME-1..6): arbitrary bytes fed in arbitrary
 * chunks. Under plain {@code mvn test} it replays the committed corpus in {@code
 * src/test/resources/org/framewire/fuzz/FrameDecoderFuzzTestInputs/decode/}; with {@code
 * JAZZER_FUZZ=1} it fuzzes. The only permitted failure is a {@link ProtocolException}; every decoded
 * frame must respect the decoder's frame-size limit, re-encode to exactly the bytes it came from,
 * and the decoder never yields more payload than it was fed.
 */
class FrameDecoderFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void decode(FuzzedDataProvider data) {
    long chunkSeed = data.consumeLong();
    int maxFrameSize = data.consumeBoolean() ? FrameDecoder.DEFAULT_MAX_FRAME_SIZE : data.consumeInt(0, 300);
    byte[] input = data.consumeRemainingAsBytes();
    FrameDecoder decoder = new FrameDecoder(FrameDecoder.Options.DEFAULTS.withMaxFrameSize(maxFrameSize));
    Random chunks = new Random(chunkSeed);
    int offset = 0;
    long decodedBytes = 0;
    try {
      while (offset < input.length) {
        int n = 1 + chunks.nextInt(Math.min(input.length - offset, 1 + chunks.nextInt(64)));
        // copy the chunk so a decoder that keeps a reference past next() == null is caught
        byte[] chunk = java.util.Arrays.copyOfRange(input, offset, offset + n);
        offset += n;
        decoder.feed(ByteBuffer.wrap(chunk));
        Frame f;
        while ((f = decoder.next()) != null) {
          int payload = f.payload().remaining();
          assertTrue(payload <= maxFrameSize, "payload " + payload + " over limit " + maxFrameSize);
          decodedBytes += FrameEncoder.encodedSize(f);
          assertTrue(decodedBytes <= offset, "decoded more bytes than fed");
          byte[] again = FrameEncoder.encode(f);
          int start = (int) decodedBytes - again.length;
          assertTrue(
              java.util.Arrays.equals(again, 0, again.length, input, start, start + again.length),
              "re-encoding differs from the input bytes");
        }
      }
      decoder.endOfInput();
      assertTrue(decodedBytes == input.length, "clean end of input with undecoded bytes");
    } catch (ProtocolException expected) {
      // typed rejection of peer input: the permitted outcome
    }
  }
}
