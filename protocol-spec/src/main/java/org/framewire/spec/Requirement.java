package org.framewire.spec;

import java.util.HashMap;
import java.util.Map;

/**
 * The normative requirements of {@code protocol-spec/SPEC.md}, one constant per requirement id.
 *
 * <p>Code cites these constants wherever it enforces a rule, typed protocol errors carry one, tests
 * assert on them, and the conformance suite groups its cases by them. {@code RequirementCatalogTest}
 * keeps this enum and SPEC.md in step: every id here is defined in SPEC.md and every id SPEC.md
 * defines is here. Ids are stable: a requirement that is dropped keeps its id retired, never reused.
 */
public enum Requirement {
  // §2 Frames
  FRAME_HEADER_LAYOUT("FRAME-1", Level.MUST, "Every frame starts with the 8-byte header laid out as in §2.1."),
  FRAME_MAX_SIZE("FRAME-2", Level.MUST, "A payload longer than the receiver's maximum frame size is a protocol error, detected from the header alone."),
  FRAME_TYPE_KNOWN("FRAME-3", Level.MUST, "A frame of a reserved type is a protocol error."),
  FRAME_FLAGS_DEFINED("FRAME-4", Level.MUST, "Frame flags not defined for the frame's type are zero."),
  FRAME_STREAM_FLAGS_DEFINED("FRAME-5", Level.MUST, "Stream flag bits other than begin, end and encoded are zero."),
  FRAME_TRUNCATED("FRAME-6", Level.MUST, "A byte stream that ends inside a frame is a protocol error; the partial frame is discarded."),
  FRAME_REQUEST_ID_PARITY("FRAME-7", Level.MUST, "Request ids of client-initiated requests are odd."),
  FRAME_SENDER_MAX_SIZE("FRAME-8", Level.MUST, "A sender never emits a frame longer than the peer's maximum frame size."),

  // §3 Streams
  STREAM_ID_PARITY("STREAM-1", Level.MUST, "Clients open odd stream ids, servers even ones; stream id 0 is never used."),
  STREAM_BEGIN_FIRST("STREAM-2", Level.MUST, "The first frame on a stream that is not open carries the begin flag."),
  STREAM_BEGIN_ONCE("STREAM-3", Level.MUST, "The begin flag is not set on a stream that is already open."),
  STREAM_END_CLOSES("STREAM-4", Level.MUST, "The end flag closes a stream; its id may be opened again only with the begin flag."),
  STREAM_ENCODED_NEEDS_SETTINGS("STREAM-5", Level.MUST, "The encoded flag is set only after the stream's encoding settings were sent."),
  STREAM_OPEN_LIMIT("STREAM-6", Level.MUST, "A receiver bounds the number of streams open at once and rejects one more."),

  // §4 Content encoding
  ENC_SETTINGS_FORMAT("ENC-1", Level.MUST, "A stream-settings payload is a CBOR sequence: the profile name, then that profile's values; its frames carry continuation or eos."),
  ENC_UNKNOWN_PROFILE("ENC-2", Level.MUST, "A stream-settings frame naming a profile the receiver does not support is a protocol error."),
  ENC_CONTEXT_SPANS_STREAM("ENC-3", Level.MUST, "One compression context serves all encoded frames of a stream, across requests, until the stream ends."),
  ENC_FLUSH_PER_RESPONSE("ENC-4", Level.MUST, "A sender flushes its encoder so that each response's bytes decode completely before the response's final frame ends."),
  ENC_ZSTD_WINDOW("ENC-5", Level.MUST, "zstd-8mb data never needs a window larger than 8 MiB; a receiver rejects data that does."),
  ENC_DECODED_LIMIT("ENC-6", Level.MUST, "A receiver bounds the decoded size of a frame and of a request and stops decoding at the bound."),
  ENC_SETTINGS_ONCE("ENC-7", Level.MUST, "Stream settings are sent at most once per stream, before its first encoded frame."),
  ENC_CORRUPT("ENC-8", Level.MUST, "Encoded data the stream's decoder cannot decode is a protocol error."),

  // §5 CBOR payloads
  CBOR_WELL_FORMED("CBOR-1", Level.MUST, "Every CBOR payload is well-formed; a malformed or truncated item is a protocol error."),
  CBOR_LIMITS("CBOR-2", Level.MUST, "A receiver bounds nesting depth, item counts and declared lengths before allocating for them."),
  CBOR_DETERMINISTIC("CBOR-3", Level.SHOULD, "Senders encode with definite lengths and sorted map keys, except indefinite byte strings for streamed data."),

  // §6 Command protocol
  CMD_REQUEST_MAP("CMD-1", Level.MUST, "A command request payload is a CBOR map holding the command name and optionally args, files and redirect."),
  CMD_NEW_FLAG("CMD-2", Level.MUST, "The first frame of a request carries new and not continuation; later frames carry continuation and not new."),
  CMD_ID_IN_FLIGHT("CMD-3", Level.MUST, "A new request whose id is already in flight is a protocol error."),
  CMD_UNKNOWN_REQUEST("CMD-4", Level.MUST, "A continuation, command-data frame or response for a request id not in flight is a protocol error."),
  CMD_DATA_EXPECTED("CMD-5", Level.MUST, "Command data is sent only for a request flagged have-data, ends with eos, and nothing follows the eos."),
  CMD_REQUEST_LIMIT("CMD-6", Level.MUST, "A receiver bounds the bytes of a command request and the command data it buffers."),
  CMD_STATUS_FIRST("CMD-7", Level.MUST, "The first value of a response is the status map, with status ok, error or redirect."),
  CMD_RESPONSE_EOS("CMD-8", Level.MUST, "A response ends with a command-response frame carrying eos; no response frame follows it for that request."),
  CMD_REDIRECT_ADVERTISED("CMD-9", Level.MUST, "A server sends a content redirect only to a client that advertised redirect targets."),
  CMD_ERROR_MAP("CMD-10", Level.MUST, "A command error response is a status map with status error and an error map with message and args."),
  CMD_CONCURRENCY_LIMIT("CMD-11", Level.MUST, "A receiver bounds the requests in flight on a connection and rejects one more."),
  CMD_INTERLEAVE("CMD-12", Level.MUST, "Frames of different requests may interleave; a receiver routes each frame by request id."),

  // §7 Error, text output, progress
  ERR_PAYLOAD("ERR-1", Level.MUST, "An error-response payload is a CBOR map with type (protocol or server) and message atoms."),
  ERR_PROTOCOL_CLOSE("ERR-2", Level.MUST, "After a protocol violation the receiver sends an error frame of type protocol and closes the session."),
  TEXT_ATOMS("TEXT-1", Level.MUST, "A text-output payload is a CBOR array of atoms, each a map with msg and optional args and labels."),
  PROG_PAYLOAD("PROG-1", Level.MUST, "A progress payload is a CBOR map with topic and position, optional total, unit and label."),

  // §8 Settings
  SET_FIRST("SET-1", Level.MUST, "Sender protocol settings are sent at most once and before any other frame of the client."),
  SET_FORMAT("SET-2", Level.MUST, "Sender protocol settings frames carry continuation or eos; their payload is one CBOR map."),
  SET_ENCODING_CHOICE("SET-3", Level.SHOULD, "A server encodes its output with the encoding it prefers most among those the client listed."),
  SET_LIMIT("SET-4", Level.MUST, "A receiver bounds the bytes of sender protocol settings and of stream settings."),

  // §9 Transports
  TRANSPORT_RAW("TRANS-1", Level.MUST, "The raw transport carries frames both ways over one full-duplex byte stream with no preamble."),
  TRANSPORT_HTTP_MEDIA("TRANS-2", Level.MUST, "HTTP requests and responses carry the media type application/mercurial-exp-framing-0006."),
  TRANSPORT_HTTP_ACCEPT("TRANS-3", Level.MUST, "A server answers 406 to a request without the framing media type in Accept."),
  TRANSPORT_HTTP_CONTENT_TYPE("TRANS-4", Level.MUST, "A server answers 415 to a request whose Content-Type is not the framing media type."),
  TRANSPORT_HTTP_COMMAND_MATCH("TRANS-5", Level.MUST, "The command named in the URL of a single-command request matches the command in its frames.");

  /** The strength of a requirement, in the sense of RFC 2119. */
  public enum Level { MUST, MUST_NOT, SHOULD }

  private static final Map<String, Requirement> BY_ID = new HashMap<>();

  static {
    for (Requirement r : values()) {
      if (BY_ID.put(r.id, r) != null) {
        throw new ExceptionInInitializerError("duplicate requirement id " + r.id);
      }
    }
  }

  private final String id;
  private final Level level;
  private final String summary;

  Requirement(String id, Level level, String summary) {
    this.id = id;
    this.level = level;
    this.summary = summary;
  }

  /** The stable id as written in SPEC.md, e.g. {@code FRAME-2}. */
  public String id() {
    return id;
  }

  public Level level() {
    return level;
  }

  /** One sentence restating the requirement; SPEC.md is authoritative. */
  public String summary() {
    return summary;
  }

  /** The requirement with this id, or {@code null}. */
  public static Requirement byId(String id) {
    return BY_ID.get(id);
  }

  @Override
  public String toString() {
    return id;
  }
}
