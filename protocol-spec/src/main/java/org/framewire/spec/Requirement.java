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
  FRAME_HEADER_LAYOUT("FRAME-1", Level.MUST, "Every frame starts with the 8-byte header of §2.1: 24-bit LE length, 16-bit LE request id, stream id, stream flags, type and flags."),
  FRAME_MAX_SIZE("FRAME-2", Level.MUST, "A payload longer than the receiver's maximum frame size is a protocol error, detected from the header alone before buffering."),
  FRAME_TYPE_KNOWN("FRAME-3", Level.MUST, "A frame of a reserved type (0, 4, 10 to 15) is a protocol error."),
  FRAME_FLAGS_DEFINED("FRAME-4", Level.MUST, "Frame flags not defined for the frame's type are zero; a receiver rejects a frame with one set."),
  FRAME_STREAM_FLAGS_DEFINED("FRAME-5", Level.MUST, "Stream flag bits other than begin, end and encoded are zero; a receiver rejects a frame with one set."),
  FRAME_TRUNCATED("FRAME-6", Level.MUST, "A byte stream that ends inside a frame is a protocol error; the partial frame is discarded."),
  FRAME_REQUEST_ID_PARITY("FRAME-7", Level.MUST, "Client frames carry odd request ids; server frames carry a client request's id, or 0 on a protocol error-response."),
  FRAME_SENDER_MAX_SIZE("FRAME-8", Level.MUST_NOT, "A sender never emits a frame longer than the peer's maximum frame size (65535 unless configured)."),
  FRAME_DIRECTION("FRAME-9", Level.MUST, "A frame of a type the sender's role may not send (§2.2) is a protocol error."),
  FRAME_CHECK_ORDER("FRAME-10", Level.MUST, "A header breaking several header rules is reported as the first of FRAME-2, FRAME-3, FRAME-5, FRAME-4."),

  // §3 Streams
  STREAM_ID_PARITY("STREAM-1", Level.MUST, "Clients use odd stream ids, servers even ones; stream id 0 is never used."),
  STREAM_BEGIN_FIRST("STREAM-2", Level.MUST, "The first frame on a stream that is not open carries the begin flag."),
  STREAM_BEGIN_ONCE("STREAM-3", Level.MUST_NOT, "The begin flag is not set on a stream that is already open."),
  STREAM_END_CLOSES("STREAM-4", Level.MUST, "The end flag closes a stream; its id may be opened again only with the begin flag, as a fresh stream."),
  STREAM_ENCODED_NEEDS_SETTINGS("STREAM-5", Level.MUST, "The encoded flag is set only after the stream's encoding settings were completely sent."),
  STREAM_OPEN_LIMIT("STREAM-6", Level.MUST, "A receiver bounds the number of streams open at once and rejects one more."),
  STREAM_ENCODED_TYPES("STREAM-7", Level.MUST_NOT, "Error-response, text-output, progress and both settings frame types never carry the encoded flag."),

  // §4 Content encoding
  ENC_SETTINGS_FORMAT("ENC-1", Level.MUST, "A stream-settings payload is a CBOR sequence: the profile name, then that profile's values; its frames carry exactly one of continuation and eos."),
  ENC_UNKNOWN_PROFILE("ENC-2", Level.MUST, "A stream-settings frame naming a profile the receiver does not support is a protocol error."),
  ENC_CONTEXT_SPANS_STREAM("ENC-3", Level.MUST, "One compression context serves all encoded frames of a stream, across requests, until the stream ends."),
  ENC_FLUSH_PER_RESPONSE("ENC-4", Level.MUST, "A sender flushes its encoder at the end of every message, and encoded frames between two flush points of a stream belong to one message."),
  ENC_ZSTD_WINDOW("ENC-5", Level.MUST, "zstd-8mb data never needs a window larger than 8 MiB; a receiver rejects data that does."),
  ENC_DECODED_LIMIT("ENC-6", Level.MUST, "A receiver bounds the decoded size of a frame and of a message and stops decoding at the bound."),
  ENC_SETTINGS_ONCE("ENC-7", Level.MUST, "Stream settings are sent at most once per stream, before its first encoded frame."),
  ENC_CORRUPT("ENC-8", Level.MUST, "Encoded data the stream's decoder cannot decode is a protocol error."),
  ENC_SETTINGS_CONTIGUOUS("ENC-9", Level.MUST, "After a stream-settings frame with continuation, the next frame on that stream is a stream-settings frame."),
  ENC_SERVER_DECODES("ENC-10", Level.MUST, "A server accepts all three profiles on client streams and decodes their encoded frames."),
  ENC_FLUSH_INTERVAL("ENC-11", Level.MUST, "A sender reaches a flush point at least every 2^24 input bytes, so no encoded frame decodes to more than 2^24 bytes."),
  ENC_CONTEXT_LIMIT("ENC-12", Level.MUST, "A receiver bounds the number of decoder contexts in a session and rejects stream settings for one more."),

  // §5 CBOR payloads
  CBOR_WELL_FORMED("CBOR-1", Level.MUST, "Every CBOR payload is well-formed and within the data model of §5.1; a malformed or truncated item is a protocol error."),
  CBOR_LIMITS("CBOR-2", Level.MUST, "A receiver bounds nesting depth, item counts and declared lengths before allocating for them."),
  CBOR_DETERMINISTIC("CBOR-3", Level.SHOULD, "Senders encode with shortest heads, definite lengths and sorted map keys, except indefinite byte strings for streamed data."),
  CBOR_ITEM_COUNT("CBOR-4", Level.MUST, "A CBOR unit holds exactly the number of top-level items its type defines and no trailing bytes."),
  CBOR_NO_DUPLICATES("CBOR-5", Level.MUST_NOT, "A map never holds two equal keys and a set never two equal items."),

  // §6 Command protocol
  CMD_REQUEST_MAP("CMD-1", Level.MUST, "A command request payload is a CBOR map holding the command name and optionally args, files and redirect."),
  CMD_NEW_FLAG("CMD-2", Level.MUST, "The first frame of a request carries new and not continuation; later frames carry continuation and not new."),
  CMD_ID_IN_FLIGHT("CMD-3", Level.MUST, "A new request whose id is already in flight is a protocol error."),
  CMD_UNKNOWN_REQUEST("CMD-4", Level.MUST, "A continuation, command-data frame or response for a request id not in flight is a protocol error."),
  CMD_DATA_EXPECTED("CMD-5", Level.MUST, "Command data is sent only for a request flagged have-data, each frame with continuation or eos, ends with eos, and nothing follows the eos."),
  CMD_REQUEST_LIMIT("CMD-6", Level.MUST, "A receiver bounds the bytes of a command request and the command data it buffers."),
  CMD_STATUS_FIRST("CMD-7", Level.MUST, "The first value of a response is the status map, with status ok, error or redirect."),
  CMD_RESPONSE_EOS("CMD-8", Level.MUST, "A response ends with a command-response frame carrying eos (or a server error-response); no response frame follows it for that request."),
  CMD_REDIRECT_ADVERTISED("CMD-9", Level.MUST, "A server sends a content redirect only to a client that advertised redirect targets."),
  CMD_ERROR_MAP("CMD-10", Level.MUST, "A command error response is only a status map with status error and an error map with message and, if any, args."),
  CMD_CONCURRENCY_LIMIT("CMD-11", Level.MUST, "A server paces requests received and not yet answered by pausing input, never failing a pipeline, and rejects a request beyond the bound on requests still being received."),
  CMD_INTERLEAVE("CMD-12", Level.MUST, "Frames of different requests may interleave; a receiver routes each frame by request id."),
  CMD_UNKNOWN_KEYS("CMD-13", Level.MUST, "A server ignores command request map keys the spec does not define."),
  CMD_REQUEST_FRAME_FLAGS("CMD-14", Level.MUST, "All command-request frames but the last carry more, have-data is on all or none, and nothing follows the last."),
  CMD_ALWAYS_RESPONDS("CMD-15", Level.MUST, "Every dispatched request gets exactly one response; a command yielding no objects still gets a status map and eos."),
  CMD_RESPONSE_FLAGS("CMD-16", Level.MUST, "Each command-response frame carries exactly one of continuation and eos, and one response stays on one stream."),
  CMD_REDIRECT_ALONE("CMD-17", Level.MUST, "A redirect response holds nothing after its status map."),
  CMD_UNKNOWN_COMMAND("CMD-18", Level.MUST, "A request for a command the server does not implement gets a command error response."),

  // §7 Error, text output, progress
  ERR_PAYLOAD("ERR-1", Level.MUST, "An error-response payload is a CBOR map with type (protocol or server) and message atoms."),
  ERR_PROTOCOL_CLOSE("ERR-2", Level.MUST, "After a protocol violation the receiver stops reading, sends (if server) an unencoded error frame of type protocol, and closes the session."),
  ERR_PROTOCOL_REQUIREMENT("ERR-3", Level.MUST, "A protocol error-response carries request id 0 and names the broken requirement id under the key requirement."),
  ERR_SERVER_ENDS_REQUEST("ERR-4", Level.MUST, "An error-response of type server ends its request; no frame of that request follows."),
  ERR_PROTOCOL_RECEIVED("ERR-5", Level.MUST, "A client receiving a protocol error-response fails every request in flight and closes the session."),
  TEXT_ATOMS("TEXT-1", Level.MUST, "A text-output payload is a CBOR array of atoms, each a map with msg and optional args and labels, all in one frame."),
  PROG_PAYLOAD("PROG-1", Level.MUST, "A progress payload is a CBOR map with topic and pos, and optional total, label and item."),

  // §8 Settings
  SET_FIRST("SET-1", Level.MUST, "Sender protocol settings are sent at most once and before any other frame of the client."),
  SET_FORMAT("SET-2", Level.MUST, "Sender protocol settings frames carry exactly one of continuation and eos; their payload is one CBOR map."),
  SET_ENCODING_CHOICE("SET-3", Level.SHOULD, "A server encodes its output with the encoding it prefers most among those the client listed."),
  SET_LIMIT("SET-4", Level.MUST, "A receiver bounds the bytes of sender protocol settings and of stream settings."),
  SET_ENCODING_LISTED("SET-5", Level.MUST_NOT, "A server never uses a profile other than identity that the client did not list."),
  SET_UNKNOWN_KEYS("SET-6", Level.MUST, "A server ignores sender protocol settings keys the spec does not define."),

  // §9 Transports
  TRANSPORT_RAW("TRANS-1", Level.MUST, "The raw transport carries frames both ways over one full-duplex byte stream with no preamble."),
  TRANSPORT_HTTP_MEDIA("TRANS-2", Level.MUST, "HTTP requests and responses carry the media type application/mercurial-exp-framing-0006."),
  TRANSPORT_HTTP_ACCEPT("TRANS-3", Level.MUST, "A server answers 406 to a request without the framing media type in Accept."),
  TRANSPORT_HTTP_CONTENT_TYPE("TRANS-4", Level.MUST, "A server answers 415 to a request whose Content-Type is not the framing media type."),
  TRANSPORT_HTTP_COMMAND_MATCH("TRANS-5", Level.MUST, "A single-command HTTP request holds exactly one command request, naming the command in the URL."),
  TRANSPORT_RAW_EOF("TRANS-6", Level.MUST, "At the client's clean end of input the server finishes dispatched requests, drops the others, then closes."),
  TRANSPORT_HTTP_METHOD("TRANS-7", Level.MUST, "A server answers 405 with Allow: POST to any method but POST on an API path."),
  TRANSPORT_HTTP_NOT_FOUND("TRANS-8", Level.MUST, "A server answers 404 to an API path whose prefix or command it does not serve."),
  TRANSPORT_HTTP_SESSION("TRANS-9", Level.MUST, "Each HTTP exchange is a session of its own; nothing carries over between exchanges."),
  TRANSPORT_HTTP_ERRORS_IN_BAND("TRANS-10", Level.MUST, "After the HTTP checks pass, the server answers 200 and reports protocol errors as error-response frames in the body."),
  TRANSPORT_TLS_VERSIONS("TRANS-11", Level.MUST, "Over TLS, peers negotiate TLS 1.3 or TLS 1.2, never an earlier version."),
  TRANSPORT_TLS_VERIFY("TRANS-12", Level.MUST, "A client verifies the server's certificate chain and name unless its user turned verification off explicitly."),
  TRANSPORT_TLS_ALPN("TRANS-13", Level.SHOULD, "A raw-transport client over TLS offers the ALPN protocol id framewire."),
  TRANSPORT_TLS_ALPN_MISMATCH("TRANS-14", Level.MUST, "A raw-transport server fails a handshake whose ALPN offer lacks framewire (no_application_protocol)."),
  TRANSPORT_TLS_HANDSHAKE("TRANS-15", Level.MUST, "A server closes unserved a connection whose TLS handshake fails or does not finish within its handshake timeout."),

  // §10 Limits
  LIMIT_ENFORCED("LIMIT-1", Level.MUST, "A receiver enforces every limit of §10, checks it before allocating, and reports exceeding it under the table's id."),
  LIMIT_EMPTY_FRAMES("LIMIT-2", Level.MUST, "A receiver bounds the number of consecutive frames with an empty payload."),
  LIMIT_OUTBOUND_QUEUE("LIMIT-3", Level.MUST, "A server stops reading input while its unsent output exceeds the outbound queue limit."),
  LIMIT_FRAME_READ_TIMEOUT("LIMIT-4", Level.MUST, "A frame not complete within the frame-read timeout after its first byte is a protocol error."),
  LIMIT_IDLE_TIMEOUT("LIMIT-5", Level.SHOULD, "A server closes a session with no request in flight and no input for the idle timeout."),
  LIMIT_STREAM_CHURN("LIMIT-6", Level.MUST, "A receiver bounds the streams that end having carried only stream settings, per window of received frames."),
  LIMIT_SEND_TIMEOUT("LIMIT-7", Level.MUST, "A server whose input is paused and whose output owed to the client made no progress for the send timeout fails the session."),
  LIMIT_CLIENT_READS("LIMIT-8", Level.MUST, "A client keeps reading the server's output while bytes of its own requests are not yet written."),

  // Appendix A
  CONFORMANCE_COMMANDS("CONF-1", Level.MUST, "A server under test implements the conformance commands echo, echodata, stream and fail of Appendix A."),
  CONFORMANCE_REDIRECT_FAILAFTER("CONF-2", Level.MUST, "A server under test implements the conformance commands redirect and failafter of Appendix A.");

  /**
   * The strength of a requirement, in the sense of RFC 2119: the capitalised keyword of its SPEC.md
   * sentence (SPEC.md §1.1).
   */
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

  /** The keyword strength of its SPEC.md sentence. */
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
