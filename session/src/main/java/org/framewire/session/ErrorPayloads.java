package org.framewire.session;

import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;

/**
 * Payloads of error-response frames (SPEC.md §7.1, ERR-1), shaped as Mercurial's {@code
 * createerrorframe} shapes them — {@code {b'type': TYPE, b'message': [ATOM]}} — plus, for a
 * protocol error, the {@code requirement} key of ERR-3 and the recommended atom {@code {b'msg':
 * b'%s: %s', b'args': [ID, DETAIL]}}.
 */
final class ErrorPayloads {
  /** Error type of a protocol violation by the peer (ERR-2). */
  static final String PROTOCOL = "protocol";
  /** Error type of a failure on the server's side (ERR-4). */
  static final String SERVER = "server";

  private ErrorPayloads() {}

  /** The payload of an error of {@code type} with one message atom. */
  static byte[] encode(String type, TextAtom atom, String requirement) {
    List<CborValue.Entry> entries = new ArrayList<>(3);
    entries.add(new CborValue.Entry(CborValue.bytes("type"), CborValue.bytes(type)));
    entries.add(new CborValue.Entry(CborValue.bytes("message"), CborValue.Array.of(atom.toCbor())));
    if (requirement != null) {
      entries.add(new CborValue.Entry(CborValue.bytes("requirement"), CborValue.bytes(requirement)));
    }
    return CborEncoder.encode(new CborValue.MapValue(entries));
  }

  /** The payload of a {@code server} error whose message is {@code message} as is. */
  static byte[] server(String message) {
    return encode(SERVER, TextAtom.of(message.replace("%", "%%")), null);
  }

  /** The payload of the protocol error for {@code e} (ERR-3). */
  static byte[] protocol(ProtocolException e) {
    String id = e.requirement().id();
    return encode(PROTOCOL, new TextAtom("%s: %s", List.of(id, e.detail()), List.of()), id);
  }
}
