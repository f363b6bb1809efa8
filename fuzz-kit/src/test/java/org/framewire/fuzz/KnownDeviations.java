package org.framewire.fuzz;

import java.io.ByteArrayOutputStream;
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
   * <p>SPEC.md §5.4 gives a top-level item depth 1 and rejects any item deeper than 64; the
   * decoder counts only open containers, so a scalar at depth 65 inside 64 containers passes.
   * (Found and fixed since: declared lengths past the end of a whole unit, and tag 258 over
   * anything but an array.)
   */
  static Optional<Requirement> cborWholeUnit(CborCase c) {
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


  // ---------------------------------------------------------------- the reference server session

  /**
   * What framewire's {@code ServerSession} (through {@link ReferenceServerAdapter}, bytes in one
   * piece or cut anywhere) reports for {@code c}: empty when it accepts. It reports every label
   * but two, and then accepts the violating frame and, the input ending cleanly right after it,
   * closes (TRANS-6):
   *
   * <ul>
   *   <li>the CBOR depth deviation of {@link #cborWholeUnit}, in a request map;
   *   <li>SET-1 does not count stream-settings frames: sender protocol settings after nothing but
   *       stream settings are taken as first.
   * </ul>
   */
  static Optional<Requirement> referenceSession(Conversation c) {
    ViolationKind kind = c.kind().orElse(null);
    if (kind == ViolationKind.REQUEST_CBOR_TOO_DEEP && scalarJustPastTheLimit(violatingRequestMap(c), 64)) {
      return Optional.empty();
    }
    if (kind == ViolationKind.SETTINGS_NOT_FIRST && onlyStreamSettingsBefore(c)) {
      return Optional.empty();
    }
    return c.expected();
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
