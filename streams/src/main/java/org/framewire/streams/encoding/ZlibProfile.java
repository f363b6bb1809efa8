package org.framewire.streams.encoding;

import java.util.List;
import java.util.zip.Deflater;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;

/**
 * The {@code zlib} profile (SPEC.md §4.2): RFC 1950 zlib streams made by the JDK's {@link
 * Deflater} and read by its {@link java.util.zip.Inflater}, with {@code Z_SYNC_FLUSH} at the end
 * of each response so the context survives the flush ({@code ENC-3}, {@code ENC-4}). It takes no
 * settings values.
 *
 * <p>All encoded frames of a stream form <em>one</em> zlib stream: it may be finished ({@code
 * Z_FINISH}) only on the stream's last frame, and encoded bytes after a finished zlib stream are
 * corrupt ({@code ENC-8}) — so this profile has no members to splice ({@link #supportsMembers()}
 * is false).
 *
 * <p>The encoder uses a 32 KiB window (zlib's maximum, {@code windowBits} 15) and memory level 8,
 * exactly as Python's {@code zlib.compressobj()} that Mercurial uses, so given the same level the
 * two produce identical bytes. A decoder context holds about 44 KiB of native memory.
 */
public final class ZlibProfile implements EncodingProfile {

  /** The wire name. */
  public static final String NAME = "zlib";

  /** The profile with zlib's default level, as Mercurial configures it. */
  public static final ZlibProfile DEFAULT = new ZlibProfile(Deflater.DEFAULT_COMPRESSION);

  private final int level;

  /**
   * A zlib profile compressing at {@code level}.
   *
   * @param level 0 to 9, or {@link Deflater#DEFAULT_COMPRESSION} (-1, which zlib reads as 6)
   */
  public ZlibProfile(int level) {
    if (level < -1 || level > 9) {
      throw new IllegalArgumentException("zlib level " + level + " outside -1..9");
    }
    this.level = level;
  }

  /** The compression level encoders use. */
  public int level() {
    return level;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ContentEncoder newEncoder() {
    return new ZlibEncoder(level);
  }

  @Override
  public ContentDecoder newDecoder(List<CborValue> values) throws ProtocolException {
    Profiles.requireNoValues(NAME, values);
    return new ZlibDecoder();
  }

  @Override
  public String toString() {
    return NAME + "(level " + level + ")";
  }
}
