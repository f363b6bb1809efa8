package org.framewire.session;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.framewire.cbor.CborLimits;
import org.framewire.streams.StreamLimits;
import org.framewire.streams.encoding.EncodingProfiles;

/**
 * Choices and limits of a {@link ClientSession} (SPEC.md §8, §10).
 *
 * @param contentEncodings the content encodings advertised to the server in the
 *     sender-protocol-settings frame, most preferred first (SPEC.md §8.1); each must be one of
 *     {@code profiles}. Empty sends no settings frame, and the server then answers in identity.
 *     Default: every profile of {@code profiles}.
 * @param maxConcurrentRequests requests in flight at once; {@link ClientSession#sendCommand}
 *     refuses one more. Default 100, the floor RFC 9113 §6.5.2 recommends for HTTP/2's equivalent.
 * @param maxFrameSize the largest payload of a frame the client sends (FRAME-8). Default 32768,
 *     the size Mercurial's client uses.
 * @param requestTimeout time from sending a request until its response ends; a request still open
 *     then fails alone with {@link ClientEvent.RequestTimedOut}. {@link Duration#ZERO} disables
 *     (the default: a response may legitimately stream for hours).
 * @param idleTimeout time without any frame while no request is in flight, after which the session
 *     closes; {@link Duration#ZERO} disables (the default).
 * @param byteStrings how top-level indefinite-length byte strings of responses are delivered
 * @param cborLimits bounds on each response value (CBOR-2)
 * @param profiles the content encodings the client decodes. Default {@link
 *     EncodingProfiles#defaults()}: zstd-8mb, zlib, identity.
 * @param streamLimits bounds on the server's streams: open streams, decoder contexts, stream
 *     settings and decoded sizes (STREAM-6, SET-4, ENC-6). Default {@link StreamLimits#DEFAULT}.
 */
public record ClientConfig(
    List<String> contentEncodings,
    int maxConcurrentRequests,
    int maxFrameSize,
    Duration requestTimeout,
    Duration idleTimeout,
    ByteStringMode byteStrings,
    CborLimits cborLimits,
    EncodingProfiles profiles,
    StreamLimits streamLimits) {

  /** How a response's top-level indefinite-length byte strings reach the application. */
  public enum ByteStringMode {
    /** Assembled into one {@link org.framewire.cbor.CborValue.IndefiniteBytes} value. */
    ASSEMBLE,
    /** Handed over chunk by chunk as {@link ClientEvent.ResponseChunk} events, never held whole. */
    STREAM
  }

  public static final ClientConfig DEFAULTS = new ClientConfig(
      EncodingProfiles.defaults().names(), 100, 32768, Duration.ZERO, Duration.ZERO,
      ByteStringMode.ASSEMBLE, CborLimits.DEFAULT, EncodingProfiles.defaults(), StreamLimits.DEFAULT);

  public ClientConfig {
    contentEncodings = List.copyOf(contentEncodings);
    Objects.requireNonNull(profiles, "profiles");
    for (String name : contentEncodings) {
      if (profiles.find(name).isEmpty()) {
        throw new IllegalArgumentException("advertised encoding " + name + " is not among the profiles " + profiles);
      }
    }
    if (maxConcurrentRequests < 1 || maxConcurrentRequests > RequestTable.ID_COUNT) {
      throw new IllegalArgumentException("maxConcurrentRequests " + maxConcurrentRequests);
    }
    if (maxFrameSize < 1 || maxFrameSize > 0xFFFFFF) {
      throw new IllegalArgumentException("maxFrameSize " + maxFrameSize + " outside 1..2^24-1");
    }
    ServerConfig.notNegative("requestTimeout", requestTimeout);
    ServerConfig.notNegative("idleTimeout", idleTimeout);
    Objects.requireNonNull(byteStrings, "byteStrings");
    Objects.requireNonNull(cborLimits, "cborLimits");
    Objects.requireNonNull(streamLimits, "streamLimits");
  }

  public ClientConfig withContentEncodings(List<String> names) {
    return new ClientConfig(
        names, maxConcurrentRequests, maxFrameSize, requestTimeout, idleTimeout, byteStrings, cborLimits, profiles, streamLimits);
  }

  public ClientConfig withMaxConcurrentRequests(int n) {
    return new ClientConfig(
        contentEncodings, n, maxFrameSize, requestTimeout, idleTimeout, byteStrings, cborLimits, profiles, streamLimits);
  }

  public ClientConfig withMaxFrameSize(int n) {
    return new ClientConfig(
        contentEncodings, maxConcurrentRequests, n, requestTimeout, idleTimeout, byteStrings, cborLimits, profiles, streamLimits);
  }

  public ClientConfig withTimeouts(Duration request, Duration idle) {
    return new ClientConfig(
        contentEncodings, maxConcurrentRequests, maxFrameSize, request, idle, byteStrings, cborLimits, profiles, streamLimits);
  }

  public ClientConfig withByteStrings(ByteStringMode mode) {
    return new ClientConfig(
        contentEncodings, maxConcurrentRequests, maxFrameSize, requestTimeout, idleTimeout, mode, cborLimits, profiles, streamLimits);
  }

  public ClientConfig withCborLimits(CborLimits limits) {
    return new ClientConfig(
        contentEncodings, maxConcurrentRequests, maxFrameSize, requestTimeout, idleTimeout, byteStrings, limits, profiles, streamLimits);
  }

  public ClientConfig withProfiles(EncodingProfiles p) {
    return new ClientConfig(
        p.names(), maxConcurrentRequests, maxFrameSize, requestTimeout, idleTimeout, byteStrings, cborLimits, p, streamLimits);
  }

  public ClientConfig withStreamLimits(StreamLimits limits) {
    return new ClientConfig(
        contentEncodings, maxConcurrentRequests, maxFrameSize, requestTimeout, idleTimeout, byteStrings, cborLimits, profiles, limits);
  }
}
