package org.framewire.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.HexFormat;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/** FrameEncoder: SPEC.md §2.1 layout, FRAME-8 on the sending side, the allocation-free paths. */
class FrameEncoderTest {
  static final byte[] PAYLOAD = {1, 2, 3};
  static final Frame FRAME = Frame.of(3, 1, 0, FrameType.COMMAND_REQUEST,
      FrameType.FLAG_REQUEST_CONTINUATION | FrameType.FLAG_MORE, PAYLOAD);
  static final String HEX = "03000003000100160102" + "03";

  @Test
  void encodeWritesHeaderThenPayloadAndAdvancesOnlyTheDestination() {
    ByteBuffer dst = ByteBuffer.allocate(32);
    dst.put((byte) 0x7e);
    int payloadPosition = FRAME.payload().position();
    FrameEncoder.encode(FRAME, dst);
    assertEquals(1 + FrameEncoder.encodedSize(FRAME), dst.position());
    assertEquals(payloadPosition, FRAME.payload().position(), "the frame is untouched");
    byte[] written = new byte[FrameEncoder.encodedSize(FRAME)];
    dst.flip().position(1);
    dst.get(written);
    assertEquals(HEX, HexFormat.of().formatHex(written));
    assertArrayEquals(FRAME.toBytes(), written);
    assertArrayEquals(FRAME.toBytes(), FrameEncoder.encode(FRAME));
  }

  @Test
  void encodeIntoADirectBuffer() {
    ByteBuffer dst = ByteBuffer.allocateDirect(FrameEncoder.encodedSize(FRAME));
    FrameEncoder.encode(FRAME, dst);
    assertEquals(0, dst.remaining());
    byte[] b = new byte[dst.capacity()];
    dst.flip().get(b);
    assertArrayEquals(FRAME.toBytes(), b);
  }

  @Test
  void tooSmallADestinationGetsNothing() {
    ByteBuffer dst = ByteBuffer.allocate(FrameEncoder.encodedSize(FRAME) - 1);
    assertThrows(BufferOverflowException.class, () -> FrameEncoder.encode(FRAME, dst));
    assertEquals(0, dst.position());
    assertThrows(ReadOnlyBufferException.class,
        () -> FrameEncoder.encode(FRAME, ByteBuffer.allocate(64).asReadOnlyBuffer()));
  }

  @Test
  void headerScratchIsReusedAndFlipped() {
    ByteBuffer scratch = ByteBuffer.allocate(FrameHeader.SIZE);
    scratch.put((byte) 9);
    ByteBuffer h = FrameEncoder.header(FRAME, scratch);
    assertSame(scratch, h);
    assertEquals(0, h.position());
    assertEquals(FrameHeader.SIZE, h.limit());
    byte[] b = new byte[FrameHeader.SIZE];
    h.get(b);
    assertArrayEquals(FRAME.header().toBytes(), b);
    Frame other = Frame.empty(1, 2, StreamFlags.END, FrameType.COMMAND_RESPONSE, FrameType.FLAG_EOS);
    assertSame(scratch, FrameEncoder.header(other, scratch));
    assertEquals(ByteBuffer.wrap(other.header().toBytes()), scratch);
    assertThrows(IllegalArgumentException.class, () -> FrameEncoder.header(FRAME, ByteBuffer.allocate(7)));
  }

  @Test
  void gatherSharesThePayloadWithoutCopying() {
    byte[] payload = {1, 2, 3};
    Frame f = Frame.of(1, 1, 0, FrameType.COMMAND_DATA, FrameType.FLAG_EOS, payload);
    ByteBuffer[] parts = FrameEncoder.gather(f);
    assertEquals(2, parts.length);
    assertEquals(ByteBuffer.wrap(f.header().toBytes()), parts[0]);
    assertTrue(parts[1].isReadOnly());
    payload[0] = 42;
    assertEquals(42, parts[1].get(parts[1].position()), "a view of the frame's payload, not a copy");
    parts[1].position(parts[1].limit());
    assertEquals(3, f.payload().remaining(), "draining the view leaves the frame intact");
  }

  @Test
  void senderRefusesFramesAbovePeersMaximum() {
    assertSame(FRAME, FrameEncoder.checkFrameSize(FRAME, 3));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.checkFrameSize(FRAME, 2));
    assertTrue(e.getMessage().startsWith(Requirement.FRAME_SENDER_MAX_SIZE.id()));
    ByteBuffer dst = ByteBuffer.allocate(64);
    assertThrows(IllegalArgumentException.class, () -> FrameEncoder.encode(FRAME, dst, 2));
    assertEquals(0, dst.position());
    FrameEncoder.encode(FRAME, dst, 3);
    assertEquals(FrameEncoder.encodedSize(FRAME), dst.position());
  }

  /**
   * The hot paths allocate nothing per frame: encoding into a reused output buffer, and filling a
   * reused header scratch. Counted with the JVM's per-thread allocation counter over many frames,
   * so a single allocation per frame (16+ bytes each) could not hide under the threshold.
   */
  @Test
  void encodeAndHeaderScratchAllocateNothingPerFrame() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    ByteBuffer out = ByteBuffer.allocate(FrameEncoder.encodedSize(FRAME));
    ByteBuffer scratch = ByteBuffer.allocate(FrameHeader.SIZE);
    int frames = 20_000;
    for (int i = 0; i < frames; i++) {
      out.clear();
      FrameEncoder.encode(FRAME, out);
      FrameEncoder.header(FRAME, scratch);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < frames; i++) {
      out.clear();
      FrameEncoder.encode(FRAME, out);
      FrameEncoder.header(FRAME, scratch);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < frames, allocated + " bytes allocated for " + frames + " frames");
  }

  @Test
  void anyHeaderIsEncodableForTooling() {
    Frame raw = new Frame(new FrameHeader(1, 0xFFFF, 0xFF, 0xFF, 0xF, 0xF), ByteBuffer.wrap(new byte[] {0x78}));
    ByteBuffer dst = ByteBuffer.allocate(9);
    FrameEncoder.encode(raw, dst);
    assertEquals("010000ffffffffff78", HexFormat.of().formatHex(dst.array()));
  }
}
