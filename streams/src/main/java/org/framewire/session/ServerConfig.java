package org.framewire.session;

import java.time.Duration;
import java.util.Objects;
import org.framewire.streams.StreamLimits;
import org.framewire.streams.encoding.EncodingProfiles;

/**
 * Limits and choices of a {@link ServerSession} (SPEC.md §10). Every limit is checked before the
 * session allocates for what it limits; breaking one is the client's protocol error citing the
 * requirement named below.
 *
 * <p>Worst-case memory held for requests being received is {@code maxPartialRequests * (maxRequestBytes
 * + maxBufferedDataBytes)} plus {@code maxSettingsBytes}: 72 MiB with the defaults.
 *
 * @param maxConcurrentRequests requests known at once — being received or dispatched and not yet
 *     answered in full; one more is rejected (CMD-11). Default 100, the floor RFC 9113 §6.5.2
 *     recommends for HTTP/2's equivalent setting.
 * @param maxPartialRequests of those, requests still receiving request or data frames (CMD-11).
 *     Default 8: a client has little reason to interleave the sending of many requests.
 * @param maxRequestBytes bytes of one request's command-request payloads, that is of its CBOR
 *     request map (CMD-6). Default 1 MiB: arguments are meant to be small, data goes in
 *     command-data frames.
 * @param maxBufferedDataBytes bytes of command data buffered for one request in {@link
 *     DataMode#BUFFER} mode (CMD-6); unused in STREAM mode. Default 8 MiB.
 * @param maxSettingsBytes bytes of the sender-protocol-settings payload (SET-4). Default 16 KiB; a
 *     real settings map holds a few encoding names.
 * @param dataMode whether command data is buffered and handed over with {@link
 *     ServerEvent.RunCommand}, or streamed as {@link ServerEvent.CommandData} events
 * @param requestTimeout time from a request's first frame until its last one; {@link
 *     Duration#ZERO} disables. Default 60 s, against clients that start requests and stall.
 * @param idleTimeout time without any frame received or sent while no request is known, after
 *     which the session closes; {@link Duration#ZERO} disables. Default 5 min.
 * @param maxFrameSize the largest payload of a frame the session sends (FRAME-8). Default 32768,
 *     Mercurial's {@code DEFAULT_MAX_FRAME_SIZE}.
 * @param encodings the content encodings the server decodes (a client may encode its frames) and
 *     may encode its output with, most preferred first; the first one the client also listed is
 *     used (SET-3). Default {@link EncodingProfiles#defaults()}: zstd-8mb, zlib, identity.
 * @param streamLimits bounds on the client's streams: open streams, decoder contexts, stream
 *     settings and decoded sizes (STREAM-6, SET-4, ENC-6). Default {@link StreamLimits#DEFAULT}.
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
    int maxFrameSize,
    EncodingProfiles encodings,
    StreamLimits streamLimits) {

  /** How command data (SPEC.md §6.2) reaches the application. */
  public enum DataMode {
    /** Buffered up to {@code maxBufferedDataBytes}; handed over whole with {@link ServerEvent.RunCommand}. */
    BUFFER,
    /** Handed over frame by frame as {@link ServerEvent.CommandData} events, never buffered. */
    STREAM
  }

  public static final ServerConfig DEFAULTS =
      new ServerConfig(
          100,
          8,
          1 << 20,
          8 << 20,
          16 << 10,
          DataMode.BUFFER,
          Duration.ofSeconds(60),
          Duration.ofMinutes(5),
          32768,
          EncodingProfiles.defaults(),
          StreamLimits.DEFAULT);

  public ServerConfig {
    if (maxConcurrentRequests < 1 || maxConcurrentRequests > RequestTable.ID_COUNT) {
      throw new IllegalArgumentException("maxConcurrentRequests " + maxConcurrentRequests);
    }
    if (maxPartialRequests < 1 || maxPartialRequests > maxConcurrentRequests) {
      throw new IllegalArgumentException("maxPartialRequests " + maxPartialRequests);
    }
    positive("maxRequestBytes", maxRequestBytes);
    positive("maxBufferedDataBytes", maxBufferedDataBytes);
    positive("maxSettingsBytes", maxSettingsBytes);
    Objects.requireNonNull(dataMode, "dataMode");
    notNegative("requestTimeout", requestTimeout);
    notNegative("idleTimeout", idleTimeout);
    if (maxFrameSize < 1 || maxFrameSize > 0xFFFFFF) {
      throw new IllegalArgumentException("maxFrameSize " + maxFrameSize + " outside 1..2^24-1");
    }
    Objects.requireNonNull(encodings, "encodings");
    Objects.requireNonNull(streamLimits, "streamLimits");
  }

  public ServerConfig withMaxConcurrentRequests(int n) {
    return new ServerConfig(n, Math.min(maxPartialRequests, n), maxRequestBytes, maxBufferedDataBytes, maxSettingsBytes, dataMode, requestTimeout, idleTimeout, maxFrameSize, encodings, streamLimits);
  }

  public ServerConfig withMaxPartialRequests(int n) {
    return new ServerConfig(maxConcurrentRequests, n, maxRequestBytes, maxBufferedDataBytes, maxSettingsBytes, dataMode, requestTimeout, idleTimeout, maxFrameSize, encodings, streamLimits);
  }

  public ServerConfig withMaxRequestBytes(int n) {
    return new ServerConfig(maxConcurrentRequests, maxPartialRequests, n, maxBufferedDataBytes, maxSettingsBytes, dataMode, requestTimeout, idleTimeout, maxFrameSize, encodings, streamLimits);
  }

  public ServerConfig withMaxBufferedDataBytes(int n) {
    return new ServerConfig(maxConcurrentRequests, maxPartialRequests, maxRequestBytes, n, maxSettingsBytes, dataMode, requestTimeout, idleTimeout, maxFrameSize, encodings, streamLimits);
  }

  public ServerConfig withMaxSettingsBytes(int n) {
    return new ServerConfig(maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes, n, dataMode, requestTimeout, idleTimeout, maxFrameSize, encodings, streamLimits);
  }

  public ServerConfig withDataMode(DataMode mode) {
    return new ServerConfig(maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes, maxSettingsBytes, mode, requestTimeout, idleTimeout, maxFrameSize, encodings, streamLimits);
  }

  public ServerConfig withTimeouts(Duration request, Duration idle) {
    return new ServerConfig(maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes, maxSettingsBytes, dataMode, request, idle, maxFrameSize, encodings, streamLimits);
  }

  public ServerConfig withMaxFrameSize(int n) {
    return new ServerConfig(maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes, maxSettingsBytes, dataMode, requestTimeout, idleTimeout, n, encodings, streamLimits);
  }

  public ServerConfig withEncodings(EncodingProfiles profiles) {
    return new ServerConfig(maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes, maxSettingsBytes, dataMode, requestTimeout, idleTimeout, maxFrameSize, profiles, streamLimits);
  }

  public ServerConfig withStreamLimits(StreamLimits limits) {
    return new ServerConfig(maxConcurrentRequests, maxPartialRequests, maxRequestBytes, maxBufferedDataBytes, maxSettingsBytes, dataMode, requestTimeout, idleTimeout, maxFrameSize, encodings, limits);
  }

  private static void positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " " + v + " is not positive");
    }
  }

  static void notNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " " + d + " is negative");
    }
  }
}
