package org.framewire.fuzz;

import java.util.List;

/**
 * The receiver limits of SPEC.md §10 that the generators must know: valid conversations stay
 * within them, and the violations that exceed one (FRAME-2, CMD-6, CBOR-2) are sized from them.
 * Give the generators the limits the implementation under test is configured with.
 *
 * @param maxFrameSize the largest payload the receiver accepts (FRAME-2); 65535 by default, at
 *     least 256 here (SPEC.md allows only larger maximums; smaller ones serve tests)
 * @param maxRequestBytes bytes of one command request map (CMD-6); 1 MiB by default
 * @param maxDataBytes bytes of command data buffered per request (CMD-6); 8 MiB by default
 * @param maxRequestsInFlight requests in flight per session (CMD-11); 16 by default
 * @param maxOpenStreams client streams open at once (STREAM-6); 32 by default
 * @param maxDecoderContexts decoder contexts at once (ENC-12); 8 by default
 * @param cborMaxDepth CBOR nesting depth, a top-level item having depth 1 (CBOR-2); 64 by default
 * @param maxEmptyFrames consecutive frames with an empty payload (LIMIT-2); 256 by default
 * @param encodings the content-encoding profiles the receiver supports (SPEC.md §4.2), as a
 *     capabilities file of {@code framewire check} lists them; every profile by default. Valid
 *     conversations use no other, and violations that need a compression context (ENC-5, ENC-6,
 *     ENC-8, ENC-12) are generated only when one is supported ({@link ViolationKind#applicable})
 */
public record ProtocolLimits(
    int maxFrameSize,
    int maxRequestBytes,
    int maxDataBytes,
    int maxRequestsInFlight,
    int maxOpenStreams,
    int maxDecoderContexts,
    int cborMaxDepth,
    int maxEmptyFrames,
    List<String> encodings) {

  /** Every profile of SPEC.md §4, preferred first. */
  public static final List<String> ALL_ENCODINGS = List.of("zstd-8mb", "zlib", "identity");

  /** The defaults of SPEC.md §10, every encoding profile supported. */
  public static final ProtocolLimits SPEC_DEFAULTS =
      new ProtocolLimits(0xFFFF, 1 << 20, 8 << 20, 16, 32, 8, 64, 256);

  /** Limits with every encoding profile supported. */
  public ProtocolLimits(int maxFrameSize, int maxRequestBytes, int maxDataBytes, int maxRequestsInFlight,
      int maxOpenStreams, int maxDecoderContexts, int cborMaxDepth, int maxEmptyFrames) {
    this(maxFrameSize, maxRequestBytes, maxDataBytes, maxRequestsInFlight, maxOpenStreams, maxDecoderContexts,
        cborMaxDepth, maxEmptyFrames, ALL_ENCODINGS);
  }

  /** The bound on sender protocol settings bytes (SPEC.md §10, SET-4): 16 KiB, not configurable here. */
  public static final int MAX_SETTINGS_BYTES = 16 << 10;

  /** The CBOR bound on declared string lengths (SPEC.md §5.4): 2^24 bytes. */
  public static final long CBOR_MAX_LENGTH = 1L << 24;

  /** The CBOR bound on items per top-level item (SPEC.md §5.4): 2^20. */
  public static final long CBOR_MAX_ITEMS = 1L << 20;

  public ProtocolLimits {
    encodings = List.copyOf(encodings);
    if (!encodings.contains("identity") || !ALL_ENCODINGS.containsAll(encodings)) {
      throw new IllegalArgumentException("encodings " + encodings + " must hold identity and only " + ALL_ENCODINGS);
    }
    if (maxFrameSize < 256 || maxFrameSize >= 0xFFFFFF) {
      throw new IllegalArgumentException("maxFrameSize " + maxFrameSize + " outside 256..2^24-2");
    }
    positive("maxRequestBytes", maxRequestBytes);
    positive("maxDataBytes", maxDataBytes);
    positive("maxRequestsInFlight", maxRequestsInFlight);
    positive("maxOpenStreams", maxOpenStreams);
    positive("maxDecoderContexts", maxDecoderContexts);
    positive("maxEmptyFrames", maxEmptyFrames);
    if (cborMaxDepth < 4) {
      throw new IllegalArgumentException("cborMaxDepth " + cborMaxDepth + " below 4, too small for a request map");
    }
  }

  public ProtocolLimits withMaxFrameSize(int n) {
    return new ProtocolLimits(n, maxRequestBytes, maxDataBytes, maxRequestsInFlight, maxOpenStreams,
        maxDecoderContexts, cborMaxDepth, maxEmptyFrames, encodings);
  }

  public ProtocolLimits withMaxRequestBytes(int n) {
    return new ProtocolLimits(maxFrameSize, n, maxDataBytes, maxRequestsInFlight, maxOpenStreams,
        maxDecoderContexts, cborMaxDepth, maxEmptyFrames, encodings);
  }

  public ProtocolLimits withMaxDataBytes(int n) {
    return new ProtocolLimits(maxFrameSize, maxRequestBytes, n, maxRequestsInFlight, maxOpenStreams,
        maxDecoderContexts, cborMaxDepth, maxEmptyFrames, encodings);
  }

  public ProtocolLimits withMaxRequestsInFlight(int n) {
    return new ProtocolLimits(maxFrameSize, maxRequestBytes, maxDataBytes, n, maxOpenStreams,
        maxDecoderContexts, cborMaxDepth, maxEmptyFrames, encodings);
  }

  public ProtocolLimits withMaxOpenStreams(int n) {
    return new ProtocolLimits(maxFrameSize, maxRequestBytes, maxDataBytes, maxRequestsInFlight, n,
        maxDecoderContexts, cborMaxDepth, maxEmptyFrames, encodings);
  }

  public ProtocolLimits withMaxDecoderContexts(int n) {
    return new ProtocolLimits(maxFrameSize, maxRequestBytes, maxDataBytes, maxRequestsInFlight, maxOpenStreams,
        n, cborMaxDepth, maxEmptyFrames);
  }

  public ProtocolLimits withCborMaxDepth(int n) {
    return new ProtocolLimits(maxFrameSize, maxRequestBytes, maxDataBytes, maxRequestsInFlight, maxOpenStreams,
        maxDecoderContexts, n, maxEmptyFrames, encodings);
  }

  public ProtocolLimits withMaxEmptyFrames(int n) {
    return new ProtocolLimits(maxFrameSize, maxRequestBytes, maxDataBytes, maxRequestsInFlight, maxOpenStreams,
        maxDecoderContexts, cborMaxDepth, n, encodings);
  }

  /** These limits for a receiver supporting only {@code profiles} (identity always among them). */
  public ProtocolLimits withEncodings(List<String> profiles) {
    return new ProtocolLimits(maxFrameSize, maxRequestBytes, maxDataBytes, maxRequestsInFlight, maxOpenStreams,
        maxDecoderContexts, cborMaxDepth, maxEmptyFrames, profiles);
  }

  /** Whether the receiver supports the profile named {@code name}. */
  public boolean supports(String name) {
    return encodings.contains(name);
  }

  private static void positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " " + v + " is not positive");
    }
  }
}
