package org.framewire.streams.encoding;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * The {@code zlib} encoder: one {@link Deflater} for the whole stream. {@link #endMember}
 * finishes the zlib stream for good: the profile has one member per stream (SPEC.md §4.2).
 *
 * <p>A {@code Z_SYNC_FLUSH} call that fills its output exactly makes zlib forget that it just
 * flushed, so the next call appends another empty stored block (up to 6 bytes). With an output
 * buffer smaller than that, a flush would never end. Flush calls therefore always give zlib at
 * least {@value #MIN_FLUSH_ROOM} bytes of room, through a small spill buffer when the caller's
 * is smaller; the spill is copied out on the following calls.
 */
final class ZlibEncoder implements ContentEncoder {

  /** Room that holds zlib's largest repeated flush marker with bytes to spare. */
  static final int MIN_FLUSH_ROOM = 64;

  private final Deflater deflater;
  private final ByteBuffer empty = ByteBuffer.allocate(0);
  /** Flush output that did not fit the caller's buffer; read mode. */
  private final ByteBuffer spill = ByteBuffer.allocate(MIN_FLUSH_ROOM).flip();
  private boolean flushing;
  /** The flush is complete except for the spill's remaining bytes. */
  private boolean flushSpilled;
  private boolean finishing;
  private boolean closed;

  ZlibEncoder(int level) {
    this.deflater = new Deflater(level, false);
  }

  @Override
  public void encode(ByteBuffer src, ByteBuffer dst) {
    ensureIdle();
    deflater.setInput(src);
    while (dst.hasRemaining()) {
      deflater.deflate(dst, Deflater.NO_FLUSH);
      if (dst.hasRemaining() && deflater.needsInput()) {
        break;
      }
    }
    deflater.setInput(empty);
  }

  @Override
  public boolean flush(ByteBuffer dst) {
    ensureOpen();
    if (finishing) {
      throw new IllegalStateException("the zlib stream is finished; nothing may follow it");
    }
    flushing = true;
    deflater.setInput(empty);
    while (true) {
      drainSpill(dst);
      if (spill.hasRemaining()) {
        return false;
      }
      if (flushSpilled) {
        flushSpilled = false;
        flushing = false;
        return true;
      }
      if (!dst.hasRemaining()) {
        return false;
      }
      // Deflater contract: the flush is complete once a call leaves room in its output.
      if (dst.remaining() >= MIN_FLUSH_ROOM) {
        int room = dst.remaining();
        if (deflater.deflate(dst, Deflater.SYNC_FLUSH) < room) {
          flushing = false;
          return true;
        }
      } else {
        spill.clear();
        int n = deflater.deflate(spill, Deflater.SYNC_FLUSH);
        spill.flip();
        flushSpilled = n < MIN_FLUSH_ROOM;
        // loop: the spill drains into dst, and the flush completes once it is empty
      }
    }
  }

  @Override
  public boolean endMember(ByteBuffer dst) {
    ensureOpen();
    if (flushing) {
      throw new IllegalStateException("flush() has not completed");
    }
    if (!finishing) {
      deflater.setInput(empty);
      deflater.finish();
      finishing = true;
    }
    while (!deflater.finished()) {
      if (!dst.hasRemaining()) {
        return false;
      }
      deflater.deflate(dst, Deflater.NO_FLUSH);
    }
    return true;
  }

  private void drainSpill(ByteBuffer dst) {
    if (spill.hasRemaining() && dst.hasRemaining()) {
      int n = Math.min(spill.remaining(), dst.remaining());
      ByteBuffer part = spill.slice();
      part.limit(n);
      dst.put(part);
      spill.position(spill.position() + n);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      deflater.end();
    }
  }

  private void ensureIdle() {
    ensureOpen();
    if (finishing) {
      throw new IllegalStateException("the zlib stream is finished; nothing may follow it");
    }
    if (flushing) {
      throw new IllegalStateException("flush() has not completed");
    }
  }

  private void ensureOpen() {
    Profiles.ensureOpen(closed, "encoder");
  }
}
