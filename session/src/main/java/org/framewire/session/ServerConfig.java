package org.framewire.session;

import java.time.Duration;
import java.util.Objects;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.streams.StreamLimits;
import org.framewire.streams.encoding.EncodingProfiles;

/**
 * Limits and choices of a {@link ServerSession} (SPEC.md §10). Every limit on input is checked
 * before the session allocates for what it bounds; exceeding one is the client's protocol
 * violation, reported under the requirement named below (LIMIT-1).
 *
 * <p>Memory held for requests being received is at most {@code maxPartialRequests *
 * (maxRequestBytes + maxBufferedDataBytes)} plus {@code maxSettingsBytes}: 72 MiB with the
 * defaults, reached only by a client that fills every buffer at once. Requests received and not
 * yet answered hold at most {@code maxConcurrentRequests * (maxRequestBytes +
 * maxBufferedDataBytes)}, 144 MiB, whatever depth the client pipelines to: the session does not
 * read further requests until one of those is answered (CMD-11).
 *
 * @param maxConcurrentRequests requests received in full and not yet answered in full. At this many the session takes no
 *     further input until one is answered ({@link ServerSession#wantsInput()} turns false, CMD-11): back-pressure,
 *     never a violation, so a client may pipeline any number of requests. Default 16: the memory a client can pin
 *     with requests stays what it was when 16 was a hard limit, and 16 handlers at once keep a 2-core host busy;
 *     a deeper pipeline waits in the socket, costing latency, not failure (docs/spec-decisions.md).
 * @param maxPartialRequests requests still receiving request or data frames (SPEC.md §10); a new request beyond them is a
 *     violation of CMD-11. Default 8: a client has little reason to send many requests piecemeal at once.
 * @param maxRequestBytes decoded bytes of one request's command-request payloads, its CBOR request map (CMD-6).
 *     Default 1 MiB: arguments are small by design, bulk input belongs in command data.
 * @param maxBufferedDataBytes command data buffered for one request in {@link DataMode#BUFFER} mode (CMD-6); unused in
 *     STREAM mode. Default 8 MiB.
 * @param maxSettingsBytes decoded bytes of the sender-protocol-settings payload (SET-4). Default 16 KiB: settings are a
 *     few names.
 * @param dataMode whether command data is buffered and handed over with {@link ServerEvent.RunCommand}, or
 *     streamed as {@link ServerEvent.CommandData} events
 * @param requestTimeout time from a request's first frame until its last one; a request still incomplete then ends
 *     the session ({@link CloseReason#REQUEST_TIMEOUT}). {@link Duration#ZERO} disables. Default
 *     60 s: a client that starts requests and stalls between frames escapes the frame-read
 *     timeout.
 * @param idleTimeout time without input while no request is known, after which the session closes (LIMIT-5).
 *     {@link Duration#ZERO} disables. Default 300 s (SPEC.md §10).
 * @param frameReadTimeout time from a frame's first byte to its last; longer is a violation of LIMIT-4. {@link
 *     Duration#ZERO} disables. Default 30 s (SPEC.md §10), against slowloris peers.
 * @param maxEmptyFrames frames with an empty payload accepted in a row; one more is a violation of LIMIT-2. Default
 *     256 (SPEC.md §10).
 * @param maxInboundFrameSize the largest payload accepted (FRAME-2). Default 65535 (SPEC.md §2.4).
 * @param maxFrameSize the largest payload of a frame the session sends, at most the client's maximum (FRAME-8).
 *     Default 32768, as Mercurial sends.
 * @param maxOutboundBytes queued output above which {@link ServerSession#wantsInput()} turns false, so the transport
 *     stops reading (LIMIT-3). Default 16 MiB (SPEC.md §10).
 * @param maxEncodedStreams output streams with a compression context at once; responses beyond go out unencoded (see
 *     {@link ServerSession}). Default 2: a zstd-8mb context holds megabytes, and clients bound
 *     their decoder contexts (ENC-12).
 * @param encodings the content encodings the server decodes and may encode its output with, most preferred
 *     first; the first the client also listed is used (SET-3, SET-5). Default zstd-8mb, zlib,
 *     identity.
 * @param streamLimits bounds on the client's streams: open streams, decoder contexts, stream settings and decoded
 *     sizes (STREAM-6, ENC-12, SET-4, ENC-6). Default {@link StreamLimits#DEFAULT}.
 * @param sendTimeout time the session may hold its input paused (LIMIT-3, CMD-11) while it owes the client bytes
 *     and none of them is written; then the client is not reading while the server waits for it to, and the
 *     session fails with LIMIT-7 ({@link ServerSession#onTimeout(long)}). {@link Duration#ZERO} disables. Default
 *     60 s, the request timeout: a client that reads takes some byte within a minute however slow its link, so
 *     only a writer that never reads is cut off, and it is cut off within a bound (docs/spec-decisions.md).
 */
public record ServerConfig(
    int maxConcurrentRequests,
    int maxPartialRequests,
    int maxRequestBytes,
    int maxBufferedDataBytes,
    int maxSettingsBytes,
    DataMode dataMode,
    Duration requestTimeout,
    Duration idleTimeout,
    Duration frameReadTimeout,
    int maxEmptyFrames,
    int maxInboundFrameSize,
    int maxFrameSize,
    long maxOutboundBytes,
    int maxEncodedStreams,
    EncodingProfiles encodings,
    StreamLimits streamLimits,
    Duration sendTimeout) {

  /** How command data (SPEC.md §6.2) reaches the application. */
  public enum DataMode {
    /** Buffered up to {@code maxBufferedDataBytes}; handed over whole with {@link ServerEvent.RunCommand}. */
    BUFFER,
    /** Handed over frame by frame as {@link ServerEvent.CommandData} events, never buffered. */
    STREAM
  }

  /** The defaults of SPEC.md §10. */
  public static final ServerConfig DEFAULTS =
      new ServerConfig(
          16,
          8,
          1 << 20,
          8 << 20,
          16 << 10,
          DataMode.BUFFER,
          Duration.ofSeconds(60),
          Duration.ofSeconds(300),
          Duration.ofSeconds(30),
          256,
          FrameDecoder.DEFAULT_MAX_FRAME_SIZE,
          32768,
          16L << 20,
          2,
          EncodingProfiles.defaults(),
          StreamLimits.DEFAULT,
          Duration.ofSeconds(60));

  public ServerConfig {
    if (maxConcurrentRequests < 1 || maxConcurrentRequests > RequestTable.ID_COUNT) {
      throw new IllegalArgumentException("maxConcurrentRequests " + maxConcurrentRequests + " outside 1..32768");
    }
    if (maxPartialRequests < 1 || maxPartialRequests > RequestTable.ID_COUNT) {
      throw new IllegalArgumentException("maxPartialRequests " + maxPartialRequests + " outside 1..32768");
    }
    positive("maxRequestBytes", maxRequestBytes);
    positive("maxBufferedDataBytes", maxBufferedDataBytes);
    positive("maxSettingsBytes", maxSettingsBytes);
    Objects.requireNonNull(dataMode, "dataMode");
    notNegative("requestTimeout", requestTimeout);
    notNegative("idleTimeout", idleTimeout);
    notNegative("frameReadTimeout", frameReadTimeout);
    positive("maxEmptyFrames", maxEmptyFrames);
    frameSize("maxInboundFrameSize", maxInboundFrameSize);
    frameSize("maxFrameSize", maxFrameSize);
    if (maxOutboundBytes < 1) {
      throw new IllegalArgumentException("maxOutboundBytes " + maxOutboundBytes + " is not positive");
    }
    positive("maxEncodedStreams", maxEncodedStreams);
    Objects.requireNonNull(encodings, "encodings");
    Objects.requireNonNull(streamLimits, "streamLimits");
    notNegative("sendTimeout", sendTimeout);
  }

  /**
   * The configuration before the send timeout existed, with its default ({@link #DEFAULTS}'s
   * {@link #sendTimeout()}): kept so that callers of the sixteen-component constructor compile.
   */
  public ServerConfig(int maxConcurrentRequests, int maxPartialRequests, int maxRequestBytes,
      int maxBufferedDataBytes, int maxSettingsBytes, DataMode dataMode, Duration requestTimeout,
      Duration idleTimeout, Duration frameReadTimeout, int maxEmptyFrames, int maxInboundFrameSize,
      int maxFrameSize, long maxOutboundBytes, int maxEncodedStreams, EncodingProfiles encodings,
      StreamLimits streamLimits) {
    this(maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes, maxSettingsBytes,
        dataMode, requestTimeout, idleTimeout, frameReadTimeout, maxEmptyFrames, maxInboundFrameSize,
        maxFrameSize, maxOutboundBytes, maxEncodedStreams, encodings, streamLimits, Duration.ofSeconds(60));
  }

  /** The same configuration with the send timeout (LIMIT-7); {@link Duration#ZERO} disables it. */
  public ServerConfig withSendTimeout(Duration timeout) {
    return new ServerConfig(
        maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes,
        maxSettingsBytes, dataMode, requestTimeout, idleTimeout, frameReadTimeout, maxEmptyFrames,
        maxInboundFrameSize, maxFrameSize, maxOutboundBytes, maxEncodedStreams, encodings, streamLimits,
        timeout);
  }

  public ServerConfig withMaxConcurrentRequests(int n) {
    return new ServerConfig(
        n, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes,
        maxSettingsBytes, dataMode, requestTimeout, idleTimeout, frameReadTimeout, maxEmptyFrames,
        maxInboundFrameSize, maxFrameSize, maxOutboundBytes, maxEncodedStreams, encodings,
        streamLimits, sendTimeout);
  }

  public ServerConfig withMaxPartialRequests(int n) {
    return new ServerConfig(
        maxConcurrentRequests, n, maxRequestBytes, maxBufferedDataBytes, maxSettingsBytes,
        dataMode, requestTimeout, idleTimeout, frameReadTimeout, maxEmptyFrames,
        maxInboundFrameSize, maxFrameSize, maxOutboundBytes, maxEncodedStreams, encodings,
        streamLimits, sendTimeout);
  }

  public ServerConfig withMaxRequestBytes(int n) {
    return new ServerConfig(
        maxConcurrentRequests, maxPartialRequests, n, maxBufferedDataBytes, maxSettingsBytes,
        dataMode, requestTimeout, idleTimeout, frameReadTimeout, maxEmptyFrames,
        maxInboundFrameSize, maxFrameSize, maxOutboundBytes, maxEncodedStreams, encodings,
        streamLimits, sendTimeout);
  }

  public ServerConfig withMaxBufferedDataBytes(int n) {
    return new ServerConfig(
        maxConcurrentRequests, maxPartialRequests, maxRequestBytes, n, maxSettingsBytes, dataMode,
        requestTimeout, idleTimeout, frameReadTimeout, maxEmptyFrames, maxInboundFrameSize,
        maxFrameSize, maxOutboundBytes, maxEncodedStreams, encodings, streamLimits, sendTimeout);
  }

  public ServerConfig withMaxSettingsBytes(int n) {
    return new ServerConfig(
        maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes, n,
        dataMode, requestTimeout, idleTimeout, frameReadTimeout, maxEmptyFrames,
        maxInboundFrameSize, maxFrameSize, maxOutboundBytes, maxEncodedStreams, encodings,
        streamLimits, sendTimeout);
  }

  public ServerConfig withDataMode(DataMode mode) {
    return new ServerConfig(
        maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes,
        maxSettingsBytes, mode, requestTimeout, idleTimeout, frameReadTimeout, maxEmptyFrames,
        maxInboundFrameSize, maxFrameSize, maxOutboundBytes, maxEncodedStreams, encodings,
        streamLimits, sendTimeout);
  }

  public ServerConfig withTimeouts(Duration request, Duration idle, Duration frameRead) {
    return new ServerConfig(
        maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes,
        maxSettingsBytes, dataMode, request, idle, frameRead, maxEmptyFrames, maxInboundFrameSize,
        maxFrameSize, maxOutboundBytes, maxEncodedStreams, encodings, streamLimits, sendTimeout);
  }

  public ServerConfig withMaxEmptyFrames(int n) {
    return new ServerConfig(
        maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes,
        maxSettingsBytes, dataMode, requestTimeout, idleTimeout, frameReadTimeout, n,
        maxInboundFrameSize, maxFrameSize, maxOutboundBytes, maxEncodedStreams, encodings,
        streamLimits, sendTimeout);
  }

  public ServerConfig withMaxInboundFrameSize(int n) {
    return new ServerConfig(
        maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes,
        maxSettingsBytes, dataMode, requestTimeout, idleTimeout, frameReadTimeout, maxEmptyFrames,
        n, maxFrameSize, maxOutboundBytes, maxEncodedStreams, encodings, streamLimits, sendTimeout);
  }

  public ServerConfig withMaxFrameSize(int n) {
    return new ServerConfig(
        maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes,
        maxSettingsBytes, dataMode, requestTimeout, idleTimeout, frameReadTimeout, maxEmptyFrames,
        maxInboundFrameSize, n, maxOutboundBytes, maxEncodedStreams, encodings, streamLimits, sendTimeout);
  }

  public ServerConfig withMaxOutboundBytes(long n) {
    return new ServerConfig(
        maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes,
        maxSettingsBytes, dataMode, requestTimeout, idleTimeout, frameReadTimeout, maxEmptyFrames,
        maxInboundFrameSize, maxFrameSize, n, maxEncodedStreams, encodings, streamLimits, sendTimeout);
  }

  public ServerConfig withMaxEncodedStreams(int n) {
    return new ServerConfig(
        maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes,
        maxSettingsBytes, dataMode, requestTimeout, idleTimeout, frameReadTimeout, maxEmptyFrames,
        maxInboundFrameSize, maxFrameSize, maxOutboundBytes, n, encodings, streamLimits, sendTimeout);
  }

  public ServerConfig withEncodings(EncodingProfiles profiles) {
    return new ServerConfig(
        maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes,
        maxSettingsBytes, dataMode, requestTimeout, idleTimeout, frameReadTimeout, maxEmptyFrames,
        maxInboundFrameSize, maxFrameSize, maxOutboundBytes, maxEncodedStreams, profiles,
        streamLimits, sendTimeout);
  }

  public ServerConfig withStreamLimits(StreamLimits limits) {
    return new ServerConfig(
        maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes,
        maxSettingsBytes, dataMode, requestTimeout, idleTimeout, frameReadTimeout, maxEmptyFrames,
        maxInboundFrameSize, maxFrameSize, maxOutboundBytes, maxEncodedStreams, encodings, limits, sendTimeout);
  }

  private static void positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " " + v + " is not positive");
    }
  }

  static void frameSize(String name, int v) {
    if (v < 1 || v > FrameHeader.MAX_PAYLOAD_LENGTH) {
      throw new IllegalArgumentException(name + " " + v + " outside 1..2^24-1");
    }
  }

  static void notNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " " + d + " is negative");
    }
  }
}
