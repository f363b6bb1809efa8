package org.framewire.conformance.report;

import java.time.Instant;
import java.util.List;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
import org.framewire.conformance.RunReport;
import org.framewire.conformance.WireEvent;
import org.framewire.conformance.WireEvent.Direction;
import org.framewire.spec.Requirement;

/** Hand-built runs the report writer tests share: every grade, a flaky case, hostile target text. */
final class SampleRuns {

  /** Text a hostile target might send back: markup, quotes, a control byte, an escape, non-ASCII. */
  static final String HOSTILE = "<img src=x onerror=\"alert(1)\">&amp; \u0001\u001b[31m\u009b2J naïve ✓ 𝄞";

  private SampleRuns() {}

  static RunReport all() {
    return new RunReport(Role.SERVER, "tcp://localhost:8000?<&\">", Instant.parse("2026-11-25T06:00:00Z"), 1234, false,
        List.of(
            kase("frame/oversized-payload", "2.1", List.of(Requirement.FRAME_MAX_SIZE), Grade.PASS, "", false,
                List.of(new WireEvent(Direction.SENT, 0, "1 1 stream-begin command-request new cbor:{b'name': b'echo'}"),
                    new WireEvent(Direction.RECEIVED, 3, "0 0 0 error-response 0 cbor:{b'type': b'protocol'}"),
                    new WireEvent(Direction.NOTE, 4, "closed"))),
            kase("frame/reserved-type", "2.1", List.of(Requirement.FRAME_TYPE_KNOWN, Requirement.FRAME_CHECK_ORDER),
                Grade.ACCEPTABLE, "closed without an error-response", false, List.of()),
            kase("stream/begin-first", "3", List.of(Requirement.STREAM_BEGIN_FIRST), Grade.NON_STRICT,
                "no error-response before closing", false, List.of()),
            kase("enc/zstd", "4", List.of(Requirement.ENC_UNKNOWN_PROFILE), Grade.NOT_APPLICABLE,
                "target declares no zstd", false, List.of()),
            kase("stream/open-limit", "3", List.of(Requirement.STREAM_OPEN_LIMIT), Grade.FAIL,
                "target answered " + HOSTILE + "\nsecond line", false,
                List.of(new WireEvent(Direction.RECEIVED, 7, "1 2 0 command-response eos " + HOSTILE))),
            kase("frame/flags-defined", "2.10", List.of(Requirement.FRAME_FLAGS_DEFINED), Grade.PASS,
                "failed once, passed when re-run; first run: timeout", true, List.of())));
  }

  static RunReport empty() {
    return new RunReport(Role.CLIENT, "--exec \"x\"", Instant.parse("2026-11-25T06:00:00Z"), 0, true, List.of());
  }

  private static CaseReport kase(String id, String section, List<Requirement> reqs, Grade grade, String detail,
      boolean flaky, List<WireEvent> wire) {
    return new CaseReport(id, Role.SERVER, "checks " + id, section, reqs, grade, detail, wire, 5, flaky,
        "framewire check --target tcp://localhost:8000 --case " + id);
  }
}
