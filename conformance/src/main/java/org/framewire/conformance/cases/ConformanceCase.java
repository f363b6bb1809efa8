package org.framewire.conformance.cases;

import java.util.List;
import org.framewire.conformance.Role;
import org.framewire.spec.Requirement;

/**
 * One conformance case as a case file holds it (schema {@code framewire-conformance/1},
 * docs/conformance/case-format.md).
 *
 * @param id stable id such as {@code frame/oversized-payload}
 * @param role the role the target plays
 * @param title one line saying what the case checks
 * @param section the SPEC.md section, e.g. {@code 2.1}
 * @param requirements the requirements checked, the main one first
 * @param needs capabilities the target must declare
 * @param steps the script
 * @param expect the allowed outcomes, best first; anything else fails (or is non-strict when the
 *     main requirement is a SHOULD)
 * @param source the file the case came from
 * @param raw the case's JSON, for role-specific readers (the client role's script)
 */
public record ConformanceCase(
    String id,
    Role role,
    String title,
    String section,
    List<Requirement> requirements,
    Needs needs,
    List<Step> steps,
    List<Outcome> expect,
    String source,
    com.fasterxml.jackson.databind.JsonNode raw) {

  public ConformanceCase {
    requirements = List.copyOf(requirements);
    steps = List.copyOf(steps);
    expect = List.copyOf(expect);
    if (requirements.isEmpty()) {
      throw new IllegalArgumentException(id + ": a case cites at least one requirement");
    }
  }

  /** The requirement the case is named by: the first. */
  public Requirement mainRequirement() {
    return requirements.get(0);
  }

  /** Whether breaking this case breaks only a SHOULD: the miss grades non-strict, not fail. */
  public boolean onlyShould() {
    return mainRequirement().level() == Requirement.Level.SHOULD;
  }
}
