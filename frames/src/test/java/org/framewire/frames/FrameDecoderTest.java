package org.framewire.frames;

import org.framewire.spec.ProtocolException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FrameDecoder: SPEC.md §2, §2.4, §2.5; FRAME-2 to FRAME-6, zero copy, the feed/next contract. */
class FrameDecoderTest {

  static final Frame HELLO = Frame.of(1, 1, StreamFlags.BEGIN, FrameType.COMMAND_REQUEST, FrameType.FLAG_NEW,
      "hello".getBytes(StandardCharsets.US_ASCII));
  static final Frame EMPTY_EOS = Frame.empty(1, 2, StreamFlags.END, FrameType.COMMAND_RESPONSE, FrameType.FLAG_EOS);

  static byte[] concat(Frame... frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Frame f : frames) {
      out.writeBytes(f.toBytes());
    }
    return out.toByteArray();
  }

  static byte[] header(int length, int requestId, int streamId, int streamFlags, int type, int flags) {
    return new FrameHeader(length, requestId, streamId, streamFlags, type, flags).toBytes();
  }

  static List<Frame> drain(FrameDecoder d) throws ProtocolException {
    List<Frame> out = new ArrayList<>();
    for (Frame f; (f = d.next()) != null; ) {
      out.add(f);
    }
    return out;
  }

  static ProtocolException assertViolation(Requirement expected, Executable call) {
    ProtocolException e = assertThrows(ProtocolException.class, call);
    assertEquals(expected, e.requirement(), e.getMessage());
    return e;
  }

  @Nested
  class FeedAndNext {
    @Test
    void wholeFramesInOneBufferComeOutInOrder() throws Exception {
      FrameDecoder d = new FrameDecoder();
      d.feed(ByteBuffer.wrap(concat(HELLO, EMPTY_EOS, HELLO)));
      assertEquals(List.of(HELLO, EMPTY_EOS, HELLO), drain(d));
      assertTrue(d.isIdle());
    }

    @Test
    void nextConsumesExactlyOneFrameFromTheCallersBuffer() throws Exception {
      ByteBuffer in = ByteBuffer.wrap(concat(HELLO, EMPTY_EOS));
      FrameDecoder d = new FrameDecoder();
      d.feed(in);
      assertEquals(0, in.position(), "feed does not consume");
      assertEquals(HELLO, d.next());
      assertEquals(FrameEncoder.encodedSize(HELLO), in.position());
      assertEquals(EMPTY_EOS, d.next());
      assertFalse(in.hasRemaining());
      assertNull(d.next());
    }

    @Test
    void nullMeansEveryFedByteWasTakenEvenFromAPartialFrame() throws Exception {
      byte[] all = concat(HELLO, HELLO);
      ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(all, all.length - 3));
      FrameDecoder d = new FrameDecoder();
      d.feed(in);
      assertEquals(HELLO, d.next());
      assertNull(d.next());
      assertFalse(in.hasRemaining());
      assertFalse(d.isIdle());
      // The caller now reuses its buffer for the last 3 bytes; the partial frame was copied.
      in.clear();
      in.put(all, all.length - 3, 3).flip();
      d.feed(in);
      assertEquals(HELLO, d.next());
      assertTrue(d.isIdle());
    }

    @Test
    void severalBuffersFedBeforeDecodingAreReadInOrder() throws Exception {
      byte[] all = concat(HELLO, EMPTY_EOS, HELLO);
      FrameDecoder d = new FrameDecoder();
      d.feed(ByteBuffer.wrap(all, 0, 3));
      d.feed(ByteBuffer.wrap(all, 3, 0));
      d.feed(ByteBuffer.wrap(all, 3, 14));
      d.feed(ByteBuffer.wrap(all, 17, all.length - 17));
      assertEquals(List.of(HELLO, EMPTY_EOS, HELLO), drain(d));
    }

    @Test
    void headerSplitAtEveryByteBoundary() throws Exception {
      byte[] all = concat(HELLO);
      for (int cut = 0; cut <= all.length; cut++) {
        FrameDecoder d = new FrameDecoder();
        d.feed(ByteBuffer.wrap(all, 0, cut));
        if (cut < all.length) {
          assertNull(d.next(), "cut " + cut);
        }
        d.feed(ByteBuffer.wrap(all, cut, all.length - cut));
        assertEquals(List.of(HELLO), drain(d), "cut " + cut);
        d.endOfInput();
      }
    }

    @Test
    void everyByteFedAloneStillYieldsTheFrames() throws Exception {
      byte[] all = concat(HELLO, EMPTY_EOS, HELLO);
      FrameDecoder d = new FrameDecoder();
      List<Frame> out = new ArrayList<>();
      for (int i = 0; i < all.length; i++) {
        d.feed(ByteBuffer.wrap(all, i, 1));
        out.addAll(drain(d));
      }
      assertEquals(List.of(HELLO, EMPTY_EOS, HELLO), out);
    }

    @Test
    void emptyPayloadFrameNeedsNoPayloadInput() throws Exception {
      FrameDecoder d = new FrameDecoder();
      d.feed(ByteBuffer.wrap(EMPTY_EOS.toBytes()));
      Frame f = d.next();
      assertEquals(EMPTY_EOS, f);
      assertEquals(0, f.payload().remaining());
      assertTrue(d.isIdle());
    }

    @Test
    void idleOnlyBetweenFrames() throws Exception {
      FrameDecoder d = new FrameDecoder();
      assertTrue(d.isIdle());
      byte[] all = HELLO.toBytes();
      d.feed(ByteBuffer.wrap(all, 0, 10));
      assertFalse(d.isIdle(), "fed bytes wait");
      assertNull(d.next());
      assertFalse(d.isIdle(), "partial payload held");
      d.feed(ByteBuffer.wrap(all, 10, all.length - 10));
      assertNotNull(d.next());
      assertTrue(d.isIdle());
    }
  }

  @Nested
  class ZeroCopy {
    @Test
    void payloadOfAWholeFrameIsAViewOfTheInput() throws Exception {
      byte[] input = concat(HELLO);
      FrameDecoder d = new FrameDecoder();
      d.feed(ByteBuffer.wrap(input));
      Frame f = d.next();
      assertTrue(f.payload().isReadOnly());
      assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), f.payloadBytes());
      // Documented contract: the view shows the caller's bytes; changing them changes the frame.
      input[FrameHeader.SIZE] = 'j';
      assertArrayEquals("jello".getBytes(StandardCharsets.US_ASCII), f.payloadBytes());
    }

    @Test
    void copyDetachesAViewFromTheInput() throws Exception {
      byte[] input = concat(HELLO);
      Frame kept = FrameDecoder.decodeAll(input, 100).get(0).copy();
      Arrays.fill(input, (byte) 0);
      assertEquals(HELLO, kept);
    }

    @Test
    void payloadWhoseHeaderWasSplitIsStillAView() throws Exception {
      byte[] input = concat(HELLO);
      FrameDecoder d = new FrameDecoder();
      d.feed(ByteBuffer.wrap(input, 0, 5));
      assertNull(d.next());
      d.feed(ByteBuffer.wrap(input, 5, input.length - 5));
      Frame f = d.next();
      input[FrameHeader.SIZE + 4] = '!';
      assertArrayEquals("hell!".getBytes(StandardCharsets.US_ASCII), f.payloadBytes());
    }

    @Test
    void payloadSplitAcrossFeedsIsAssembledAndOwned() throws Exception {
      byte[] input = concat(HELLO);
      FrameDecoder d = new FrameDecoder();
      d.feed(ByteBuffer.wrap(input, 0, 10));
      assertNull(d.next());
      d.feed(ByteBuffer.wrap(input, 10, input.length - 10));
      Frame f = d.next();
      Arrays.fill(input, (byte) 0);
      assertEquals(HELLO, f, "an assembled payload does not depend on the input");
    }

    @Test
    void viewOfADirectBufferWorksToo() throws Exception {
      ByteBuffer direct = ByteBuffer.allocateDirect(64);
      direct.put(concat(HELLO, EMPTY_EOS)).flip();
      assertEquals(List.of(HELLO, EMPTY_EOS), FrameDecoder.decodeAll(direct, 100));
      assertEquals(0, direct.position(), "decodeAll leaves the caller's position alone");
    }
  }

  @Nested
  class HeaderChecks {
    @Test
    void lengthAboveTheMaximumIsRejectedFromTheHeaderAlone() throws Exception {
      FrameDecoder d = new FrameDecoder(FrameDecoder.Options.DEFAULTS.withMaxFrameSize(4));
      // Only the 8 header bytes: the check does not wait for (or buffer) the payload.
      d.feed(ByteBuffer.wrap(HELLO.header().toBytes()));
      assertViolation(Requirement.FRAME_MAX_SIZE, d::next);
    }

    @Test
    void lengthEqualToTheMaximumIsAccepted() throws Exception {
      assertEquals(List.of(HELLO), FrameDecoder.decodeAll(HELLO.toBytes(), 5));
      assertViolation(Requirement.FRAME_MAX_SIZE, () -> FrameDecoder.decodeAll(HELLO.toBytes(), 4));
    }

    @Test
    void splitHeaderIsCheckedWhenItsEighthByteArrives() throws Exception {
      byte[] h = header(1 << 20, 1, 1, 0, 2, 0);
      FrameDecoder d = new FrameDecoder();
      d.feed(ByteBuffer.wrap(h, 0, 3));
      assertNull(d.next());
      d.feed(ByteBuffer.wrap(h, 3, 5));
      assertViolation(Requirement.FRAME_MAX_SIZE, d::next);
    }

    @Test
    void maxFrameSizeZeroAcceptsOnlyEmptyFrames() throws Exception {
      assertEquals(List.of(EMPTY_EOS), FrameDecoder.decodeAll(EMPTY_EOS.toBytes(), 0));
      assertViolation(Requirement.FRAME_MAX_SIZE, () -> FrameDecoder.decodeAll(HELLO.toBytes(), 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 10, 11, 12, 13, 14, 15})
    void reservedTypesAreRejected(int type) {
      assertViolation(Requirement.FRAME_TYPE_KNOWN,
          () -> FrameDecoder.decodeAll(header(0, 1, 1, 0, type, 0), 100));
    }

    @Test
    void everyUndefinedStreamFlagBitIsRejected() {
      for (int bit = 0x08; bit <= 0x80; bit <<= 1) {
        int flags = StreamFlags.BEGIN | bit;
        assertViolation(Requirement.FRAME_STREAM_FLAGS_DEFINED,
            () -> FrameDecoder.decodeAll(header(0, 1, 1, flags, 2, FrameType.FLAG_EOS), 100));
      }
    }

    @Test
    void everyFlagBitUndefinedForItsTypeIsRejectedAndEveryDefinedOneAccepted() throws Exception {
      for (FrameType type : FrameType.values()) {
        for (int bit = 1; bit <= 8; bit <<= 1) {
          byte[] frame = header(0, 1, 1, 0, type.code(), bit);
          if ((type.definedFlags() & bit) != 0) {
            assertEquals(1, FrameDecoder.decodeAll(frame, 100).size(), type + " bit " + bit);
          } else {
            assertViolation(Requirement.FRAME_FLAGS_DEFINED, () -> FrameDecoder.decodeAll(frame, 100));
          }
        }
      }
    }

    @Test
    void checksRunInSpecOrder() {
      // length, type, stream flags, frame flags all wrong: FRAME-2 first ...
      assertViolation(Requirement.FRAME_MAX_SIZE, () -> FrameDecoder.decodeAll(header(200, 1, 1, 0xFF, 0, 0xF), 100));
      // ... then FRAME-3 ...
      assertViolation(Requirement.FRAME_TYPE_KNOWN, () -> FrameDecoder.decodeAll(header(0, 1, 1, 0xFF, 0, 0xF), 100));
      // ... then FRAME-5 ...
      assertViolation(Requirement.FRAME_STREAM_FLAGS_DEFINED,
          () -> FrameDecoder.decodeAll(header(0, 1, 1, 0xFF, 6, 0xF), 100));
      // ... then FRAME-4.
      assertViolation(Requirement.FRAME_FLAGS_DEFINED, () -> FrameDecoder.decodeAll(header(0, 1, 1, 0x07, 6, 0xF), 100));
    }

    @Test
    void withoutValidationReservedTypesAndFlagsPassButTheSizeLimitHolds() throws Exception {
      FrameDecoder.Options raw = new FrameDecoder.Options(100, false);
      byte[] odd = header(1, 0xFFFF, 0xFF, 0xFF, 0xF, 0xF);
      byte[] frame = Arrays.copyOf(odd, 9);
      List<Frame> frames = FrameDecoder.decodeAll(ByteBuffer.wrap(frame), raw);
      assertEquals(new FrameHeader(1, 0xFFFF, 0xFF, 0xFF, 0xF, 0xF), frames.get(0).header());
      assertNull(frames.get(0).type());
      assertViolation(Requirement.FRAME_MAX_SIZE,
          () -> FrameDecoder.decodeAll(ByteBuffer.wrap(header(101, 1, 1, 0, 2, 0)), raw));
    }
  }

  @Nested
  class Lengths {
    static byte[] frameOfLength(int length) {
      byte[] b = new byte[FrameHeader.SIZE + length];
      FrameHeader.of(length, 1, 1, 0, FrameType.COMMAND_DATA, FrameType.FLAG_CONTINUATION).writeTo(b, 0);
      for (int i = FrameHeader.SIZE; i < b.length; i++) {
        b[i] = (byte) (i * 31);
      }
      return b;
    }

    @Test
    void length65535FitsTheDefault() throws Exception {
      byte[] b = frameOfLength(0xFFFF);
      assertEquals(0xFFFF, FrameDecoder.DEFAULT_MAX_FRAME_SIZE);
      FrameDecoder d = new FrameDecoder();
      d.feed(ByteBuffer.wrap(b));
      Frame f = d.next();
      assertEquals(0xFFFF, f.header().payloadLength());
      assertArrayEquals(Arrays.copyOfRange(b, 8, b.length), f.payloadBytes());
    }

    @Test
    void length65536UsesTheThirdByteWithWeight65536() throws Exception {
      byte[] b = frameOfLength(0x10000);
      assertArrayEquals(new byte[] {0, 0, 1}, Arrays.copyOf(b, 3));
      FrameDecoder d = new FrameDecoder();
      d.feed(ByteBuffer.wrap(b));
      assertViolation(Requirement.FRAME_MAX_SIZE, d::next);
      FrameDecoder raised = new FrameDecoder(FrameDecoder.Options.DEFAULTS.withMaxFrameSize(0x10000));
      raised.feed(ByteBuffer.wrap(b));
      Frame f = raised.next();
      assertEquals(0x10000, f.header().payloadLength());
      assertArrayEquals(Arrays.copyOfRange(b, 8, b.length), f.payloadBytes());
    }

    @Test
    void largestLengthWithTheLimitRaisedToIt() throws Exception {
      byte[] b = frameOfLength(FrameHeader.MAX_PAYLOAD_LENGTH);
      FrameDecoder d = new FrameDecoder(FrameDecoder.Options.DEFAULTS.withMaxFrameSize(FrameHeader.MAX_PAYLOAD_LENGTH));
      // Fed in two halves: the assembled payload is allocated once at the declared length.
      int half = b.length / 2;
      d.feed(ByteBuffer.wrap(b, 0, half));
      assertNull(d.next());
      d.feed(ByteBuffer.wrap(b, half, b.length - half));
      Frame f = d.next();
      assertEquals(FrameHeader.MAX_PAYLOAD_LENGTH, f.header().payloadLength());
      assertEquals(ByteBuffer.wrap(b, 8, b.length - 8), f.payload());
    }

    @Test
    void optionsRejectLimitsTheHeaderCannotExpress() {
      assertThrows(IllegalArgumentException.class, () -> new FrameDecoder.Options(-1, true));
      assertThrows(IllegalArgumentException.class, () -> new FrameDecoder.Options(1 << 24, true));
      assertEquals(FrameHeader.MAX_PAYLOAD_LENGTH, new FrameDecoder.Options(0xFFFFFF, true).maxFrameSize());
    }
  }

  @Nested
  class Truncation {
    @Test
    void endInsideTheHeaderIsFrame6() throws Exception {
      for (int n = 1; n < FrameHeader.SIZE; n++) {
        FrameDecoder d = new FrameDecoder();
        d.feed(ByteBuffer.wrap(HELLO.toBytes(), 0, n));
        assertNull(d.next());
        assertViolation(Requirement.FRAME_TRUNCATED, d::endOfInput);
      }
    }

    @Test
    void endInsideThePayloadIsFrame6() throws Exception {
      byte[] all = HELLO.toBytes();
      for (int n = FrameHeader.SIZE; n < all.length; n++) {
        FrameDecoder d = new FrameDecoder();
        d.feed(ByteBuffer.wrap(all, 0, n));
        assertNull(d.next());
        assertViolation(Requirement.FRAME_TRUNCATED, d::endOfInput);
      }
    }

    @Test
    void endBetweenFramesIsClean() throws Exception {
      FrameDecoder d = new FrameDecoder();
      d.endOfInput();
      FrameDecoder e = new FrameDecoder();
      e.feed(ByteBuffer.wrap(concat(HELLO, EMPTY_EOS)));
      assertEquals(2, drain(e).size());
      e.endOfInput();
      assertNull(e.next());
      assertThrows(IllegalStateException.class, () -> e.feed(ByteBuffer.wrap(HELLO.toBytes())));
    }

    @Test
    void decodeAllReportsATrailingPartialFrame() {
      byte[] all = concat(HELLO, HELLO);
      assertViolation(Requirement.FRAME_TRUNCATED,
          () -> FrameDecoder.decodeAll(Arrays.copyOf(all, all.length - 1), 100));
    }

    @Test
    void endOfInputBeforeDrainingIsMisuse() throws Exception {
      FrameDecoder d = new FrameDecoder();
      d.feed(ByteBuffer.wrap(HELLO.toBytes()));
      assertThrows(IllegalStateException.class, d::endOfInput);
    }
  }

  @Nested
  class StickyFailure {
    @Test
    void everyCallAfterAFailureThrowsTheSameRequirement() throws Exception {
      FrameDecoder d = new FrameDecoder();
      byte[] bad = header(0, 1, 1, 0, 4, 0);
      d.feed(ByteBuffer.wrap(concat(HELLO)));
      d.feed(ByteBuffer.wrap(bad));
      d.feed(ByteBuffer.wrap(concat(HELLO)));
      assertEquals(HELLO, d.next());
      ProtocolException first = assertViolation(Requirement.FRAME_TYPE_KNOWN, d::next);
      assertSame(first, d.failure());
      assertFalse(d.isIdle());
      for (int i = 0; i < 3; i++) {
        assertViolation(Requirement.FRAME_TYPE_KNOWN, d::next);
        assertViolation(Requirement.FRAME_TYPE_KNOWN, () -> d.feed(ByteBuffer.wrap(HELLO.toBytes())));
        assertViolation(Requirement.FRAME_TYPE_KNOWN, d::endOfInput);
      }
    }

    @Test
    void truncationIsStickyToo() throws Exception {
      FrameDecoder d = new FrameDecoder();
      d.feed(ByteBuffer.wrap(HELLO.toBytes(), 0, 3));
      assertNull(d.next());
      assertViolation(Requirement.FRAME_TRUNCATED, d::endOfInput);
      assertViolation(Requirement.FRAME_TRUNCATED, d::next);
      assertViolation(Requirement.FRAME_TRUNCATED, d::endOfInput);
    }
  }
}
