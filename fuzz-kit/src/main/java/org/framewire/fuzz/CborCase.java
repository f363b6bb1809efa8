package org.framewire.fuzz;

import java.util.HexFormat;
import java.util.Optional;
import org.framewire.cbor.CborValue;
import org.framewire.spec.Requirement;

/**
 * One CBOR unit (SPEC.md §5.2) for a decoder, and what the decoder must make of it.
 *
 * <p>Two verdicts, because SPEC.md §5.4 judges declared lengths differently when the receiver holds
 * the whole unit (a command request, settings, an error, text or progress payload) and when it reads
 * the unit as it arrives (a response): a head declaring more bytes than the unit holds is CBOR-2 in a
 * whole unit, found at the head, but in a streamed unit it is found only when the unit ends, as
 * CBOR-1 (unless the length also exceeds the maximum string length, which is CBOR-2 either way).
 *
 * @param kind how the bytes were made
 * @param bytes the unit
 * @param value for a valid unit, the one value a decoder must yield (for {@link
 *     Kind#CANONICAL}, the value with map entries in the deterministic order of CBOR-3); {@code null}
 *     for an invalid one
 * @param requirement what a receiver holding the whole unit must report, {@code null} for a valid
 *     unit
 * @param streamedRequirement what a receiver reading the unit incrementally must report by the end
 *     of the unit, {@code null} for a valid unit
 */
public record CborCase(
    Kind kind, byte[] bytes, CborValue value, Requirement requirement, Requirement streamedRequirement) {

  /** How a case's bytes were made. */
  public enum Kind {
    /** Valid: the deterministic encoding of CBOR-3 ({@code CborEncoder}). */
    CANONICAL(true),
    /** Valid: heads wider than necessary (an integer 1 as {@code 18 01}), which decoders accept. */
    NON_MINIMAL(true),
    /** Valid: indefinite-length arrays, maps, byte and text strings, mixed with definite ones. */
    INDEFINITE(true),
    /** Valid: nested exactly to the maximum depth. */
    NESTED_TO_LIMIT(true),
    /** Invalid: a valid encoding cut short, at a point where no head overruns the unit (CBOR-1). */
    TRUNCATED(false),
    /** Invalid: a string, array or map head declaring more than the unit holds (CBOR-2 when whole). */
    OVERLONG_LENGTH(false),
    /** Invalid: nested one level or more past the maximum depth (CBOR-2). */
    NESTED_PAST_LIMIT(false),
    /** Invalid: not well-formed or outside the data model (CBOR-1), e.g. reserved additional information. */
    MALFORMED(false);

    private final boolean valid;

    Kind(boolean valid) {
      this.valid = valid;
    }

    /** Whether cases of this kind are valid units. */
    public boolean valid() {
      return valid;
    }
  }

  /** Whether a decoder must accept the unit. */
  public boolean valid() {
    return requirement == null;
  }

  /** {@link #requirement()}, as an optional. */
  public Optional<Requirement> expected() {
    return Optional.ofNullable(requirement);
  }

  /** {@link #streamedRequirement()}, as an optional. */
  public Optional<Requirement> expectedStreamed() {
    return Optional.ofNullable(streamedRequirement);
  }

  @Override
  public String toString() {
    String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64)) + (bytes.length > 64 ? "..." : "");
    return "CborCase[" + kind + ", " + hex + (valid() ? ", valid " + value
        : ", " + requirement + " whole, " + streamedRequirement + " streamed") + "]";
  }
}
