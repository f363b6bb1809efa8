package org.framewire.fuzz;

import java.util.Optional;
import org.framewire.spec.Requirement;

/**
 * Where framewire's reference code departs from SPEC.md, as this kit found it: what the code does
 * instead of what the case's label says. The properties assert these outcomes exactly, so each
 * entry must be struck off here when the code is fixed (the property then fails until it is).
 *
 * <p>None is known today. Found and fixed since: declared lengths past the end of a whole unit; tag
 * 258 over anything but an array; a scalar at depth 65 inside 64 containers (SPEC.md §5.4, CBOR-2);
 * sender protocol settings after nothing but stream-settings frames (SET-1); a compression bomb
 * reported as CMD-6 when the request or data bound was configured below the decoder's own bound
 * (SPEC.md §10 makes them one bound, ENC-6).
 */
final class KnownDeviations {

  private KnownDeviations() {}

  /** What {@code CborDecoder.decodeAll} (a whole unit, default limits) reports for {@code c}. */
  static Optional<Requirement> cborWholeUnit(CborCase c) {
    return c.expected();
  }

  /** What a {@code CborDecoder} fed the unit in pieces and then finished reports for {@code c}. */
  static Optional<Requirement> cborStreamedUnit(CborCase c) {
    return c.kind().valid() ? Optional.empty() : Optional.of(c.streamedRequirement());
  }

  /**
   * What framewire's {@code ServerSession} (through {@link ReferenceServerAdapter}, bytes in one
   * piece or cut anywhere) reports for {@code c}: empty when it accepts.
   */
  static Optional<Requirement> referenceSession(Conversation c) {
    return c.expected();
  }
}
