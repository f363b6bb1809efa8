package org.framewire.conformance.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameHeader;

/**
 * An input stream that cuts the server's bytes into frames, lets a mutant rewrite, drop or add
 * frames, and hands the result to the client. Bytes of an incomplete frame at the end pass as they are.
 */
final class FrameFilter extends InputStream {
  /** What a mutant does to the frames. */
  interface Rewrite {
    List<Frame> frame(Frame f);

    default List<Frame> end() {
      return List.of();
    }
  }

  private final InputStream in;
  private final Rewrite rewrite;
  private byte[] raw = new byte[0];
  private byte[] ready = new byte[0];
  private int readyPos;
  private boolean ended;

  FrameFilter(InputStream in, Rewrite rewrite) {
    this.in = in;
    this.rewrite = rewrite;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (readyPos >= ready.length) {
      if (ended) {
        return -1;
      }
      fill();
    }
    int n = Math.min(len, ready.length - readyPos);
    System.arraycopy(ready, readyPos, b, off, n);
    readyPos += n;
    return n;
  }

  private void fill() throws IOException {
    byte[] buf = new byte[65536];
    int n = in.read(buf);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (n < 0) {
      ended = true;
      rewrite.end().forEach(f -> out.writeBytes(f.toBytes()));
      out.writeBytes(raw);
      raw = new byte[0];
    } else {
      raw = rewriteFrames(raw, buf, 0, n, rewrite, out);
    }
    ready = out.toByteArray();
    readyPos = 0;
  }

  /**
   * Cuts {@code held} followed by {@code n} bytes of {@code more} from {@code off} into frames, writes what
   * {@code rewrite} makes of each complete one to {@code out}, and returns the bytes of the incomplete
   * frame at the end: the {@code held} of the next call. Shared with {@link OutboundFrameFilter}.
   */
  static byte[] rewriteFrames(byte[] held, byte[] more, int off, int n, Rewrite rewrite, ByteArrayOutputStream out) {
    byte[] all = Arrays.copyOf(held, held.length + n);
    System.arraycopy(more, off, all, held.length, n);
    int pos = 0;
    while (all.length - pos >= FrameHeader.SIZE) {
      FrameHeader h = FrameHeader.parse(all, pos);
      if (all.length - pos - FrameHeader.SIZE < h.payloadLength()) {
        break;
      }
      byte[] payload = Arrays.copyOfRange(all, pos + FrameHeader.SIZE, pos + FrameHeader.SIZE + h.payloadLength());
      pos += FrameHeader.SIZE + h.payloadLength();
      for (Frame f : rewrite.frame(new Frame(h, ByteBuffer.wrap(payload)))) {
        out.writeBytes(f.toBytes());
      }
    }
    return Arrays.copyOfRange(all, pos, all.length);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
