package org.framewire.conformance.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
import org.framewire.conformance.WireEvent;
import org.framewire.conformance.WireEvent.Direction;
import org.framewire.conformance.report.CaseText;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/**
 * A failing case's JUnit message is the terminal's text ({@link CaseText}): the detail with the
 * allowed outcomes, the wire log in frame notation, every line and the whole message capped, each
 * cut saying how much it left out. The servlet's deep-pipeline failure once made a 50 KB message.
 */
class ConformanceSuiteMessageTest {

  /** A failure the size of the servlet's deep pipeline: 2 000 frames, one of them a 60 KB line. */
  private static CaseReport deepPipelineFailure() {
    List<WireEvent> wire = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      wire.add(new WireEvent(Direction.SENT, i, (2 * i + 1) + " 1 0 command-request new cbor:{b'name': b'echo'}"));
    }
    wire.add(new WireEvent(Direction.RECEIVED, 1000, "1 2 stream-begin command-response eos " + "\\x00".repeat(15_000)));
    for (int i = 0; i < 999; i++) {
      wire.add(new WireEvent(Direction.RECEIVED, 1001 + i, (2 * i + 3) + " 2 0 command-response eos cbor:{b'status': b'ok'}"));
    }
    String detail = "no allowed outcome matched: request 1: {b'status': b'ok'} b'" + "x".repeat(20_000) + "' eos; still open"
        + "\n  allowed (pass): responses: request 1: {b'status': b'ok'} {} eos; stays open";
    return new CaseReport("command/deep-pipeline", Role.SERVER, "a deep pipeline", "6.5",
        List.of(Requirement.CMD_CONCURRENCY_LIMIT), Grade.FAIL, detail, wire, 1234, false, "framewire check --case command/deep-pipeline");
  }

  @Test
  void aFailingCasesMessageIsCappedAndSaysWhatWasCut() {
    AssertionError e = assertThrows(AssertionError.class, () -> ConformanceSuite.check(deepPipelineFailure()));
    String m = e.getMessage();
    assertTrue(m.length() <= CaseText.MAX_MESSAGE + 100, "message of " + m.length() + " characters");
    assertTrue(m.startsWith("command/deep-pipeline: no allowed outcome matched: request 1: {b'status': b'ok'} b'xxx"), m);
    assertTrue(m.contains("characters cut)"), m);
    assertTrue(m.contains("\n    allowed (pass): responses: request 1: {b'status': b'ok'} {} eos; stays open"), m);
    assertTrue(m.contains("1940 more wire events"), m);
    assertTrue(m.contains("< 1999 2 0 command-response eos cbor:{b'status': b'ok'}"), "the last events are kept");
    assertTrue(m.endsWith("repro: framewire check --case command/deep-pipeline"), m);
  }

  @Test
  void aLongMessageIsCutAtItsCapSayingHowMuch() {
    String text = "y".repeat(CaseText.MAX_MESSAGE + 10);
    assertEquals("y".repeat(CaseText.MAX_MESSAGE) + "... (10 of " + text.length() + " characters cut)",
        CaseText.cut(text, CaseText.MAX_MESSAGE));
  }
}
