package org.framewire.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.framewire.cbor.CborTestValues;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;

/** The Python-literal notation reads back what it prints (SPEC.md §5, Appendix A). */
class PythonLiteralProperties {

  @Provide
  Arbitrary<CborValue> writable() {
    return CborTestValues.writableCandidates().filter(PythonLiteral::isWritable);
  }

  @Provide
  Arbitrary<CborValue> any() {
    return CborTestValues.values();
  }

  @Property(tries = 300)
  void parseReadsBackWhatFormatPrints(@ForAll("writable") CborValue value) {
    String literal = PythonLiteral.format(value);
    assertEquals(value, PythonLiteral.parse(literal), literal);
    assertArrayEquals(CborEncoder.encode(value), CborEncoder.encode(PythonLiteral.parse(literal)));
  }

  @Property(tries = 300)
  void formatPrintsAnyValueInAscii(@ForAll("any") CborValue value) {
    String literal = PythonLiteral.format(value);
    assertTrue(literal.chars().allMatch(c -> c >= 0x20 && c < 0x7f), literal);
    if (PythonLiteral.isWritable(value)) {
      assertEquals(value, PythonLiteral.parse(literal), literal);
    }
  }

  @Property(tries = 300)
  void bytesEscapesRoundTrip(@ForAll byte[] bytes) {
    assertArrayEquals(bytes, PythonLiteral.unescapeBytes(PythonLiteral.escapeBytes(bytes)));
  }
}
