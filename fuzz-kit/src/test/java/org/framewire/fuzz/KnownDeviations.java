package org.framewire.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.spec.Requirement;

/**
 * Where framewire's reference code departs from SPEC.md, as this kit found it: what the code does
 * instead of what the case's label says. The properties assert these outcomes exactly, so each
 * entry must be struck off here when the code is fixed (the property then fails until it is).
 */
final class KnownDeviations {

  private KnownDeviations() {}

  /**
   * What {@code CborDecoder.decodeAll} (a whole unit, default limits) reports for {@code c}.
   *
   * <ul>
   *   <li>SPEC.md §5.4 bounds a declared length by the bytes left in a whole unit (CBOR-2 at the
   *       head); the decoder has no whole-unit mode and reports the end of input, CBOR-1.
   *   <li>SPEC.md §5.4 gives a top-level item depth 1 and rejects any item deeper than 64; the
   *       decoder counts only open containers, so a scalar at depth 65 inside 64 containers passes.
   *   <li>SPEC.md §5.1 rejects tag 258 over anything but an array; the decoder keeps it as a
   *       tagged item.
   * </ul>
   */
  static Optional<Requirement> cborWholeUnit(CborCase c) {
    if (c.kind() == CborCase.Kind.OVERLONG_LENGTH
        && c.requirement() == Requirement.CBOR_LIMITS
        && c.streamedRequirement() == Requirement.CBOR_WELL_FORMED) {
      return Optional.of(Requirement.CBOR_WELL_FORMED);
    }
    return common(c);
  }

  /** What a {@code CborDecoder} fed the unit in pieces and then finished reports for {@code c}. */
  static Optional<Requirement> cborStreamedUnit(CborCase c) {
    if (!c.kind().valid()) {
      Optional<Requirement> d = common(c);
      return d.isEmpty() ? d : Optional.of(c.streamedRequirement());
    }
    return Optional.empty();
  }

  private static Optional<Requirement> common(CborCase c) {
    if (c.kind() == CborCase.Kind.NESTED_PAST_LIMIT && scalarJustPastTheLimit(c.bytes(), 64)) {
      return Optional.empty();
    }
    if (c.kind() == CborCase.Kind.MALFORMED && tag258OverNonArray(c.bytes())) {
      return Optional.empty();
    }
    return c.expected();
  }

  /**
   * Whether the deepest item is a scalar at depth {@code maxDepth + 1}: the unit nests exactly
   * {@code maxDepth} containers around a scalar, so only the scalar is too deep.
   */
  static boolean scalarJustPastTheLimit(byte[] unit, int maxDepth) {
    return UnitScanner.firstViolation(unit, true, maxDepth + 1) == null && innermostIsScalar(unit);
  }

  private static boolean innermostIsScalar(byte[] unit) {
    int end = unit.length;
    while (end > 0 && unit[end - 1] == (byte) 0xff) {
      end--; // the breaks closing indefinite arrays
    }
    int last = unit[end - 1] & 0xff;
    return last != 0x80 && last != 0xa0;
  }

  static boolean tag258OverNonArray(byte[] unit) {
    return endsWith(unit, new byte[] {(byte) 0xd9, 0x01, 0x02, (byte) 0xa0})
        || endsWith(unit, new byte[] {(byte) 0xd9, 0x01, 0x02, 0x01});
  }

  private static boolean endsWith(byte[] unit, byte[] suffix) {
    return unit.length >= suffix.length
        && Arrays.equals(unit, unit.length - suffix.length, unit.length, suffix, 0, suffix.length);
  }

  // ---------------------------------------------------------------- the reference server session

  /**
   * What framewire's {@code ServerSession} (through {@link ReferenceServerAdapter}, bytes in one
   * piece or cut anywhere) reports for {@code c}: empty when it accepts.
   *
   * <ul>
   *   <li>FRAME-9 is not checked: a client's command-response, error-response, text-output or
   *       progress frame is reported as CMD-4.
   *   <li>STREAM-7 is not checked: a stream-settings frame with the encoded flag is reported as
   *       STREAM-5.
   *   <li>A frame without stream-begin on a stream that ended is reported as STREAM-4; SPEC.md §3.3
   *       gives STREAM-2 for every closed stream.
   *   <li>have-data changing between the command-request frames of a request is reported as CMD-5;
   *       SPEC.md gives CMD-14.
   *   <li>ENC-9 is not checked: a frame between stream-settings frames is accepted.
   *   <li>SET-1 ignores stream-settings frames: sender settings after only stream settings are
   *       accepted.
   *   <li>The CBOR deviations of {@link #cborWholeUnit} surface in request maps.
   *   <li>When a violation is missed, the input ends cleanly, and a request is still incomplete,
   *       the session reports FRAME-6; SPEC.md (TRANS-6) says to drop the request and close.
   * </ul>
   */
  static Optional<Requirement> referenceSession(Conversation c) {
    if (c.valid()) {
      return Optional.empty();
    }
    return switch (c.violation().kind()) {
      case SERVER_FRAME_TYPE -> Optional.of(Requirement.CMD_UNKNOWN_REQUEST);
      case ENCODED_SETTINGS_FRAME -> Optional.of(Requirement.STREAM_ENCODED_NEEDS_SETTINGS);
      case MISSING_BEGIN_AFTER_END -> Optional.of(Requirement.STREAM_END_CLOSES);
      case HAVE_DATA_CHANGES -> Optional.of(Requirement.CMD_DATA_EXPECTED);
      case SETTINGS_INTERRUPTED -> missed(c);
      case SETTINGS_NOT_FIRST -> onlyStreamSettingsBefore(c) ? missed(c) : c.expected();
      case REQUEST_CBOR_LENGTH_PAST_END ->
          UnitScanner.firstViolation(violatingRequestMap(c), false, 64) == Requirement.CBOR_WELL_FORMED
              ? Optional.of(Requirement.CBOR_WELL_FORMED) : c.expected();
      case REQUEST_CBOR_TOO_DEEP -> scalarJustPastTheLimit(violatingRequestMap(c), 64) ? missed(c) : c.expected();
      case MALFORMED_REQUEST_CBOR -> tag258OverNonArray(violatingRequestMap(c)) ? missed(c) : c.expected();
      default -> c.expected();
    };
  }

  /** The reference's verdict when it takes the violating frame for a valid one. */
  private static Optional<Requirement> missed(Conversation c) {
    return endsInsideARequest(c) ? Optional.of(Requirement.FRAME_TRUNCATED) : Optional.empty();
  }

  /**
   * Whether a request of {@code c} still expects frames at the end: its last command-request frame
   * so far carried {@code more}, or it announced data whose eos frame never came.
   */
  static boolean endsInsideARequest(Conversation c) {
    Map<Integer, Boolean> waiting = new HashMap<>();
    for (Frame f : c.frames()) {
      if (f.type() == FrameType.COMMAND_REQUEST) {
        boolean more = f.header().hasFlag(FrameType.FLAG_MORE);
        boolean data = f.header().hasFlag(FrameType.FLAG_HAVE_DATA);
        waiting.put(f.requestId(), more || data);
      } else if (f.type() == FrameType.COMMAND_DATA && f.header().hasFlag(FrameType.FLAG_EOS)) {
        waiting.put(f.requestId(), false);
      }
    }
    return waiting.containsValue(true);
  }

  private static boolean onlyStreamSettingsBefore(Conversation c) {
    for (int i = 0; i < c.violation().frameIndex(); i++) {
      if (c.frames().get(i).type() != FrameType.STREAM_SETTINGS) {
        return false;
      }
    }
    return true;
  }

  /** The joined command-request payloads of the violating frame's request. */
  private static byte[] violatingRequestMap(Conversation c) {
    int id = c.frames().get(c.violation().frameIndex()).requestId();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Frame f : c.frames()) {
      if (f.type() == FrameType.COMMAND_REQUEST && f.requestId() == id) {
        out.writeBytes(f.payloadBytes());
      }
    }
    return out.toByteArray();
  }
}
