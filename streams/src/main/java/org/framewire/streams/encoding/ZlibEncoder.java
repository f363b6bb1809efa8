package org.framewire.streams.encoding;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/** The {@code zlib} encoder: one {@link Deflater} for the whole stream. */
final class ZlibEncoder implements ContentEncoder {

  private final Deflater deflater;
  private final ByteBuffer empty = ByteBuffer.allocate(0);
  private boolean finishing;
  private boolean closed;

  ZlibEncoder(int level) {
    this.deflater = new Deflater(level, false);
  }

  @Override
  public void encode(ByteBuffer src, ByteBuffer dst) {
    ensureOpen();
    if (finishing) {
      throw new IllegalStateException("endMember() has not completed");
    }
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
      throw new IllegalStateException("endMember() has not completed");
    }
    deflater.setInput(empty);
    // Deflater contract: a flush is complete once a call leaves room in the output buffer.
    while (dst.hasRemaining()) {
      int room = dst.remaining();
      int n = deflater.deflate(dst, Deflater.SYNC_FLUSH);
      if (n < room) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean endMember(ByteBuffer dst) {
    ensureOpen();
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
    deflater.reset();
    finishing = false;
    return true;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      deflater.end();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("encoder closed");
    }
  }
}
