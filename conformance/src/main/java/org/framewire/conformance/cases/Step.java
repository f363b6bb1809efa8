package org.framewire.conformance.cases;

import java.io.ByteArrayOutputStream;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * {@code {"stopReading": true}}: from here the suite leaves the target's output unread (LIMIT-3);
   * sends that the target does not take within {@link #STALL} mark the input as stalled, and the
   * steps after a stall queue their bytes behind it.
   */
  record StopReading() implements Step {}

  /** {@code {"resumeReading": true}}: read the target's output again; queued input follows as the target reads. */
  record ResumeReading() implements Step {}

  /** How long a target may take none of the suite's input before it counts as having stopped reading. */
  java.time.Duration STALL = java.time.Duration.ofMillis(500);

  /**
   * {@code {"tls": "handshake", "alpn": ["framewire"]}}: how a TLS case (needs.transport {@code tls},
   * SPEC.md §9.3) opens its connection, as the first step; the engine's {@code TlsOpening} plays it.
   * {@code handshake} completes a handshake offering {@code alpn} (empty: no ALPN extension) and
   * the later steps run over it; {@code plaintext}, {@code stall} and {@code tls1.1} are probes that
   * end the case themselves: the target closes unserved within the bound, or the case fails.
   *
   * @param opening what the suite does in place of framewire's own handshake
   * @param alpn the ALPN protocol ids offered by a {@code handshake}
   */
  record Tls(Opening opening, List<String> alpn) implements Step {
    public Tls {
      alpn = List.copyOf(alpn);
    }

    /** The openings; the JSON value is the label. */
    public enum Opening {
      /** A TLS handshake offering the step's ALPN ids, then the case's frames over it. */
      HANDSHAKE("handshake"),
      /** A plaintext command request on the TLS port: closed unserved (TRANS-15). */
      PLAINTEXT("plaintext"),
      /** A ClientHello cut short, then nothing: closed within the handshake timeout (TRANS-15). */
      STALL("stall"),
      /** A ClientHello offering TLS 1.1 alone: refused (TRANS-11). */
      TLS11("tls1.1");

      private final String label;

      Opening(String label) {
        this.label = label;
      }

      public String label() {
        return label;
      }

      static Opening ofLabel(String s) {
        return java.util.Arrays.stream(values()).filter(o -> o.label.equals(s)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("tls must be handshake, plaintext, stall or tls1.1, not " + s));
      }
    }
  }

  /** {@code {"halfClose": true}}: end the suite's output (TRANS-6). */
  record HalfClose() implements Step {}

  /**
   * Frames sent as one write, in order: what a {@code repeat} expands to (a socket target reads
   * the target's output once after the whole batch, not after each frame).
   *
   * @param steps {@link Send}, {@link SendHex} and {@link SendPart} steps only
   */
  record Batch(List<Step> steps) implements Step {
    public Batch {
      steps = List.copyOf(steps);
      for (Step s : steps) {
        if (!(s instanceof Send || s instanceof SendHex || s instanceof SendPart)) {
          throw new IllegalArgumentException("a repeat holds sends only, not " + s);
        }
      }
    }

    /** The bytes of every step, in order. */
    public byte[] bytes() {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (Step s : steps) {
        out.writeBytes(Step.bytes(s));
      }
      return out.toByteArray();
    }
  }

  /**
   * {@code {"http": {"method": "GET", "path": "{prefix}/ro/echo", "headers": {"Accept": null},
   * "body": [NOTATION, ...]}}}: one HTTP exchange of its own (SPEC.md §9.2), for HTTP-only cases.
   * The path is relative to the target's {@code /api/}, {@code {prefix}} standing for its API
   * prefix; Accept and Content-Type default to the framing media type, a null header value leaves
   * the header out.
   *
   * @param method the request method, {@code POST} unless given
   * @param path the path under {@code /api/}
   * @param headers header name to value, null to leave out; these replace the defaults
   * @param body the request body's frames in frame notation
   */
  record Http(String method, String path, Map<String, String> headers, List<String> body) implements Step {
    public Http {
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      body = List.copyOf(body);
      body.forEach(Step::frame);
    }

    /** The request body: the frames, encoded one after the other. */
    public byte[] bodyBytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      body.forEach(n -> out.writeBytes(frame(n).toBytes()));
      return out.toByteArray();
    }
  }

  /**
   * A step with template expressions ({@code ${...}}, {@code repeat}, {@code fill}, a pause or
   * byte count given as an expression), resolved against the target's capabilities when the case
   * runs ({@link CaseLoader#resolve}).
   */
  record Template(com.fasterxml.jackson.databind.JsonNode json) implements Step {}

  /** The bytes a send step writes. */
  static byte[] bytes(Step s) {
    if (s instanceof Send send) {
      return send.frame().toBytes();
    }
    if (s instanceof SendHex hex) {
      return hex.bytes();
    }
    if (s instanceof SendPart part) {
      return java.util.Arrays.copyOf(part.frame().toBytes(), Math.min(part.bytes(), part.frame().toBytes().length));
    }
    throw new IllegalArgumentException("not a send step: " + s);
  }

  /** Parses a frame line, with the step index in the error. */
  static Frame frame(String notation) {
    return FrameNotation.parse(notation);
  }
}
