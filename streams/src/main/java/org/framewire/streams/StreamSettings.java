package org.framewire.streams;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborLimits;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;
import org.framewire.streams.encoding.EncodingProfile;

/**
 * The payload of a stream's stream-settings frames (SPEC.md §4.1, {@code ENC-1}): a CBOR sequence
 * of the profile name as a byte string, then the profile's values. Mercurial's {@code
 * outputstream.makestreamsettingsframe} writes exactly this, in one frame flagged {@code eos}.
 *
 * @param profileName the profile's wire name
 * @param values the profile-specific values that follow the name
 */
public record StreamSettings(String profileName, List<CborValue> values) {

  /** CBOR bounds for a settings payload, whose size {@code SET-4} already bounds. */
  private static final int MAX_DEPTH = 16;

  public StreamSettings {
    values = List.copyOf(values);
  }

  /** The settings announcing {@code profile}. */
  public static StreamSettings of(EncodingProfile profile) {
    return new StreamSettings(profile.name(), profile.settingsValues());
  }

  /** The encoded payload: the name as a CBOR byte string, then each value. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16);
    CborEncoder.encode(new CborValue.Bytes(profileName.getBytes(StandardCharsets.ISO_8859_1)), out);
    for (CborValue v : values) {
      CborEncoder.encode(v, out);
    }
    return out.toByteArray();
  }

  /**
   * Parses a complete settings payload (all its frames' payloads, concatenated).
   *
   * @throws ProtocolException {@code CBOR-1} or {@code CBOR-2} when the payload is not a
   *     well-formed CBOR sequence within bounds; {@code ENC-1} when it is empty or does not start
   *     with a byte string
   */
  public static StreamSettings parse(ByteBuffer payload) throws ProtocolException {
    int size = payload.remaining();
    // The payload's size is already bounded (SET-4), and the decoder grows string buffers only
    // with bytes received, so a declared length past the end reads as truncation (CBOR-1).
    List<CborValue> items =
        CborDecoder.decodeAll(
            payload, new CborLimits(MAX_DEPTH, Math.max(1, size), CborLimits.DEFAULT_MAX_LENGTH));
    if (items.isEmpty()) {
      throw new ProtocolException(Requirement.ENC_SETTINGS_FORMAT, "stream settings hold no CBOR value");
    }
    if (!(items.get(0) instanceof CborValue.Bytes name)) {
      throw new ProtocolException(
          Requirement.ENC_SETTINGS_FORMAT, "stream settings do not start with a byte-string profile name");
    }
    return new StreamSettings(
        new String(name.value(), StandardCharsets.ISO_8859_1), items.subList(1, items.size()));
  }
}
