package org.framewire.conformance.junit;

import java.util.stream.Stream;
import org.framewire.fuzz.ReferenceServerAdapter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The suite's JUnit adapter, used as docs/conformance/junit.md shows, against the reference server. */
class ReferenceConformanceTest {
  @TestFactory
  Stream<DynamicTest> referenceServer() {
    return ConformanceSuite.serverCases(new ReferenceServerAdapter());
  }
}
