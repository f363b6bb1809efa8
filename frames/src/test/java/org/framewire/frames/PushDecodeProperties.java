package org.framewire.frames;

import org.framewire.spec.ProtocolException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

/**
 * The push-style path {@link FrameDecoder#decode(ByteBuffer, FrameSink)} (SPEC.md §2.5) decodes
 * exactly what the pull path does, with the same errors, however the input is split; and {@link
 * FrameEncoder#encode(int, int, int, int, int, ByteBuffer, ByteBuffer)} writes what the frame
 * encoder writes.
 */
class PushDecodeProperties {

  private final FrameCodecProperties arbitraries = new FrameCodecProperties();

  @Provide
  Arbitrary<byte[]> hostileBytes() {
    return arbitraries.hostileBytes();
  }

  @Provide
  Arbitrary<List<Integer>> splits() {
    return arbitraries.splits();
  }

  @Provide
  Arbitrary<FrameDecoder.Options> options() {
    return arbitraries.options();
  }

  @Provide
  Arbitrary<List<Frame>> frameSequences() {
    return arbitraries.frameSequences();
  }

  @Property(tries = 500)
  void pushDecodesWhatPullDecodes(
      @ForAll("hostileBytes") byte[] bytes,
      @ForAll("splits") List<Integer> split,
      @ForAll("options") FrameDecoder.Options options) {
    assertEquals(FrameCodecProperties.decodeSplit(bytes, split, options), decodeSplitPush(bytes, split, options));
  }

  @Property(tries = 200)
  void relayThroughPrimitiveEncodeReproducesTheBytes(@ForAll("frameSequences") List<Frame> frames)
      throws ProtocolException {
    byte[] wire = FrameCodecProperties.concat(frames);
    ByteBuffer out = ByteBuffer.allocate(wire.length);
    new FrameDecoder(FrameDecoder.Options.DEFAULTS.withMaxFrameSize(FrameHeader.MAX_PAYLOAD_LENGTH))
        .decode(ByteBuffer.wrap(wire), (r, s, sf, t, f, p) -> FrameEncoder.encode(r, s, sf, t, f, p, out));
    assertEquals(ByteBuffer.wrap(wire), out.flip());
  }

  @Test
  void theSinkGetsOneReusedReadOnlyViewPerFedBuffer() throws ProtocolException {
    byte[] wire = FrameCodecProperties.concat(List.of(
        FrameDecoderTest.HELLO, Frame.of(1, 1, 0, FrameType.COMMAND_RESPONSE, FrameType.FLAG_EOS, new byte[] {'a', 'b'})));
    List<ByteBuffer> views = new ArrayList<>();
    List<String> payloads = new ArrayList<>();
    int n = new FrameDecoder().decode(ByteBuffer.wrap(wire), (r, s, sf, t, f, p) -> {
      views.add(p);
      assertTrue(p.isReadOnly());
      byte[] b = new byte[p.remaining()];
      p.get(b);
      payloads.add(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
    });
    assertEquals(2, n);
    assertSame(views.get(0), views.get(1));
    assertEquals("ab", payloads.get(1));
  }

  @Test
  void primitiveEncodeRejectsOutOfRangeFields() {
    ByteBuffer dst = ByteBuffer.allocate(64);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> FrameEncoder.encode(0x10000, 1, 0, 2, 0, ByteBuffer.allocate(0), dst));
    assertEquals(0, dst.position());
  }

  /** {@link FrameCodecProperties#decodeSplit} through the push path: one reused buffer, refilled. */
  static FrameCodecProperties.Outcome decodeSplitPush(byte[] bytes, List<Integer> split, FrameDecoder.Options options) {
    FrameDecoder decoder = new FrameDecoder(options);
    ByteBuffer buffer = ByteBuffer.allocate(Math.max(1, bytes.length));
    List<Frame> frames = new ArrayList<>();
    FrameSink sink = FrameSink.of(frames::add);
    try {
      int at = 0;
      int turn = 0;
      while (at < bytes.length) {
        int n = Math.min(split.get(turn++ % split.size()), bytes.length - at);
        buffer.clear();
        buffer.put(bytes, at, n).flip();
        at += n;
        decoder.decode(buffer, sink);
        assertTrue(!buffer.hasRemaining(), "decode consumes the whole buffer");
        java.util.Arrays.fill(buffer.array(), (byte) 0x5A);
      }
      decoder.endOfInput();
      assertTrue(decoder.isIdle());
      return new FrameCodecProperties.Outcome(frames, null);
    } catch (ProtocolException e) {
      return new FrameCodecProperties.Outcome(frames, e.requirement());
    } catch (Throwable t) {
      fail("decoding raised something other than a ProtocolException: " + t, t);
      throw new AssertionError(t);
    }
  }
}
