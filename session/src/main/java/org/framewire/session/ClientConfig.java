package org.framewire.session;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.framewire.cbor.CborLimits;
import org.framewire.frames.FrameDecoder;
import org.framewire.streams.StreamLimits;
import org.framewire.streams.encoding.EncodingProfiles;

/**
 * Choices and limits of a {@link ClientSession} (SPEC.md §8, §10). Limits on input are checked
 * before the session allocates for what they bound; exceeding one is the server's protocol
 * violation (LIMIT-1).
 *
 * @param contentEncodings the content encodings advertised in the sender-protocol-settings frame, most preferred first
 *     (SPEC.md §8.1); each must be one of {@code profiles}. Empty sends no settings frame, and the
 *     server then answers in identity. Default: every profile of {@code profiles}.
 * @param maxConcurrentRequests requests sent at once whose responses have not ended; further ones wait in the session, in
 *     order, holding their request ids, and go out as responses end (the id space, 32 768, bounds requests sent and
 *     waiting). Default 32768: the whole id space, since a server paces a deep pipeline by reading it no faster
 *     than it answers (CMD-11, SPEC.md §10), so pipelining needs no limit of the client's own.
 * @param maxFrameSize the largest payload of a frame the client sends (FRAME-8). Default 32768, as Mercurial's
 *     client sends.
 * @param maxInboundFrameSize the largest payload accepted (FRAME-2). Default 65535 (SPEC.md §2.4).
 * @param requestTimeout time from sending a request until its response ends; a request still open then fails alone
 *     with {@link ClientEvent.RequestTimedOut}. {@link Duration#ZERO} disables, the default: a
 *     response may legitimately stream for hours.
 * @param idleTimeout time without input while no request is in flight, after which the session closes. {@link
 *     Duration#ZERO} disables, the default: idle connections are the server's to close.
 * @param frameReadTimeout time from a frame's first byte to its last; longer is a violation of LIMIT-4. {@link
 *     Duration#ZERO} disables. Default 30 s (SPEC.md §10).
 * @param maxEmptyFrames frames with an empty payload accepted in a row; one more is a violation of LIMIT-2. Default
 *     256 (SPEC.md §10).
 * @param maxOutboundBytes bytes owed (queued, or lent and not yet written) past which a host holds its caller's further
 *     calls until writes bring the count back: back-pressure toward the caller, who alone fills a client's outbound
 *     queue ({@code RawClient} does so). It never stops the client reading: the server's answers are read however much
 *     the client owes (LIMIT-8, SPEC.md §10; LIMIT-3 binds servers). Default 16 MiB.
 * @param byteStrings how top-level indefinite-length byte strings of responses are delivered
 * @param cborLimits bounds on each response value (CBOR-2)
 * @param profiles the content encodings the client decodes. Default zstd-8mb, zlib, identity.
 * @param streamLimits bounds on the server's streams: open streams, decoder contexts, stream settings and decoded
 *     sizes (STREAM-6, ENC-12, SET-4, ENC-6). Default {@link StreamLimits#DEFAULT}.
 * @param sendEncoding the content encoding of the client's own stream (SPEC.md §4), opt-in: stream settings naming it,
 *     then every command-request and command-data frame encoded through one context, flushed at the end of each
 *     message and every 2^24 input bytes (ENC-3, ENC-4, ENC-11). One of {@code profiles}. Every server decodes all
 *     three profiles (ENC-10), so nothing is negotiated first; Mercurial's server decodes none
 *     (docs/spec-decisions.md). Default {@code null}: requests go out unencoded, as Mercurial's client sends them.
 */
public record ClientConfig(
    List<String> contentEncodings,
    int maxConcurrentRequests,
    int maxFrameSize,
    int maxInboundFrameSize,
    Duration requestTimeout,
    Duration idleTimeout,
    Duration frameReadTimeout,
    int maxEmptyFrames,
    long maxOutboundBytes,
    ByteStringMode byteStrings,
    CborLimits cborLimits,
    EncodingProfiles profiles,
    StreamLimits streamLimits,
    String sendEncoding) {

  /** How a response's top-level indefinite-length byte strings reach the application. */
  public enum ByteStringMode {
    /** Assembled into one {@link org.framewire.cbor.CborValue.IndefiniteBytes} value. */
    ASSEMBLE,
    /** Handed over chunk by chunk as {@link ClientEvent.ResponseChunk} events, never held whole. */
    STREAM
  }

  /** The defaults. */
  public static final ClientConfig DEFAULTS =
      new ClientConfig(
          EncodingProfiles.defaults().names(),
          RequestTable.ID_COUNT,
          32768,
          FrameDecoder.DEFAULT_MAX_FRAME_SIZE,
          Duration.ZERO,
          Duration.ZERO,
          Duration.ofSeconds(30),
          256,
          16L << 20,
          ByteStringMode.ASSEMBLE,
          CborLimits.DEFAULT,
          EncodingProfiles.defaults(),
          StreamLimits.DEFAULT,
          null);

  public ClientConfig {
    contentEncodings = List.copyOf(contentEncodings);
    Objects.requireNonNull(profiles, "profiles");
    for (String name : contentEncodings) {
      if (profiles.find(name).isEmpty()) {
        throw new IllegalArgumentException("advertised encoding " + name + " is not among " + profiles.names());
      }
    }
    if (maxConcurrentRequests < 1 || maxConcurrentRequests > RequestTable.ID_COUNT) {
      throw new IllegalArgumentException("maxConcurrentRequests " + maxConcurrentRequests + " outside 1..32768");
    }
    ServerConfig.frameSize("maxFrameSize", maxFrameSize);
    ServerConfig.frameSize("maxInboundFrameSize", maxInboundFrameSize);
    ServerConfig.notNegative("requestTimeout", requestTimeout);
    ServerConfig.notNegative("idleTimeout", idleTimeout);
    ServerConfig.notNegative("frameReadTimeout", frameReadTimeout);
    if (maxEmptyFrames < 1) {
      throw new IllegalArgumentException("maxEmptyFrames " + maxEmptyFrames + " is not positive");
    }
    if (maxOutboundBytes < 1) {
      throw new IllegalArgumentException("maxOutboundBytes " + maxOutboundBytes + " is not positive");
    }
    Objects.requireNonNull(byteStrings, "byteStrings");
    Objects.requireNonNull(cborLimits, "cborLimits");
    Objects.requireNonNull(streamLimits, "streamLimits");
    if (sendEncoding != null && profiles.find(sendEncoding).isEmpty()) {
      throw new IllegalArgumentException("send encoding " + sendEncoding + " is not among " + profiles.names());
    }
  }

  public ClientConfig withContentEncodings(List<String> names) {
    return new ClientConfig(
        names, maxConcurrentRequests, maxFrameSize, maxInboundFrameSize, requestTimeout,
        idleTimeout, frameReadTimeout, maxEmptyFrames, maxOutboundBytes, byteStrings, cborLimits,
        profiles, streamLimits, sendEncoding);
  }

  public ClientConfig withMaxConcurrentRequests(int n) {
    return new ClientConfig(
        contentEncodings, n, maxFrameSize, maxInboundFrameSize, requestTimeout, idleTimeout,
        frameReadTimeout, maxEmptyFrames, maxOutboundBytes, byteStrings, cborLimits, profiles,
        streamLimits, sendEncoding);
  }

  public ClientConfig withMaxFrameSize(int n) {
    return new ClientConfig(
        contentEncodings, maxConcurrentRequests, n, maxInboundFrameSize, requestTimeout,
        idleTimeout, frameReadTimeout, maxEmptyFrames, maxOutboundBytes, byteStrings, cborLimits,
        profiles, streamLimits, sendEncoding);
  }

  public ClientConfig withMaxInboundFrameSize(int n) {
    return new ClientConfig(
        contentEncodings, maxConcurrentRequests, maxFrameSize, n, requestTimeout, idleTimeout,
        frameReadTimeout, maxEmptyFrames, maxOutboundBytes, byteStrings, cborLimits, profiles,
        streamLimits, sendEncoding);
  }

  public ClientConfig withTimeouts(Duration request, Duration idle, Duration frameRead) {
    return new ClientConfig(
        contentEncodings, maxConcurrentRequests, maxFrameSize, maxInboundFrameSize, request, idle,
        frameRead, maxEmptyFrames, maxOutboundBytes, byteStrings, cborLimits, profiles,
        streamLimits, sendEncoding);
  }

  public ClientConfig withMaxEmptyFrames(int n) {
    return new ClientConfig(
        contentEncodings, maxConcurrentRequests, maxFrameSize, maxInboundFrameSize, requestTimeout,
        idleTimeout, frameReadTimeout, n, maxOutboundBytes, byteStrings, cborLimits, profiles,
        streamLimits, sendEncoding);
  }

  public ClientConfig withMaxOutboundBytes(long n) {
    return new ClientConfig(
        contentEncodings, maxConcurrentRequests, maxFrameSize, maxInboundFrameSize, requestTimeout,
        idleTimeout, frameReadTimeout, maxEmptyFrames, n, byteStrings, cborLimits, profiles,
        streamLimits, sendEncoding);
  }

  public ClientConfig withByteStrings(ByteStringMode mode) {
    return new ClientConfig(
        contentEncodings, maxConcurrentRequests, maxFrameSize, maxInboundFrameSize, requestTimeout,
        idleTimeout, frameReadTimeout, maxEmptyFrames, maxOutboundBytes, mode, cborLimits,
        profiles, streamLimits, sendEncoding);
  }

  public ClientConfig withCborLimits(CborLimits limits) {
    return new ClientConfig(
        contentEncodings, maxConcurrentRequests, maxFrameSize, maxInboundFrameSize, requestTimeout,
        idleTimeout, frameReadTimeout, maxEmptyFrames, maxOutboundBytes, byteStrings, limits,
        profiles, streamLimits, sendEncoding);
  }

  public ClientConfig withProfiles(EncodingProfiles p) {
    return new ClientConfig(
        p.names(), maxConcurrentRequests, maxFrameSize, maxInboundFrameSize, requestTimeout,
        idleTimeout, frameReadTimeout, maxEmptyFrames, maxOutboundBytes, byteStrings, cborLimits,
        p, streamLimits, sendEncoding);
  }

  public ClientConfig withStreamLimits(StreamLimits limits) {
    return new ClientConfig(
        contentEncodings, maxConcurrentRequests, maxFrameSize, maxInboundFrameSize, requestTimeout,
        idleTimeout, frameReadTimeout, maxEmptyFrames, maxOutboundBytes, byteStrings, cborLimits,
        profiles, limits, sendEncoding);
  }

  /** This configuration sending its requests in {@code name}'s encoding, or unencoded for {@code null}. */
  public ClientConfig withSendEncoding(String name) {
    return new ClientConfig(
        contentEncodings, maxConcurrentRequests, maxFrameSize, maxInboundFrameSize, requestTimeout,
        idleTimeout, frameReadTimeout, maxEmptyFrames, maxOutboundBytes, byteStrings, cborLimits,
        profiles, streamLimits, name);
  }
}
