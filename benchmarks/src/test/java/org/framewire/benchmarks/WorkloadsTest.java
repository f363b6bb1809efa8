package org.framewire.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.List;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameType;
import org.framewire.streams.encoding.EncodingProfiles;
import org.junit.jupiter.api.Test;

/** The benchmarks' inputs are what their Javadoc says (no benchmark is run here). */
class WorkloadsTest {

  @Test
  void bothCodecsSeeTheSamePayloads() throws Exception {
    for (String s : Payloads.SIZES) {
      int size = Integer.parseInt(s);
      List<Frame> frames = FrameDecoder.decodeAll(Payloads.framewireWire(size, Payloads.FRAMES), 65535);
      assertEquals(Payloads.FRAMES, frames.size());
      ByteBuf http2 = Payloads.http2Wire(size, Payloads.FRAMES);
      assertEquals(Payloads.FRAMES * (Payloads.HTTP2_HEADER_LENGTH + size), http2.readableBytes());
      for (int i = 0; i < Payloads.FRAMES; i++) {
        Frame f = frames.get(i);
        assertEquals(FrameType.COMMAND_RESPONSE, f.type());
        int at = i * (Payloads.HTTP2_HEADER_LENGTH + size);
        assertEquals(size, http2.getUnsignedMedium(at));
        assertEquals(Payloads.HTTP2_STREAM_ID, http2.getInt(at + 5));
        byte[] theirs = new byte[size];
        http2.getBytes(at + Payloads.HTTP2_HEADER_LENGTH, theirs);
        assertEquals(ByteBuffer.wrap(theirs), f.payload());
      }
      http2.release();
    }
  }

  @Test
  void corpusIsDeterministicAndAboutOneKilobytePerResponse() {
    assertEquals(Corpus.RESPONSES, Corpus.responses().size());
    long total = Corpus.totalBytes();
    assertTrue(total > 700L * Corpus.RESPONSES && total < 1300L * Corpus.RESPONSES, "corpus of " + total + " bytes");
    // the generator and seed as they were: the first response starts with a 10-entry map
    assertEquals((byte) 0xaa, Corpus.responses().get(0)[0]);
  }

  @Test
  void compressionSizesOrderTheStrategies() {
    CompressionSizes.Sizes zstd = CompressionSizes.measure(EncodingProfiles.ZSTD_8MB);
    assertTrue(zstd.identity() > zstd.perFrame(), zstd.toString());
    assertTrue(zstd.perRequest() > zstd.oneStream(), zstd.toString());
    assertTrue(zstd.contextSpanGain() >= 1.4, zstd.toString());
    assertTrue(zstd.flushEachValue() > zstd.flushOnce(), "a flush point costs bytes: " + zstd);
    System.out.println("flush cost, zstd-8mb: " + zstd.flushEachValue() + " / " + zstd.flushOnce() + " = "
        + zstd.flushCost());
  }

  @Test
  void flushingEveryValueCostsNothingUnencodedButFrames() {
    // identity: the same payload bytes either way, only more frame headers (at most one frame per value)
    long each = CompressionSizes.oneResponse(EncodingProfiles.IDENTITY, true);
    long once = CompressionSizes.oneResponse(EncodingProfiles.IDENTITY, false);
    assertTrue(each > once && each - once <= 8L * Corpus.RESPONSES, each + " vs " + once);
    long zlibEach = CompressionSizes.oneResponse(EncodingProfiles.ZLIB, true);
    long zlibOnce = CompressionSizes.oneResponse(EncodingProfiles.ZLIB, false);
    System.out.println("flush cost, zlib: " + zlibEach + " / " + zlibOnce + " = " + (double) zlibEach / zlibOnce);
    assertTrue(zlibEach > zlibOnce);
  }

  @Test
  void sessionResponseHasTheDocumentedSize() {
    assertEquals(SessionWorkload.RESPONSE_CBOR_BYTES, org.framewire.cbor.CborEncoder.encode(SessionWorkload.RESPONSE).length);
  }

  @Test
  void sessionWorkloadCompletesACycle() {
    SessionCycleBenchmark b = new SessionCycleBenchmark();
    b.setUp();
    assertTrue(b.cycle() instanceof org.framewire.session.ClientEvent.ResponseComplete);
  }
}
