package org.framewire.streams.encoding;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.nio.ByteBuffer;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;

/**
 * The {@code zstd-8mb} decoder: one {@link ZstdDecompressCtx} driven through {@code
 * ZSTD_decompressStream} for the whole stream, with {@code ZSTD_d_windowLogMax} set so that a
 * frame needing a larger window fails before its window is allocated. zstd reads one frame (a
 * member) after another by itself. Input zstd-jni cannot read in place (a read-only heap buffer,
 * as frame payloads are) passes through a staging buffer: one copy of the compressed bytes.
 */
final class ZstdDecoder implements ContentDecoder {

  private final ZstdDecompressCtx dctx;
  private final ByteBuffer empty = ByteBuffer.allocate(0);
  /** Compressed bytes taken from a read-only input and not yet consumed by zstd; read mode. */
  private ByteBuffer staging;
  private boolean closed;

  ZstdDecoder(int maxWindowLog) {
    dctx = new ZstdDecompressCtx();
    try {
      dctx.setLongMax(maxWindowLog);
    } catch (RuntimeException e) {
      dctx.close();
      throw e;
    }
  }

  @Override
  public void decode(ByteBuffer src, ByteBuffer dst) throws ProtocolException {
    Profiles.ensureOpen(closed, "decoder");
    try {
      while (dst.hasRemaining()) {
        ByteBuffer in;
        if (staging != null && staging.hasRemaining()) {
          in = staging;
        } else if (Profiles.nativeReadable(src)) {
          in = src;
        } else if (src.hasRemaining()) {
          if (staging == null) {
            staging = ByteBuffer.allocate(Profiles.STAGING_SIZE);
          }
          Profiles.stage(src, staging);
          in = staging;
        } else {
          in = empty;
        }
        int inBefore = in.remaining();
        int outBefore = dst.remaining();
        dctx.decompressByteBufferStream(dst, in);
        if (in.remaining() == inBefore && dst.remaining() == outBefore) {
          // Room in dst and no progress: all input consumed and all output delivered.
          break;
        }
      }
    } catch (ZstdException e) {
      throw translate(e);
    }
  }

  private static ProtocolException translate(ZstdException e) {
    // zstd-jni reports streaming errors as negated codes and one-shot errors as positive ones.
    long code = Math.abs(e.getErrorCode());
    if (code == Zstd.errFrameParameterWindowTooLarge()) {
      return new ProtocolException(
          Requirement.ENC_ZSTD_WINDOW, "zstd frame needs a window above 8 MiB", e);
    }
    return new ProtocolException(Requirement.ENC_CORRUPT, "invalid zstd data: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      dctx.close();
    }
  }
}
