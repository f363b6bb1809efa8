package org.framewire.streams.encoding;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import java.nio.ByteBuffer;

/**
 * The {@code zstd-8mb} encoder: one {@link ZstdCompressCtx} driven through {@code
 * ZSTD_compressStream2} for the whole stream. Input zstd-jni cannot read in place (a read-only
 * heap buffer) passes through a staging buffer.
 *
 * <p>Small inputs are coalesced: an input of at most {@value #COALESCE_LIMIT} bytes is appended to
 * the staging buffer instead of being handed to zstd at once, and the staged bytes go to zstd with
 * the next larger input, the next flush or member end, or when the staging buffer is full. A
 * response made of a status map and a few small values thus costs one call into zstd (its flush)
 * instead of one per value: each call crosses JNI and runs zstd's per-call bookkeeping, which costs
 * more than copying a few kilobytes, and zstd copies small inputs into its own window buffer
 * anyway ({@code ZSTD_e_continue} compresses nothing before a block fills). Output is unchanged
 * in content: the same bytes reach the same context in the same order, and {@link #flush} and
 * {@link #endMember} always consume the staged bytes (measured by {@code
 * zstd_stream_vs_raw_zstd_jni} in docs/benchmarks.md).
 */
final class ZstdEncoder implements ContentEncoder {

  /** Inputs up to this many bytes are coalesced in the staging buffer. */
  static final int COALESCE_LIMIT = 4096;

  private final ZstdCompressCtx cctx;
  private final ByteBuffer empty = ByteBuffer.allocate(0);
  /** Bytes taken from a caller's read-only buffer and not yet consumed by zstd; read mode. */
  private ByteBuffer staging;
  private boolean closed;

  ZstdEncoder(int level, int windowLog) {
    cctx = new ZstdCompressCtx();
    try {
      cctx.setLevel(level).setWindowLog(windowLog).setChecksum(false);
    } catch (RuntimeException e) {
      cctx.close();
      throw e;
    }
  }

  @Override
  public void encode(ByteBuffer src, ByteBuffer dst) {
    ensureOpen();
    if (coalesce(src)) {
      return;
    }
    while (dst.hasRemaining()) {
      if (staging != null && staging.hasRemaining()) {
        compress(dst, staging, EndDirective.CONTINUE);
      } else if (!src.hasRemaining()) {
        // All input consumed: drain what the context holds for dst, then stop.
        cctx.compressByteBufferStream(dst, empty, EndDirective.CONTINUE);
        return;
      } else if (Profiles.nativeReadable(src)) {
        compress(dst, src, EndDirective.CONTINUE);
        if (!src.hasRemaining()) {
          // ZSTD_e_continue returns with room left in dst only once it holds no pending output:
          // no drain call is needed (one JNI call less per chunk; see benchmarks/ZstdStreamBenchmark).
          return;
        }
      } else {
        if (staging == null) {
          staging = ByteBuffer.allocate(Profiles.STAGING_SIZE);
        }
        Profiles.stage(src, staging);
      }
    }
  }

  @Override
  public boolean flush(ByteBuffer dst) {
    return drive(dst, EndDirective.FLUSH);
  }

  @Override
  public boolean endMember(ByteBuffer dst) {
    return drive(dst, EndDirective.END);
  }

  private boolean drive(ByteBuffer dst, EndDirective directive) {
    ensureOpen();
    ByteBuffer in = staging != null && staging.hasRemaining() ? staging : empty;
    while (dst.hasRemaining()) {
      boolean done = cctx.compressByteBufferStream(dst, in, directive);
      if (done && !in.hasRemaining()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Appends a small {@code src} to the staging buffer when it fits behind the bytes staged so far
   * (which must start at the buffer's beginning: none consumed yet); consumes it and returns true.
   */
  private boolean coalesce(ByteBuffer src) {
    int n = src.remaining();
    if (n == 0 || n > COALESCE_LIMIT) {
      return false;
    }
    if (staging == null) {
      staging = ByteBuffer.allocate(Profiles.STAGING_SIZE).flip();
    } else if (!staging.hasRemaining()) {
      staging.clear().flip();
    }
    int end = staging.limit();
    if (staging.position() != 0 || staging.capacity() - end < n) {
      return false;
    }
    staging.limit(end + n);
    staging.put(end, src, src.position(), n);
    src.position(src.limit());
    return true;
  }

  /** One call that must make progress while {@code dst} has room. */
  private void compress(ByteBuffer dst, ByteBuffer in, EndDirective directive) {
    int inBefore = in.remaining();
    int outBefore = dst.remaining();
    cctx.compressByteBufferStream(dst, in, directive);
    if (in.remaining() == inBefore && dst.remaining() == outBefore) {
      throw new IllegalStateException("zstd made no progress with input and output room");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      cctx.close();
    }
  }

  private void ensureOpen() {
    Profiles.ensureOpen(closed, "encoder");
  }
}
