package org.framewire.streams;

/**
 * The bounds a {@link StreamRegistry} enforces on what a peer may make it hold (SPEC.md §3, §4.4,
 * §10). Every bound is checked before the memory it protects is allocated; crossing one is a
 * {@link org.framewire.frames.ProtocolException} naming the requirement.
 *
 * @param maxOpenStreams inbound streams open at once; one more is a {@code STREAM-6} error. 1 to
 *     128 (a peer's parity has 128 ids at most).
 * @param maxDecoderContexts inbound streams with a live decoder context (any profile but {@code
 *     identity}) at once; stream settings asking for one more are a {@code STREAM-6} error. 0 to
 *     {@code maxOpenStreams}.
 * @param maxSettingsBytes bytes of one stream's stream-settings payload, over all its frames;
 *     more is a {@code SET-4} error. At least 1.
 * @param decodeBufferSize bytes of the fixed buffer encoded payloads are decoded into; the
 *     decoded-size bounds are checked after every buffer, so a bomb is stopped at its bound plus
 *     at most this many bytes. 64 to 2^24.
 * @param maxDecodedFrameBytes decoded bytes of one encoded frame; more is an {@code ENC-6} error.
 * @param maxDecodedRequestBytes decoded bytes of one request's encoded frames on a stream,
 *     counted until the request's final frame (command-response or command-data with {@code eos},
 *     or an error-response); more is an {@code ENC-6} error.
 * @param maxDecodedStreamBytes decoded bytes of all encoded frames of one stream; more is an
 *     {@code ENC-6} error.
 */
public record StreamLimits(
    int maxOpenStreams,
    int maxDecoderContexts,
    int maxSettingsBytes,
    int decodeBufferSize,
    long maxDecodedFrameBytes,
    long maxDecodedRequestBytes,
    long maxDecodedStreamBytes) {

  /**
   * Default 32: Mercurial opens one stream per direction; 32 leaves room for a peer that spreads
   * its work over one stream per core, while keeping the per-stream state a peer can pin small.
   */
  public static final int DEFAULT_MAX_OPEN_STREAMS = 32;

  /**
   * Default 4: a {@code zstd-8mb} decoder may hold an 8 MiB window plus a 128 KiB block buffer of
   * native memory, so four bound a connection's decoder memory near 33 MiB.
   */
  public static final int DEFAULT_MAX_DECODER_CONTEXTS = 4;

  /**
   * Default 1 KiB: the built-in profiles' settings are the profile name alone (under 16 bytes);
   * a kibibyte leaves room for a user profile's parameters.
   */
  public static final int DEFAULT_MAX_SETTINGS_BYTES = 1024;

  /**
   * Default 32 KiB: Mercurial's default maximum frame size, so a decoded buffer is the size of a
   * typical frame, and small next to the decoded-size bounds it overshoots them by at most.
   */
  public static final int DEFAULT_DECODE_BUFFER_SIZE = 32 * 1024;

  /**
   * Default 16 MiB: no larger than the largest payload an unencoded frame can carry (2^24-1
   * bytes), so encoding never lets one frame expand into more than a frame could hold anyway.
   */
  public static final long DEFAULT_MAX_DECODED_FRAME_BYTES = 16L << 20;

  /**
   * Default 256 MiB: far above any command response a client buffers; bulk data beyond it belongs
   * in a content redirect (§6.4).
   */
  public static final long DEFAULT_MAX_DECODED_REQUEST_BYTES = 256L << 20;

  /**
   * Default unbounded: a stream outlives its requests, and memory is already bounded per frame
   * and per request. Set it when one stream carries one bounded transfer.
   */
  public static final long DEFAULT_MAX_DECODED_STREAM_BYTES = Long.MAX_VALUE;

  /** The defaults above. */
  public static final StreamLimits DEFAULT =
      new StreamLimits(
          DEFAULT_MAX_OPEN_STREAMS,
          DEFAULT_MAX_DECODER_CONTEXTS,
          DEFAULT_MAX_SETTINGS_BYTES,
          DEFAULT_DECODE_BUFFER_SIZE,
          DEFAULT_MAX_DECODED_FRAME_BYTES,
          DEFAULT_MAX_DECODED_REQUEST_BYTES,
          DEFAULT_MAX_DECODED_STREAM_BYTES);

  public StreamLimits {
    if (maxOpenStreams < 1 || maxOpenStreams > 128) {
      throw new IllegalArgumentException("maxOpenStreams " + maxOpenStreams + " outside 1..128");
    }
    if (maxDecoderContexts < 0 || maxDecoderContexts > maxOpenStreams) {
      throw new IllegalArgumentException(
          "maxDecoderContexts " + maxDecoderContexts + " outside 0.." + maxOpenStreams);
    }
    if (maxSettingsBytes < 1) {
      throw new IllegalArgumentException("maxSettingsBytes must be at least 1");
    }
    if (decodeBufferSize < 64 || decodeBufferSize > (1 << 24)) {
      throw new IllegalArgumentException("decodeBufferSize " + decodeBufferSize + " outside 64..2^24");
    }
    if (maxDecodedFrameBytes < 0 || maxDecodedRequestBytes < 0 || maxDecodedStreamBytes < 0) {
      throw new IllegalArgumentException("decoded-size bounds must not be negative");
    }
  }

  /** These limits with another stream bound. */
  public StreamLimits withMaxOpenStreams(int n) {
    return new StreamLimits(n, Math.min(maxDecoderContexts, n), maxSettingsBytes, decodeBufferSize,
        maxDecodedFrameBytes, maxDecodedRequestBytes, maxDecodedStreamBytes);
  }

  /** These limits with another decoder-context bound. */
  public StreamLimits withMaxDecoderContexts(int n) {
    return new StreamLimits(maxOpenStreams, n, maxSettingsBytes, decodeBufferSize,
        maxDecodedFrameBytes, maxDecodedRequestBytes, maxDecodedStreamBytes);
  }

  /** These limits with other decoded-size bounds and decode buffer size. */
  public StreamLimits withDecoded(int bufferSize, long perFrame, long perRequest, long perStream) {
    return new StreamLimits(maxOpenStreams, maxDecoderContexts, maxSettingsBytes, bufferSize,
        perFrame, perRequest, perStream);
  }

  /** These limits with another settings-size bound. */
  public StreamLimits withMaxSettingsBytes(int n) {
    return new StreamLimits(maxOpenStreams, maxDecoderContexts, n, decodeBufferSize,
        maxDecodedFrameBytes, maxDecodedRequestBytes, maxDecodedStreamBytes);
  }
}
