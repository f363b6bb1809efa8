package org.framewire.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.framewire.streams.encoding.ContentEncoder;

/** Runs bytes through a stream's {@link ContentEncoder} into an array (SPEC.md §4.3). */
final class EncoderPipe {

  private EncoderPipe() {}

  /**
   * The encoder's output for {@code input}, followed, when {@code flush}, by a flush point
   * (ENC-4) that makes everything fed so far decodable.
   */
  static byte[] encode(ContentEncoder encoder, byte[] input, boolean flush) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer src = ByteBuffer.wrap(input);
    ByteBuffer dst = ByteBuffer.allocate(16 * 1024);
    do {
      encoder.encode(src, dst);
      drain(dst, out);
    } while (src.hasRemaining());
    if (flush) {
      boolean done;
      do {
        done = encoder.flush(dst);
        drain(dst, out);
      } while (!done);
    }
    return out.toByteArray();
  }

  private static void drain(ByteBuffer dst, ByteArrayOutputStream out) {
    dst.flip();
    out.write(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
    dst.clear();
  }
}
