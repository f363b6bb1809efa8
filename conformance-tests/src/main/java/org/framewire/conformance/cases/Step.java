package org.framewire.conformance.cases;

import java.util.HexFormat;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameNotation;

/**
 * One step of a case's script: what the suite does to the target, in order (docs/conformance/case-format.md).
 * Frames are written in frame notation (SPEC.md §1.4, {@link FrameNotation}).
 */
public sealed interface Step {

  /** {@code {"send": "1 1 stream-begin command-request new cbor:{b'name': b'echo'}"}}: one frame. */
  record Send(String notation, Frame frame) implements Step {}

  /** {@code {"sendHex": "0000..."}}: raw bytes, for frames the notation cannot write (bad headers). */
  record SendHex(byte[] bytes) implements Step {
    @Override
    public String toString() {
      return "SendHex[" + HexFormat.of().formatHex(bytes) + "]";
    }
  }

  /**
   * {@code {"sendPart": NOTATION, "bytes": N}}: the first {@code bytes} bytes of the encoded frame
   * only, e.g. a header cut in half (SPEC.md §2.1, FRAME-6).
   */
  record SendPart(String notation, Frame frame, int bytes) implements Step {}

  /**
   * {@code {"sendEncoded": NOTATION, "encoding": "zstd-8mb", "flush": "sync", "zeros": N}}: one
   * frame whose payload (the notation's payload, then {@code zeros} zero bytes) is fed into the
   * suite's compression context for the frame's stream, the frame carrying what the context emits
   * (SPEC.md §4.3). One context per stream id lives from the stream's first {@code sendEncoded}
   * until a frame with {@code stream-end} is sent on the stream, across requests ({@code ENC-3}).
   * The header, including whether it carries {@code encoded}, is the notation's.
   *
   * @param notation the frame with its unencoded payload
   * @param frame the parsed notation, unencoded
   * @param encoding the profile name, e.g. {@code zlib}
   * @param flush what the context does after the payload
   * @param zeros zero bytes fed after the notation's payload, for payloads too big to write out
   */
  record SendEncoded(String notation, Frame frame, String encoding, Flush flush, long zeros) implements Step {}

  /**
   * What the suite's compression context does after a {@link SendEncoded} frame's payload; the JSON
   * value is the lower-case name.
   */
  enum Flush {
    /** A flush point: everything fed so far becomes decodable ({@code ENC-4}); the default. */
    SYNC,
    /** Nothing: the context may hold input back for a later frame. */
    NONE,
    /** The member ends (zlib {@code Z_FINISH}, the zstd frame's end). */
    END;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Flush ofLabel(String s) {
      return java.util.Arrays.stream(values()).filter(f -> f.label().equals(s)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("flush must be sync, none or end, not " + s));
    }
  }

  /** {@code {"pause": MILLIS}}: wait, letting the target react (a case using it is interactive). */
  record Pause(long millis) implements Step {}

  /** {@code {"halfClose": true}}: end the suite's output (TRANS-6). */
  record HalfClose() implements Step {}

  /** Parses a frame line, with the step index in the error. */
  static Frame frame(String notation) {
    return FrameNotation.parse(notation);
  }
}
