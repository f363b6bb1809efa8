package org.framewire.streams.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The zstd encoder coalesces small inputs in its staging buffer (see {@link ZstdEncoder}); the
 * stream contract must not notice: a flush still makes every byte fed so far decodable (ENC-4),
 * staged input is never lost or reordered around a large input, and callers may reuse their
 * buffers as soon as {@code encode} returns.
 */
class ZstdCoalescingTest {

  private static final int SMALL = ZstdEncoder.COALESCE_LIMIT;

  @Test
  void smallInputsAreHeldUntilTheFlushWhichMakesThemAllDecodable() throws Exception {
    try (ContentEncoder enc = EncodingProfiles.ZSTD_8MB.newEncoder();
        ContentDecoder dec = EncodingProfiles.ZSTD_8MB.newDecoder(List.of())) {
      ByteArrayOutputStream fed = new ByteArrayOutputStream();
      ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
      byte[] reused = new byte[100];
      for (int i = 0; i < 20; i++) {
        java.util.Arrays.fill(reused, (byte) i);
        enc.encode(ByteBuffer.wrap(reused), dst);
        fed.writeBytes(reused); // the caller's buffer changes right after encode returns
      }
      assertEquals(0, dst.position(), "small inputs produce nothing before the flush");
      assertTrue(enc.flush(dst));
      assertTrue(dst.position() > 0);
      assertArrayEquals(fed.toByteArray(), decode(dec, dst.flip()), "everything fed so far decodes after the flush");
    }
  }

  @Test
  void stagedBytesGoBeforeALargeInputAndAroundMemberEnds() throws Exception {
    byte[] small = ContentCodecProperties.data(1, SMALL);
    byte[] large = ContentCodecProperties.data(2, SMALL + 1);
    byte[] tiny = ContentCodecProperties.data(3, 7);
    try (ContentEncoder enc = EncodingProfiles.ZSTD_8MB.newEncoder();
        ContentDecoder dec = EncodingProfiles.ZSTD_8MB.newDecoder(List.of())) {
      ByteBuffer dst = ByteBuffer.allocate(256 * 1024);
      enc.encode(ByteBuffer.wrap(small), dst);
      enc.encode(ByteBuffer.wrap(large).asReadOnlyBuffer(), dst); // above the limit: not staged behind
      enc.encode(ByteBuffer.wrap(tiny), dst);
      assertTrue(enc.endMember(dst));
      enc.encode(ByteBuffer.wrap(tiny), dst);
      assertTrue(enc.flush(dst));
      ByteArrayOutputStream want = new ByteArrayOutputStream();
      want.writeBytes(small);
      want.writeBytes(large);
      want.writeBytes(tiny);
      want.writeBytes(tiny);
      assertArrayEquals(want.toByteArray(), decode(dec, dst.flip()));
    }
  }

  @Test
  void aFullStagingBufferGoesToZstdAndTakesTheNextInputAfterIt() throws Exception {
    int chunks = Profiles.STAGING_SIZE / SMALL * 3 + 1;
    try (ContentEncoder enc = EncodingProfiles.ZSTD_8MB.newEncoder();
        ContentDecoder dec = EncodingProfiles.ZSTD_8MB.newDecoder(List.of())) {
      ByteArrayOutputStream fed = new ByteArrayOutputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < chunks; i++) {
        byte[] chunk = ContentCodecProperties.data(10 + i, SMALL - i % 3);
        fed.writeBytes(chunk);
        ByteBuffer src = ByteBuffer.wrap(chunk);
        do {
          ByteBuffer dst = ByteBuffer.allocate(7); // output room runs out mid-staging too
          enc.encode(src, dst);
          out.write(dst.array(), 0, dst.position());
        } while (src.hasRemaining());
      }
      boolean done;
      do {
        ByteBuffer dst = ByteBuffer.allocate(5);
        done = enc.flush(dst);
        out.write(dst.array(), 0, dst.position());
      } while (!done);
      assertFalse(out.size() == 0);
      assertArrayEquals(fed.toByteArray(), decode(dec, ByteBuffer.wrap(out.toByteArray())));
    }
  }

  private static byte[] decode(ContentDecoder dec, ByteBuffer wire) throws Exception {
    ByteArrayOutputStream decoded = new ByteArrayOutputStream();
    while (true) {
      ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
      dec.decode(wire, dst);
      decoded.write(dst.array(), 0, dst.position());
      if (dst.hasRemaining() && !wire.hasRemaining()) {
        return decoded.toByteArray();
      }
    }
  }
}
