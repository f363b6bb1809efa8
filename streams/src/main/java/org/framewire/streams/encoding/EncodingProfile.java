package org.framewire.streams.encoding;

import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;

/**
 * A content-encoding profile (SPEC.md §4.2): a wire name and a factory of encoder and decoder
 * contexts.
 *
 * <p>The stream-settings frame (§4.1, {@code ENC-1}) carries a CBOR sequence: the profile name as
 * a byte string, then {@link #settingsValues()}. A receiver looks the name up in its {@link
 * EncodingProfiles} and calls {@link #newDecoder(List)} with the values that followed it.
 *
 * <p>To add a profile, implement this interface and register the instance with {@link
 * EncodingProfiles#with(EncodingProfile)} or {@link EncodingProfiles#of(EncodingProfile...)}.
 * Implementations are immutable and thread-safe (they are shared by every stream of every
 * connection); the encoders and decoders they create are confined to one thread at a time.
 */
public interface EncodingProfile {

  /**
   * The wire name: non-empty printable ASCII, sent as a CBOR byte string in stream settings and
   * listed in the {@code contentencodings} sender setting (§8.2).
   */
  String name();

  /**
   * The profile-specific values a sender writes after the name in its stream-settings payload.
   * Empty for the built-in profiles, which take no parameters.
   */
  default List<CborValue> settingsValues() {
    return List.of();
  }

  /**
   * Whether the profile leaves payload bytes unchanged. Streams do not instantiate contexts for
   * such a profile: they pass payloads through without copying, and its decoders do not count
   * against the live decoder-context limit ({@code ENC-12}). Only {@code identity} is.
   */
  default boolean isIdentity() {
    return false;
  }

  /**
   * Whether the profile's encoded bytes may be a sequence of members (SPEC.md §4.2): then a member
   * may end mid-stream and complete members made elsewhere (pre-encoded, e.g. cached) may be
   * spliced in between members. True for {@code zstd-8mb} (a sequence of zstd frames) and {@code
   * identity}; false for {@code zlib}, whose stream may be finished only on the stream's last
   * frame, and false unless overridden.
   */
  default boolean supportsMembers() {
    return false;
  }

  /** A fresh encoder context for one outbound stream. */
  ContentEncoder newEncoder();

  /**
   * A fresh decoder context for one inbound stream.
   *
   * @param values the CBOR values that followed the name in the stream-settings payload
   * @throws ProtocolException citing {@code ENC-1} when the values are not what this profile
   *     takes
   */
  ContentDecoder newDecoder(List<CborValue> values) throws ProtocolException;
}
