package org.framewire.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameEncoder;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.spec.Requirement;

/**
 * The error-response frame (SPEC.md §7.2) for a violation a transport detects itself, such as a
 * single-command HTTP request whose frames name another command (TRANS-5): type {@code protocol},
 * request id 0 and the requirement id under {@code requirement} (ERR-3), message atom {@code
 * {msg: "%s: %s", args: [id, detail]}} as SPEC.md recommends.
 *
 * <p>The session's own output uses stream 2, the first server stream; this frame opens and ends a
 * stream of its own, {@link #STREAM_ID}, as SPEC.md §7.2 allows ("or opens a new one for it"), so
 * it never depends on the state or encoding of the session's stream.
 */
final class ProtocolErrors {

  /** The stream the frame travels on alone: the last even id, which a session never reaches. */
  static final int STREAM_ID = 254;

  private ProtocolErrors() {}

  /** The frame reporting a violation of {@code requirement}. */
  static Frame violationFrame(Requirement requirement, String detail) {
    CborValue.MapValue atom = CborValue.MapValue.of(
        CborValue.Bytes.of("msg"), CborValue.Bytes.of("%s: %s"),
        CborValue.Bytes.of("args"), CborValue.Array.of(
            CborValue.Bytes.of(requirement.id()),
            new CborValue.Bytes(detail.getBytes(StandardCharsets.UTF_8))));
    CborValue.MapValue error = CborValue.MapValue.of(
        CborValue.Bytes.of("type"), CborValue.Bytes.of("protocol"),
        CborValue.Bytes.of("message"), CborValue.Array.of(atom),
        CborValue.Bytes.of("requirement"), CborValue.Bytes.of(requirement.id()));
    return Frame.of(0, STREAM_ID, StreamFlags.BEGIN | StreamFlags.END, FrameType.ERROR_RESPONSE, 0,
        CborEncoder.encode(error));
  }

  /** The frame's bytes, header and payload, gather-ready. */
  static ByteBuffer[] violationBuffers(Requirement requirement, String detail) {
    return FrameEncoder.gather(violationFrame(requirement, detail));
  }
}
