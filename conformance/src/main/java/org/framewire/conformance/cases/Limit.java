package org.framewire.conformance.cases;

import org.framewire.spec.Requirement;

/**
 * A receiver limit of SPEC.md §10 that a capabilities file declares and case templates read
 * (docs/conformance/README.md, "Capabilities file"), with its JSON name and the default a target
 * is assumed to have when no file says otherwise.
 */
public enum Limit {
  /** Command request bytes per request (CMD-6). */
  MAX_REQUEST_BYTES("maxRequestBytes", "CMD-6", 1L << 20),
  /** Command data buffered per request (CMD-6). */
  MAX_DATA_BYTES("maxDataBytes", "CMD-6", 8L << 20),
  /**
   * Requests in flight still being received, per session (CMD-11): the one request bound that is a
   * violation. Requests received in full are paced by the server, never limited (SPEC.md §6.5).
   */
  MAX_REQUESTS_IN_FLIGHT("maxRequestsInFlight", "CMD-11", 8),
  /** Peer streams not closed, per session (STREAM-6). */
  MAX_OPEN_STREAMS("maxOpenStreams", "STREAM-6", 32),
  /** Decoder contexts per session (ENC-12). */
  MAX_DECODER_CONTEXTS("maxDecoderContexts", "ENC-12", 8),
  /** Sender protocol settings bytes (SET-4). */
  MAX_SETTINGS_BYTES("maxSettingsBytes", "SET-4", 16L << 10),
  /** Stream settings bytes per stream (SET-4). */
  MAX_STREAM_SETTINGS_BYTES("maxStreamSettingsBytes", "SET-4", 4L << 10),
  /** Consecutive frames with an empty payload (LIMIT-2). */
  MAX_EMPTY_FRAMES("maxEmptyFrames", "LIMIT-2", 256),
  /** Streams ending with nothing but stream settings, per window of 1024 frames (LIMIT-6). */
  MAX_EMPTY_STREAMS("maxEmptyStreams", "LIMIT-6", 64),
  /** Outbound queue bytes per session (LIMIT-3). */
  MAX_OUTBOUND_BYTES("maxOutboundBytes", "LIMIT-3", 16L << 20),
  /**
   * Frame-read timeout in milliseconds (LIMIT-4). No default: the SPEC's 30 s is longer than a
   * case may take, so a case needing it runs only when the target declares a short one.
   */
  FRAME_READ_TIMEOUT_MILLIS("frameReadTimeoutMillis", "LIMIT-4", -1),
  /**
   * Send timeout in milliseconds (LIMIT-7): how long a server holds its input paused while none of
   * the output it owes is written. No default, as for the frame-read timeout: the SPEC's 60 s is
   * longer than a case may take, and a host that does not apply it declares none.
   */
  SEND_TIMEOUT_MILLIS("sendTimeoutMillis", "LIMIT-7", -1),
  /**
   * Idle timeout in milliseconds (LIMIT-5, a SHOULD): how long a server keeps a session with no
   * request in flight and no input. No default: the SPEC's 300 s is longer than a case may take, and
   * a server that does not apply one declares none.
   */
  IDLE_TIMEOUT_MILLIS("idleTimeoutMillis", "LIMIT-5", -1),
  /**
   * TLS handshake timeout in milliseconds (TRANS-15). No default: framewire's 10 s is longer than a
   * case may take, so the stalled-handshake case runs only when the target declares a short one.
   */
  TLS_HANDSHAKE_TIMEOUT_MILLIS("tlsHandshakeTimeoutMillis", "TRANS-15", -1);

  private final String jsonName;
  private final Requirement requirement;
  private final long specDefault;

  Limit(String jsonName, String requirement, long specDefault) {
    this.jsonName = jsonName;
    this.requirement = Requirement.byId(requirement);
    this.specDefault = specDefault;
  }

  /** The key in a capabilities file's {@code limits} object and the variable in case templates. */
  public String jsonName() {
    return jsonName;
  }

  /** The requirement under which exceeding the limit is reported (SPEC.md §10). */
  public Requirement requirement() {
    return requirement;
  }

  /** The SPEC.md §10 default, or -1 when a target declares none by default. */
  public long specDefault() {
    return specDefault;
  }

  /** The limit of that JSON name, or null. */
  public static Limit byJsonName(String name) {
    for (Limit l : values()) {
      if (l.jsonName.equals(name)) {
        return l;
      }
    }
    return null;
  }
}
