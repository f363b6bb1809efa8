package org.framewire.streams.encoding;

import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;

/**
 * The {@code zstd-8mb} profile (SPEC.md §4.2): Zstandard through zstd-jni's streaming contexts,
 * flushed with {@code ZSTD_e_flush} at the end of each response ({@code ENC-4}), never needing a
 * window above 8 MiB ({@code ENC-5}). It takes no settings values.
 *
 * <p>Encoders set the window log explicitly (default 21, the 2 MiB window zstd picks for level 3
 * when the input size is unknown, which is what Mercurial emits; at most {@value
 * #MAX_WINDOW_LOG}). Decoders set {@code ZSTD_d_windowLogMax} to {@value #MAX_WINDOW_LOG} through
 * {@code ZstdDecompressCtx.setLongMax}: a frame header that asks for a larger window is rejected
 * before any window is allocated, as a violation of {@code ENC-5}. A decoder context therefore
 * holds at most 8 MiB of window plus zstd's 128 KiB block buffer, in native memory that {@link
 * ContentDecoder#close()} frees.
 */
public final class ZstdProfile implements EncodingProfile {

  /** The wire name. */
  public static final String NAME = "zstd-8mb";

  /** log2 of the largest window the profile allows: 8 MiB. */
  public static final int MAX_WINDOW_LOG = 23;

  /** zstd's smallest window log. */
  public static final int MIN_WINDOW_LOG = 10;

  /** Level 3, zstd's default and Mercurial's choice. */
  public static final int DEFAULT_LEVEL = 3;

  /** Window log 21 (2 MiB): what level 3 uses for input of unknown size. */
  public static final int DEFAULT_WINDOW_LOG = 21;

  /** The profile as Mercurial configures it: level 3, 2 MiB window. */
  public static final ZstdProfile DEFAULT = new ZstdProfile(DEFAULT_LEVEL, DEFAULT_WINDOW_LOG);

  private final int level;
  private final int windowLog;

  /**
   * A zstd-8mb profile.
   *
   * @param level a zstd compression level, 1 to 22 (negative levels are zstd's fast modes)
   * @param windowLog the encoder's window log, {@value #MIN_WINDOW_LOG} to {@value
   *     #MAX_WINDOW_LOG}
   */
  public ZstdProfile(int level, int windowLog) {
    if (level < -131072 || level > 22 || level == 0) {
      throw new IllegalArgumentException("zstd level " + level + " outside -131072..22 or 0");
    }
    if (windowLog < MIN_WINDOW_LOG || windowLog > MAX_WINDOW_LOG) {
      throw new IllegalArgumentException(
          "window log " + windowLog + " outside " + MIN_WINDOW_LOG + ".." + MAX_WINDOW_LOG);
    }
    this.level = level;
    this.windowLog = windowLog;
  }

  /** The compression level encoders use. */
  public int level() {
    return level;
  }

  /** The window log encoders use. */
  public int windowLog() {
    return windowLog;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** A zstd-8mb stream is a sequence of zstd frames; a sender may end one and start another. */
  @Override
  public boolean supportsMembers() {
    return true;
  }

  @Override
  public ContentEncoder newEncoder() {
    return new ZstdEncoder(level, windowLog);
  }

  @Override
  public ContentDecoder newDecoder(List<CborValue> values) throws ProtocolException {
    Profiles.requireNoValues(NAME, values);
    return new ZstdDecoder(MAX_WINDOW_LOG);
  }

  @Override
  public String toString() {
    return NAME + "(level " + level + ", window log " + windowLog + ")";
  }
}
