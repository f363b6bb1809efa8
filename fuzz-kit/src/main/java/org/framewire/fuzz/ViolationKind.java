package org.framewire.fuzz;

import java.util.List;
import org.framewire.spec.Requirement;

/**
 * The ways a generated client conversation breaks the protocol, each with the requirement it breaks
 * (SPEC.md). A conversation of a kind breaks exactly that requirement once, at its last frame, and
 * nothing else — except where no client frame can break the requirement alone, which {@link
 * #alsoBreaks()} lists; there the check order of SPEC.md §7.2 makes the label unambiguous.
 */
public enum ViolationKind {
  /** A command-data frame longer than the receiver's maximum frame size (§2.4). */
  FRAME_TOO_LONG(Requirement.FRAME_MAX_SIZE),
  /** A frame of a reserved type code: 0, 4, 10 to 15 (§2.2). */
  RESERVED_TYPE(Requirement.FRAME_TYPE_KNOWN),
  /** A command-data or stream-settings frame with a flag its type does not define (§2.3). */
  UNDEFINED_FRAME_FLAG(Requirement.FRAME_FLAGS_DEFINED),
  /** A frame with a stream flag bit from 0x08 to 0x80 (§3.2). */
  UNDEFINED_STREAM_FLAG(Requirement.FRAME_STREAM_FLAGS_DEFINED),
  /** The input ends inside the header of a frame (§2.5). */
  TRUNCATED_HEADER(Requirement.FRAME_TRUNCATED),
  /** The input ends inside the payload of a frame (§2.5). */
  TRUNCATED_PAYLOAD(Requirement.FRAME_TRUNCATED),
  /** A new request with an even request id, 0 included (§2.1). */
  EVEN_REQUEST_ID(Requirement.FRAME_REQUEST_ID_PARITY),
  /** A frame of a type only servers send, for a request in flight (§2.2). */
  SERVER_FRAME_TYPE(Requirement.FRAME_DIRECTION),
  /** A frame on an even stream id (§3.1). */
  EVEN_STREAM_ID(Requirement.STREAM_ID_PARITY),
  /** A frame on stream 0 (§3.1). */
  STREAM_ZERO(Requirement.STREAM_ID_PARITY),
  /** The first frame on a stream never opened lacks stream-begin (§3.3). */
  MISSING_BEGIN(Requirement.STREAM_BEGIN_FIRST),
  /** The first frame on a stream that ended earlier lacks stream-begin (§3.3, STREAM-4). */
  MISSING_BEGIN_AFTER_END(Requirement.STREAM_BEGIN_FIRST),
  /** stream-begin on a stream that is open (§3.3). */
  BEGIN_ON_OPEN_STREAM(Requirement.STREAM_BEGIN_ONCE),
  /**
   * stream-begin on one stream more than the receiver keeps open at once, the others opened by
   * identity stream settings (§3.3, §10). Needs a bound below 128, the odd stream ids.
   */
  TOO_MANY_STREAMS(Requirement.STREAM_OPEN_LIMIT),
  /** The encoded flag on a stream without stream settings (§3.3). */
  ENCODED_BEFORE_SETTINGS(Requirement.STREAM_ENCODED_NEEDS_SETTINGS),
  /**
   * A stream-settings frame with the encoded flag, on a stream without settings: a client's
   * settings frames can only carry it before their settings are complete, so this also breaks
   * STREAM-5, which §7.2 checks after STREAM-7.
   */
  ENCODED_SETTINGS_FRAME(Requirement.STREAM_ENCODED_TYPES, Requirement.STREAM_ENCODED_NEEDS_SETTINGS),
  /** Stream settings naming a profile nobody supports (§4.1). */
  UNKNOWN_PROFILE(Requirement.ENC_UNKNOWN_PROFILE),
  /**
   * Stream settings for one decoder context more than the receiver keeps at once, the others made by
   * zlib and zstd-8mb stream settings on new streams (§4.4, §10).
   */
  TOO_MANY_DECODERS(Requirement.ENC_CONTEXT_LIMIT),
  /** Stream settings on a stream whose settings are complete (§4.1). */
  SETTINGS_TWICE(Requirement.ENC_SETTINGS_ONCE),
  /** A frame that is not stream settings after a stream-settings frame with continuation (§4.1). */
  SETTINGS_INTERRUPTED(Requirement.ENC_SETTINGS_CONTIGUOUS),
  /** An encoded frame whose payload the stream's decoder cannot decode (§4.4). */
  ENCODED_CORRUPT(Requirement.ENC_CORRUPT),
  /**
   * On a new zstd-8mb stream, an encoded command request holding a zstd frame whose header declares
   * a window above 8 MiB (a window descriptor past {@code 0x68}, or a single-segment frame whose
   * content size is above 8 MiB), its one raw block a request map (§4.2).
   */
  ZSTD_WINDOW_TOO_LARGE(Requirement.ENC_ZSTD_WINDOW),
  /**
   * A compression bomb within the frame size: an encoded command-request frame, or the encoded
   * command-data frame of a have-data request, that decodes to more than the receiver's bound of
   * request or data bytes (§4.4, §10). The decoded bytes break CMD-6 as well, which §7.2 checks
   * after ENC-6.
   */
  DECODE_BOMB(Requirement.ENC_DECODED_LIMIT, Requirement.CMD_REQUEST_LIMIT),
  /** Sender protocol settings after another frame (§8.1). */
  SETTINGS_NOT_FIRST(Requirement.SET_FIRST),
  /** Sender protocol settings sent a second time (§8.1). */
  SETTINGS_REPEATED(Requirement.SET_FIRST),
  /**
   * The client's first frame: sender protocol settings with both continuation and eos, or neither;
   * or joined settings that are not a map, or whose {@code contentencodings} is not an array of byte
   * strings (§8.1).
   */
  SETTINGS_MALFORMED(Requirement.SET_FORMAT),
  /** The client's first frames: sender protocol settings longer than the receiver's bound (§8.1, §10). */
  SETTINGS_TOO_LARGE(Requirement.SET_LIMIT),
  /** A command request map that is not a map, or has no byte-string name (§6.1). */
  NOT_A_REQUEST_MAP(Requirement.CMD_REQUEST_MAP),
  /** A command-request frame with both new and continuation (§6.1). */
  NEW_AND_CONTINUATION(Requirement.CMD_NEW_FLAG),
  /** A command-request frame with neither new nor continuation (§6.1). */
  NEITHER_NEW_NOR_CONTINUATION(Requirement.CMD_NEW_FLAG),
  /** A new request whose id is in flight, its frames still arriving (§6.5). */
  NEW_ID_IN_FLIGHT(Requirement.CMD_ID_IN_FLIGHT),
  /** A command-request continuation for a request id never used (§6.5). */
  CONTINUATION_NOT_IN_FLIGHT(Requirement.CMD_UNKNOWN_REQUEST),
  /** Command data for a request in flight that did not announce have-data (§6.2). */
  DATA_WITHOUT_HAVE_DATA(Requirement.CMD_DATA_EXPECTED),
  /** A command-data frame with both continuation and eos, or neither (§6.2). */
  DATA_FLAGS(Requirement.CMD_DATA_EXPECTED),
  /** A new request while the receiver's bound of requests in flight is reached (§6.5, §10). */
  TOO_MANY_REQUESTS(Requirement.CMD_CONCURRENCY_LIMIT),
  /** One frame with an empty payload more than the receiver accepts in a row (§10). */
  TOO_MANY_EMPTY_FRAMES(Requirement.LIMIT_EMPTY_FRAMES),
  /** A command request map larger than the receiver's bound (§6.2, §10). */
  REQUEST_TOO_LARGE(Requirement.CMD_REQUEST_LIMIT),
  /** Command data larger than the receiver's bound (§6.2, §10). */
  DATA_TOO_LARGE(Requirement.CMD_REQUEST_LIMIT),
  /** have-data set on some command-request frames of a request but not on others (§6.1). */
  HAVE_DATA_CHANGES(Requirement.CMD_REQUEST_FRAME_FLAGS),
  /** A request map holding an item that is not well-formed or outside the data model (§5.1). */
  MALFORMED_REQUEST_CBOR(Requirement.CBOR_WELL_FORMED),
  /** A request map that ends inside an item, where no head overruns the unit (§5.1). */
  TRUNCATED_REQUEST_CBOR(Requirement.CBOR_WELL_FORMED),
  /** A request map nested deeper than the receiver's maximum depth (§5.4). */
  REQUEST_CBOR_TOO_DEEP(Requirement.CBOR_LIMITS),
  /** A request map with a head declaring more than the unit holds (§5.4). */
  REQUEST_CBOR_LENGTH_PAST_END(Requirement.CBOR_LIMITS),
  /** A command request whose unit holds one or two complete items after the request map (§5.2). */
  REQUEST_EXTRA_ITEMS(Requirement.CBOR_ITEM_COUNT),
  /**
   * A request map with two equal keys (at the top, or in its args map) or a set in its args with
   * two equal items (§5.1).
   */
  DUPLICATE_KEY(Requirement.CBOR_NO_DUPLICATES);

  private final Requirement requirement;
  private final List<Requirement> alsoBreaks;

  ViolationKind(Requirement requirement, Requirement... alsoBreaks) {
    this.requirement = requirement;
    this.alsoBreaks = List.of(alsoBreaks);
  }

  /** The requirement a receiver must report. */
  public Requirement requirement() {
    return requirement;
  }

  /**
   * Requirements the violating frame breaks as well, all checked after {@link #requirement()} in
   * the order of SPEC.md §7.2; empty for all but {@link #ENCODED_SETTINGS_FRAME} and {@link
   * #DECODE_BOMB}.
   */
  public List<Requirement> alsoBreaks() {
    return alsoBreaks;
  }

  /**
   * Whether a receiver with {@code limits} can be sent this violation: the kinds that need a
   * compression context (ENC-5 needs zstd-8mb; ENC-6, ENC-8 and ENC-12 zlib or zstd-8mb) only when
   * the receiver supports such a profile ({@link ProtocolLimits#encodings()}).
   */
  public boolean applicable(ProtocolLimits limits) {
    return switch (this) {
      case ZSTD_WINDOW_TOO_LARGE -> limits.supports("zstd-8mb");
      case DECODE_BOMB, ENCODED_CORRUPT, TOO_MANY_DECODERS -> limits.supports("zstd-8mb") || limits.supports("zlib");
      default -> true;
    };
  }
}
