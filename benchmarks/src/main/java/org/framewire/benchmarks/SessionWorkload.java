package org.framewire.benchmarks;

import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;

/**
 * The request+response cycle measured against Mercurial: the client sends the command {@code
 * lookup} with one argument; the server answers with one changeset-like map ({@value #RESPONSE_CBOR_BYTES} bytes
 * of CBOR). No content encoding. {@code mercurial-baseline.py} builds the same request and value.
 */
final class SessionWorkload {

  /** The encoded size of {@link #RESPONSE}; docs/benchmarks.md quotes it. */
  static final int RESPONSE_CBOR_BYTES = 299;

  private SessionWorkload() {}

  static final CommandRequest REQUEST =
      CommandRequest.of("lookup", CborValue.MapValue.of(CborValue.bytes("key"), CborValue.bytes("tip")));

  static final CborValue RESPONSE = CborValue.MapValue.of(
      CborValue.bytes("node"), CborValue.bytes(filled(20, 0x01)),
      CborValue.bytes("parents"),
      CborValue.Array.of(CborValue.bytes(filled(20, 0x02)), CborValue.bytes(filled(20, 0x00))),
      CborValue.bytes("user"), CborValue.bytes("Alice Example <alice@example.org>"),
      CborValue.bytes("date"), CborValue.Array.of(CborValue.of(1_700_000_000L), CborValue.of(0)),
      CborValue.bytes("description"), CborValue.bytes("fix stream encoding of frame decoder limits"),
      CborValue.bytes("files"), new CborValue.Array(List.of(
          CborValue.bytes("src/main/java/org/example/frame/FrameDecoder.java"),
          CborValue.bytes("src/main/java/org/example/stream/OutboundStream.java"))));

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }
}
