package org.framewire.session;

import java.nio.charset.StandardCharsets;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.ProtocolException;

/**
 * Payloads of error-response frames (SPEC.md §7.1, ERR-1), shaped exactly as Mercurial's {@code
 * createerrorframe} shapes them: {@code {b'type': TYPE, b'message': [{b'msg': MESSAGE}]}}.
 */
final class ErrorPayloads {
  /** Error type of a protocol violation by the peer (ERR-2). */
  static final String PROTOCOL = "protocol";
  /** Error type of a failure on the server's side. */
  static final String SERVER = "server";

  private ErrorPayloads() {}

  /** The error map for {@code type} with one message atom. */
  static CborValue.MapValue errorMap(String type, String message) {
    return CborValue.MapValue.of(
        CborValue.bytes("type"), CborValue.bytes(type),
        CborValue.bytes("message"),
        CborValue.Array.of(
            CborValue.MapValue.of(
                CborValue.bytes("msg"), new CborValue.Bytes(message.getBytes(StandardCharsets.UTF_8)))));
  }

  /** The encoded error map for {@code type} with one message atom. */
  static byte[] encode(String type, String message) {
    return CborEncoder.encode(errorMap(type, message));
  }

  /** The protocol error payload for {@code e}: its message begins with the requirement id. */
  static byte[] protocol(ProtocolException e) {
    return encode(PROTOCOL, e.getMessage());
  }
}
