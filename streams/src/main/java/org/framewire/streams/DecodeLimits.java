package org.framewire.streams;

/**
 * Bounds on decoded bytes (SPEC.md §4.4, §10; {@code ENC-6}): how far an inbound stream decodes
 * encoded payloads before it stops with a protocol violation.
 *
 * <p>Payloads decode into a fixed buffer of {@link #bufferSize()} bytes, and every bound is checked
 * after each buffer, before its bytes reach the sink: decoding stops at a bound plus at most one
 * buffer, and no byte past a bound is delivered.
 *
 * <p>A <em>message</em> (§1.2) is the command-request frames of a request, its command-data frames,
 * or its response; decoded bytes are counted per message and forgotten when the message ends (the
 * command-request frame without {@code more}, the command-data or command-response frame with
 * {@code eos}, or an error-response).
 *
 * @param bufferSize bytes of the decode buffer; 64 to 2^24
 * @param perFrame decoded bytes of one encoded frame
 * @param perCommandRequest decoded bytes of one request's command-request frames
 * @param perCommandData decoded bytes of one request's command data
 * @param perResponse decoded bytes of one response
 * @param perStream decoded bytes of all encoded frames of one stream, over its lifetime
 */
public record DecodeLimits(
    int bufferSize, long perFrame, long perCommandRequest, long perCommandData, long perResponse, long perStream) {

  /**
   * Default 32 KiB: the size of a typical frame (Mercurial's default maximum frame size), and
   * small next to the bounds it may overshoot by.
   */
  public static final int DEFAULT_BUFFER_SIZE = 32 * 1024;

  /** Default 2^24: what senders guarantee under {@code ENC-11}, and the largest raw payload. */
  public static final long DEFAULT_PER_FRAME = 1L << 24;

  /** Default 1 MiB, the command request limit of §10: arguments are small by design. */
  public static final long DEFAULT_PER_COMMAND_REQUEST = 1L << 20;

  /** Default 8 MiB, the command data limit of §10: bounds what one request can pin on a server. */
  public static final long DEFAULT_PER_COMMAND_DATA = 8L << 20;

  /** Default 64 MiB, the response limit of §10 for clients. */
  public static final long DEFAULT_PER_RESPONSE = 64L << 20;

  /**
   * Default unbounded: a stream outlives its messages, and memory is already bounded per frame
   * and per message. Set it when one stream carries one bounded transfer.
   */
  public static final long DEFAULT_PER_STREAM = Long.MAX_VALUE;

  /** The defaults above, which are those of SPEC.md §10. */
  public static final DecodeLimits DEFAULT =
      new DecodeLimits(
          DEFAULT_BUFFER_SIZE,
          DEFAULT_PER_FRAME,
          DEFAULT_PER_COMMAND_REQUEST,
          DEFAULT_PER_COMMAND_DATA,
          DEFAULT_PER_RESPONSE,
          DEFAULT_PER_STREAM);

  /** No bound but the buffer size: for tests and trusted peers. */
  public static DecodeLimits unbounded(int bufferSize) {
    return new DecodeLimits(bufferSize, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  public DecodeLimits {
    if (bufferSize < 64 || bufferSize > (1 << 24)) {
      throw new IllegalArgumentException("bufferSize " + bufferSize + " outside 64..2^24");
    }
    if (perFrame < 0 || perCommandRequest < 0 || perCommandData < 0 || perResponse < 0 || perStream < 0) {
      throw new IllegalArgumentException("decoded-size bounds must not be negative");
    }
  }

  /** These limits with another buffer size. */
  public DecodeLimits withBufferSize(int n) {
    return new DecodeLimits(n, perFrame, perCommandRequest, perCommandData, perResponse, perStream);
  }

  /** These limits with another per-frame bound. */
  public DecodeLimits withPerFrame(long n) {
    return new DecodeLimits(bufferSize, n, perCommandRequest, perCommandData, perResponse, perStream);
  }

  /** These limits with the same bound for every kind of message. */
  public DecodeLimits withPerMessage(long n) {
    return new DecodeLimits(bufferSize, perFrame, n, n, n, perStream);
  }

  /** These limits with another per-response bound. */
  public DecodeLimits withPerResponse(long n) {
    return new DecodeLimits(bufferSize, perFrame, perCommandRequest, perCommandData, n, perStream);
  }

  /** These limits with another per-stream bound. */
  public DecodeLimits withPerStream(long n) {
    return new DecodeLimits(bufferSize, perFrame, perCommandRequest, perCommandData, perResponse, n);
  }
}
