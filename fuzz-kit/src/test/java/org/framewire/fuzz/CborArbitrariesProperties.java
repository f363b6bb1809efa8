package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborLimits;
import org.framewire.cbor.CborValue;
import org.framewire.cbor.arbitraries.CborValueArbitraries;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The CBOR arbitraries against framewire's {@link CborDecoder} (SPEC.md §5). Where the decoder
 * departs from SPEC.md, {@link KnownDeviations} says what it does instead, and the property asserts
 * exactly that: fixing the decoder makes the property fail until the deviation is struck off.
 */
class CborArbitrariesProperties {

  @Property(tries = 1500)
  void wholeUnitsAreJudgedAsTheSpecSays(@ForAll("cases") CborCase c) {
    Optional<Requirement> expected = KnownDeviations.cborWholeUnit(c);
    Optional<Requirement> got = decodeWhole(c);
    assertEquals(expected, got, c::toString);
    Statistics.label("kind").collect(c.kind());
    Statistics.label("verdict").collect(c.kind(), c.expected().map(Requirement::id).orElse("valid"));
    Statistics.label("deviation").collect(expected.equals(c.expected()) ? "as specified" : "known deviation");
    Statistics.label("kind").coverage(k -> {
      for (CborCase.Kind kind : CborCase.Kind.values()) {
        k.check(kind).count(n -> n > 0);
      }
    });
  }

  @Property(tries = 600)
  void streamedUnitsAreJudgedAsTheSpecSaysWhereverTheyAreCut(
      @ForAll("cases") CborCase c, @ForAll("cutsOf100") List<Integer> cuts) {
    Optional<Requirement> expected = KnownDeviations.cborStreamedUnit(c);
    CborDecoder decoder = new CborDecoder(CborLimits.DEFAULT);
    Optional<Requirement> got;
    try {
      for (ByteBuffer chunk : Chunking.split(c.bytes(), cuts)) {
        decoder.feed(chunk);
      }
      decoder.finish();
      CborValue v = decoder.poll();
      if (c.valid()) {
        assertEquals(c.value(), v);
        assertNull(decoder.poll());
      }
      got = Optional.empty();
    } catch (ProtocolException e) {
      got = Optional.of(e.requirement());
    }
    assertEquals(expected, got, c::toString);
    Statistics.label("streamed verdict").collect(c.kind(), c.expectedStreamed().map(Requirement::id).orElse("valid"));
  }

  @Property(tries = 300)
  void validCasesCarryTheValueTheyEncode(@ForAll("validCases") CborCase c) {
    assertNotNull(c.value());
    assertNull(c.streamedRequirement());
    assertNull(UnitScanner.firstViolation(c.bytes(), true, CborLimits.DEFAULT_MAX_DEPTH));
  }

  @Property(tries = 300)
  void canonicalValuesRoundTripThroughTheDeterministicEncoder(@ForAll("values") CborValue v) throws ProtocolException {
    CborCase c = CborArbitraries.make(CborCase.Kind.CANONICAL, v, RandomSource.seeded(1), 64);
    assertEquals(List.of(c.value()), CborDecoder.decodeAll(c.bytes()));
    assertEquals(c.value(), CborValueArbitraries.canonical(c.value()));
  }

  private static Optional<Requirement> decodeWhole(CborCase c) {
    try {
      List<CborValue> values = CborDecoder.decodeAll(ByteBuffer.wrap(c.bytes()), CborLimits.DEFAULT);
      if (c.valid()) {
        assertEquals(List.of(c.value()), values);
      }
      return Optional.empty();
    } catch (ProtocolException e) {
      return Optional.of(e.requirement());
    }
  }

  @Provide
  Arbitrary<CborCase> cases() {
    return CborArbitraries.cases(CborLimits.DEFAULT_MAX_DEPTH);
  }

  @Provide
  Arbitrary<CborCase> validCases() {
    return cases().filter(CborCase::valid);
  }

  @Provide
  Arbitrary<List<Integer>> cutsOf100() {
    return Chunking.cuts(100, 6);
  }

  @Provide
  Arbitrary<CborValue> values() {
    return CborValueArbitraries.values();
  }
}
