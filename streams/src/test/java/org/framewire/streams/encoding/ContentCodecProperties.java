package org.framewire.streams.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Encoder and decoder contexts of every profile round-trip any input under any chunking of the
 * input, any output-buffer sizes (down to one byte, so every "buffer full, call again" path runs),
 * flushes at random points, member ends at random points (where the profile has members, else
 * only at the end), and input in heap, read-only heap and direct buffers.
 */
class ContentCodecProperties {

  @Provide
  Arbitrary<EncodingProfile> profiles() {
    return Arbitraries.of(
        EncodingProfiles.IDENTITY,
        EncodingProfiles.ZLIB,
        EncodingProfiles.ZSTD_8MB,
        new ZlibProfile(1),
        new ZstdProfile(1, 10),
        new ZstdProfile(19, 23));
  }

  /** Text-like data, runs and noise, so compressors take all their paths. */
  static byte[] data(long seed, int size) {
    Random rnd = new Random(seed);
    byte[] b = new byte[size];
    int i = 0;
    while (i < size) {
      int kind = rnd.nextInt(3);
      int run = Math.min(size - i, 1 + rnd.nextInt(400));
      for (int k = 0; k < run; k++, i++) {
        b[i] = switch (kind) {
          case 0 -> (byte) "the quick brown fox ".charAt(k % 20);
          case 1 -> (byte) 'z';
          default -> (byte) rnd.nextInt();
        };
      }
    }
    return b;
  }

  static ByteBuffer wrap(byte[] b, int off, int len, int kind) {
    return switch (kind) {
      case 0 -> ByteBuffer.wrap(b, off, len).slice();
      case 1 -> ByteBuffer.wrap(b, off, len).slice().asReadOnlyBuffer();
      default -> {
        ByteBuffer d = ByteBuffer.allocateDirect(len);
        d.put(b, off, len).flip();
        yield d;
      }
    };
  }

  @Property(tries = 100)
  void roundTrip(
      @ForAll("profiles") EncodingProfile profile,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 60_000) int size) throws Exception {
    Random rnd = new Random(seed);
    byte[] input = data(seed, size);
    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    try (ContentEncoder enc = profile.newEncoder()) {
      int off = 0;
      while (off < input.length) {
        int n = Math.min(input.length - off, 1 + rnd.nextInt(5000));
        ByteBuffer src = wrap(input, off, n, rnd.nextInt(3));
        off += n;
        do {
          ByteBuffer dst = ByteBuffer.allocate(1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 3000));
          enc.encode(src, dst);
          encoded.write(dst.array(), 0, dst.position());
        } while (src.hasRemaining());
        drainEncode(enc, rnd, encoded);
        int action = rnd.nextInt(6);
        if (action == 0) {
          drive(rnd, encoded, enc::flush);
        } else if (action == 1 && profile.supportsMembers()) {
          drive(rnd, encoded, enc::endMember);
        }
      }
      drive(rnd, encoded, enc::endMember);
    }

    byte[] wire = encoded.toByteArray();
    ByteArrayOutputStream decoded = new ByteArrayOutputStream();
    try (ContentDecoder dec = profile.newDecoder(List.of())) {
      int off = 0;
      while (off < wire.length) {
        int n = Math.min(wire.length - off, 1 + rnd.nextInt(2000));
        ByteBuffer src = wrap(wire, off, n, rnd.nextInt(3));
        off += n;
        while (true) {
          ByteBuffer dst = ByteBuffer.allocate(1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 4000));
          dec.decode(src, dst);
          decoded.write(dst.array(), 0, dst.position());
          if (dst.hasRemaining()) {
            break;
          }
        }
      }
    }
    assertArrayEquals(input, decoded.toByteArray());
  }

  /** After src is consumed, an encoder may still hold output for a full dst: drain it. */
  private static void drainEncode(ContentEncoder enc, Random rnd, ByteArrayOutputStream out) {
    ByteBuffer empty = ByteBuffer.allocate(0);
    while (true) {
      ByteBuffer dst = ByteBuffer.allocate(1 + rnd.nextInt(100));
      enc.encode(empty, dst);
      out.write(dst.array(), 0, dst.position());
      if (dst.hasRemaining()) {
        return;
      }
    }
  }

  interface Op {
    boolean run(ByteBuffer dst);
  }

  private static void drive(Random rnd, ByteArrayOutputStream out, Op op) {
    boolean done;
    do {
      ByteBuffer dst = ByteBuffer.allocate(1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 500));
      done = op.run(dst);
      out.write(dst.array(), 0, dst.position());
    } while (!done);
  }
}
