package org.framewire.conformance.client;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The JUnit 5 entry point, used as a Java client implementation would: framewire's client as adapter. */
class ClientConformanceTest {

  @TestFactory
  Stream<DynamicTest> framewireClient() {
    return ClientConformance.clientCases((ops, events) -> new ControlDriver(ops, events, ClientHooks.NONE).run());
  }
}
