package org.framewire.conformance;

import java.util.List;
import org.framewire.spec.Requirement;

/**
 * What became of one case in one run: the unit every report (terminal, JUnit, JSON, HTML) prints.
 *
 * @param id the case's stable id, such as {@code frame/oversized-payload}
 * @param role the role the target played
 * @param title one line saying what the case checks
 * @param section the SPEC.md section the case belongs to, such as {@code 2.4}
 * @param requirements the requirement ids the case checks, first the main one
 * @param grade the grade
 * @param detail why this grade: what the target did against what the case allows; empty on a plain pass
 * @param wire the frames exchanged, in order
 * @param millis how long the case ran
 * @param flaky whether the case failed once and passed when re-run
 * @param repro a command line that runs just this case against the same target
 */
public record CaseReport(
    String id,
    Role role,
    String title,
    String section,
    List<Requirement> requirements,
    Grade grade,
    String detail,
    List<WireEvent> wire,
    long millis,
    boolean flaky,
    String repro) {

  public CaseReport {
    requirements = List.copyOf(requirements);
    wire = List.copyOf(wire);
  }

  /** A copy marked flaky (it failed, then passed when re-run) with the re-run's grade. */
  public CaseReport asFlaky(CaseReport rerun) {
    return new CaseReport(id, role, title, section, requirements, rerun.grade, 
        "failed once, passed when re-run; first run: " + detail, rerun.wire, millis + rerun.millis, true, repro);
  }
}
