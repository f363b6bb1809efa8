package org.framewire.streams;

/**
 * The bounds a {@link StreamRegistry} enforces on what a peer may make it hold (SPEC.md §3, §4,
 * §10). Every bound is checked before the memory it protects is allocated; crossing one is a
 * {@link org.framewire.spec.ProtocolException} naming the requirement.
 *
 * @param maxOpenStreams peer streams not closed at once; a frame opening one more is a {@code
 *     STREAM-6} violation. 1 to 128 (a parity has 128 ids at most).
 * @param maxDecoderContexts decoder contexts alive at once (any profile but {@code identity});
 *     stream settings that would create one more are an {@code ENC-12} violation. At least 0.
 * @param maxSettingsBytes bytes of one stream's stream-settings payload, over all its frames;
 *     more is a {@code SET-4} violation. At least 1.
 * @param decode the decoded-size bounds of {@code ENC-6}
 * @param maxEmptyStreams streams that may end, having carried nothing but stream settings, in one
 *     window of {@link #CHURN_WINDOW_FRAMES} frames received; one more is a {@code LIMIT-6}
 *     violation. At least 1.
 * @param processBudget decoder contexts shared with other registries (a server's connections);
 *     one beyond it is an {@code ENC-12} violation. Default {@link DecoderBudget#UNLIMITED}; a
 *     {@code TcpServer} gives its connections a shared budget of its own.
 */
public record StreamLimits(
    int maxOpenStreams, int maxDecoderContexts, int maxSettingsBytes, DecodeLimits decode, int maxEmptyStreams,
    DecoderBudget processBudget) {

  /** Frames received per window of the stream-churn limit (SPEC.md §10, LIMIT-6). */
  public static final int CHURN_WINDOW_FRAMES = 1024;

  /**
   * Default 64 (§10): beginning and ending streams that carry nothing, each with a decoder context,
   * costs allocation the open-stream limit cannot see (HTTP/2 "Rapid Reset", CVE-2023-44487); a
   * stream that carries a message is never counted, so a stream per request stays unlimited.
   */
  public static final int DEFAULT_MAX_EMPTY_STREAMS = 64;

  /** Default 32 (§10): each open stream holds state and may hold a decoder context. */
  public static final int DEFAULT_MAX_OPEN_STREAMS = 32;

  /**
   * Default 8 (§10): a {@code zstd-8mb} context may hold an 8 MiB window, so eight cap a
   * session's decoder memory near 64 MiB.
   */
  public static final int DEFAULT_MAX_DECODER_CONTEXTS = 8;

  /** Default 4 KiB (§10): a profile name and its parameters are short. */
  public static final int DEFAULT_MAX_SETTINGS_BYTES = 4 * 1024;

  /** The defaults above, which are those of SPEC.md §10. */
  public static final StreamLimits DEFAULT =
      new StreamLimits(
          DEFAULT_MAX_OPEN_STREAMS, DEFAULT_MAX_DECODER_CONTEXTS, DEFAULT_MAX_SETTINGS_BYTES, DecodeLimits.DEFAULT,
          DEFAULT_MAX_EMPTY_STREAMS, DecoderBudget.UNLIMITED);

  /** Limits with the default churn bound and no shared budget. */
  public StreamLimits(int maxOpenStreams, int maxDecoderContexts, int maxSettingsBytes, DecodeLimits decode) {
    this(maxOpenStreams, maxDecoderContexts, maxSettingsBytes, decode, DEFAULT_MAX_EMPTY_STREAMS, DecoderBudget.UNLIMITED);
  }

  public StreamLimits {
    if (maxOpenStreams < 1 || maxOpenStreams > 128) {
      throw new IllegalArgumentException("maxOpenStreams " + maxOpenStreams + " outside 1..128");
    }
    if (maxDecoderContexts < 0) {
      throw new IllegalArgumentException("maxDecoderContexts must not be negative");
    }
    if (maxSettingsBytes < 1) {
      throw new IllegalArgumentException("maxSettingsBytes must be at least 1");
    }
    if (decode == null) {
      throw new IllegalArgumentException("decode limits missing");
    }
    if (maxEmptyStreams < 1) {
      throw new IllegalArgumentException("maxEmptyStreams must be at least 1");
    }
    if (processBudget == null) {
      throw new IllegalArgumentException("process budget missing");
    }
  }

  /** These limits with another open-stream bound. */
  public StreamLimits withMaxOpenStreams(int n) {
    return new StreamLimits(n, maxDecoderContexts, maxSettingsBytes, decode, maxEmptyStreams, processBudget);
  }

  /** These limits with another decoder-context bound. */
  public StreamLimits withMaxDecoderContexts(int n) {
    return new StreamLimits(maxOpenStreams, n, maxSettingsBytes, decode, maxEmptyStreams, processBudget);
  }

  /** These limits with another settings-size bound. */
  public StreamLimits withMaxSettingsBytes(int n) {
    return new StreamLimits(maxOpenStreams, maxDecoderContexts, n, decode, maxEmptyStreams, processBudget);
  }

  /** These limits with other decoded-size bounds. */
  public StreamLimits withDecode(DecodeLimits d) {
    return new StreamLimits(maxOpenStreams, maxDecoderContexts, maxSettingsBytes, d, maxEmptyStreams, processBudget);
  }

  /** These limits with another stream-churn bound (LIMIT-6). */
  public StreamLimits withMaxEmptyStreams(int n) {
    return new StreamLimits(maxOpenStreams, maxDecoderContexts, maxSettingsBytes, decode, n, processBudget);
  }

  /** These limits with decoder contexts drawn also from {@code budget}, shared with others. */
  public StreamLimits withProcessBudget(DecoderBudget budget) {
    return new StreamLimits(maxOpenStreams, maxDecoderContexts, maxSettingsBytes, decode, maxEmptyStreams, budget);
  }
}
