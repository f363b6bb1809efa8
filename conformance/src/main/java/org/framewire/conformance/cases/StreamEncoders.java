package org.framewire.conformance.cases;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameHeader;
import org.framewire.streams.encoding.ContentEncoder;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;

/**
 * The suite's compression contexts while it plays one case: one {@link ContentEncoder} of the
 * streams module per stream id, kept across requests until a frame with {@code stream-end} is sent
 * on the stream (SPEC.md §4.3, {@code ENC-3}). Turns {@link Step.SendEncoded} steps into the frames
 * to send. Close it when the case ends: it frees the native contexts.
 */
public final class StreamEncoders implements AutoCloseable {

  private static final int STREAM_END = 0x2;
  private static final ByteBuffer ZEROS = ByteBuffer.allocate(64 << 10).asReadOnlyBuffer();

  private final Map<Integer, ContentEncoder> encoders = new HashMap<>();
  private final Map<Integer, String> names = new HashMap<>();

  /**
   * The frame to send for {@code step}: its header, with the payload replaced by what the stream's
   * context emits for it.
   *
   * @throws IllegalArgumentException when the stream already has a context of another profile
   */
  public Frame encode(Step.SendEncoded step) {
    Frame plain = step.frame();
    int sid = plain.streamId();
    String had = names.putIfAbsent(sid, step.encoding());
    if (had != null && !had.equals(step.encoding())) {
      throw new IllegalArgumentException("stream " + sid + " is encoded with " + had + ", not " + step.encoding());
    }
    ContentEncoder enc = encoders.computeIfAbsent(sid, k -> profile(step.encoding()).newEncoder());
    byte[] out = encode(enc, plain.payloadBytes(), step.zeros(), step.flush());
    FrameHeader h = plain.header();
    Frame f = new Frame(new FrameHeader(out.length, h.requestId(), sid, h.streamFlags(), h.typeCode(), h.flags()),
        ByteBuffer.wrap(out));
    sent(f);
    return f;
  }

  /** Notes a frame sent by any step: {@code stream-end} frees its stream's context. */
  public void sent(Frame f) {
    if ((f.streamFlags() & STREAM_END) != 0) {
      names.remove(f.streamId());
      ContentEncoder e = encoders.remove(f.streamId());
      if (e != null) {
        e.close();
      }
    }
  }

  private static EncodingProfile profile(String name) {
    return EncodingProfiles.defaults().find(name)
        .orElseThrow(() -> new IllegalArgumentException("unknown encoding profile " + name));
  }

  /**
   * Feeds {@code input} and then {@code zeros} zero bytes into {@code enc}, then flushes as {@code
   * flush} says, and returns everything the context emitted.
   */
  public static byte[] encode(ContentEncoder enc, byte[] input, long zeros, Step.Flush flush) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer dst = ByteBuffer.allocate(64 << 10);
    feed(enc, ByteBuffer.wrap(input), dst, out);
    for (long left = zeros; left > 0; ) {
      ByteBuffer z = ZEROS.duplicate();
      z.limit((int) Math.min(z.capacity(), left));
      left -= z.remaining();
      feed(enc, z, dst, out);
    }
    boolean done = flush == Step.Flush.NONE;
    while (!done) {
      done = flush == Step.Flush.SYNC ? enc.flush(dst) : enc.endMember(dst);
      drain(dst, out);
    }
    return out.toByteArray();
  }

  private static void feed(ContentEncoder enc, ByteBuffer src, ByteBuffer dst, ByteArrayOutputStream out) {
    while (src.hasRemaining()) {
      enc.encode(src, dst);
      drain(dst, out);
    }
  }

  private static void drain(ByteBuffer dst, ByteArrayOutputStream out) {
    dst.flip();
    out.write(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
    dst.clear();
  }

  @Override
  public void close() {
    encoders.values().forEach(ContentEncoder::close);
    encoders.clear();
    names.clear();
  }
}
