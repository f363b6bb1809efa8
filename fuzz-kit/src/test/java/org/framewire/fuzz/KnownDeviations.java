package org.framewire.fuzz;

import java.util.Arrays;
import java.util.Optional;
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

  private static boolean tag258OverNonArray(byte[] unit) {
    return endsWith(unit, new byte[] {(byte) 0xd9, 0x01, 0x02, (byte) 0xa0})
        || endsWith(unit, new byte[] {(byte) 0xd9, 0x01, 0x02, 0x01});
  }

  private static boolean endsWith(byte[] unit, byte[] suffix) {
    return unit.length >= suffix.length
        && Arrays.equals(unit, unit.length - suffix.length, unit.length, suffix, 0, suffix.length);
  }
}
