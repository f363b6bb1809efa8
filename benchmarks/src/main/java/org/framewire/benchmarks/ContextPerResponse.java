package org.framewire.benchmarks;

import com.github.luben.zstd.ZstdCompressCtx;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;
import org.framewire.streams.encoding.ContentDecoder;
import org.framewire.streams.encoding.ContentEncoder;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;
import org.framewire.streams.encoding.ZstdProfile;

/**
 * {@code zstd-8mb} with gRPC's compression model on a framewire stream: every response is its own
 * zstd frame, compressed with no history of the responses before it (SPEC.md §4.2: a zstd-8mb
 * stream is a sequence of members). Its encoder compresses each response whole into one member
 * when the real one would flush ({@code ENC-4}: the end of every response), so every response
 * starts with an empty window — a context per request, the same level and window — while everything else (framing, the stream, the
 * transport, the client's standard {@code zstd-8mb} decoder) is the same as the spanning profile.
 * For the benchmarks only: the comparison baseline of {@code pipeline_spanning_vs_per_request_*}.
 */
final class ContextPerResponse implements EncodingProfile {

  /** The server's registry: this profile under the name {@code zstd-8mb}, nothing else. */
  static final EncodingProfiles PROFILES = EncodingProfiles.of(new ContextPerResponse());

  private final EncodingProfile zstd = EncodingProfiles.ZSTD_8MB;

  @Override
  public String name() {
    return zstd.name();
  }

  @Override
  public List<CborValue> settingsValues() {
    return zstd.settingsValues();
  }

  @Override
  public boolean supportsMembers() {
    return true;
  }

  @Override
  public ContentEncoder newEncoder() {
    return new WholeResponseEncoder();
  }

  /**
   * Stages a response's bytes and compresses them in one call when the response flushes, as a
   * per-message compressor does: with the size known, zstd sizes its tables to the message instead
   * of to the 2 MiB window (the streaming API without a pledged size would clear 2 MiB-window
   * tables for every response, a cost the baseline does not need to pay).
   */
  private static final class WholeResponseEncoder implements ContentEncoder {
    private final ZstdCompressCtx cctx = new ZstdCompressCtx()
        .setLevel(ZstdProfile.DEFAULT_LEVEL).setWindowLog(ZstdProfile.DEFAULT_WINDOW_LOG).setChecksum(false);
    private byte[] staged = new byte[4096];
    private int stagedLength;
    private ByteBuffer pending;

    @Override
    public void encode(ByteBuffer src, ByteBuffer dst) {
      int n = src.remaining();
      if (stagedLength + n > staged.length) {
        staged = Arrays.copyOf(staged, Math.max(2 * staged.length, stagedLength + n));
      }
      src.get(staged, stagedLength, n);
      stagedLength += n;
    }

    @Override
    public boolean flush(ByteBuffer dst) {
      if (pending == null) {
        if (stagedLength == 0) {
          return true;
        }
        pending = ByteBuffer.wrap(cctx.compress(Arrays.copyOf(staged, stagedLength)));
        stagedLength = 0;
      }
      int n = Math.min(pending.remaining(), dst.remaining());
      dst.put(pending.array(), pending.position(), n);
      pending.position(pending.position() + n);
      if (pending.hasRemaining()) {
        return false;
      }
      pending = null;
      return true;
    }

    @Override
    public boolean endMember(ByteBuffer dst) {
      return flush(dst);
    }

    @Override
    public void close() {
      cctx.close();
    }
  }

  @Override
  public ContentDecoder newDecoder(List<CborValue> values) throws ProtocolException {
    return zstd.newDecoder(values);
  }
}
