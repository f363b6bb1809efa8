package org.framewire.vectors;

/**
 * The outcome of one vector case.
 *
 * @param file the vector file, as given or found
 * @param caseId the case's {@code id}
 * @param status passed, failed or skipped (a kind framewire does not check)
 * @param detail what differed, or why it was skipped; empty when passed
 */
public record CaseResult(String file, String caseId, Status status, String detail) {
  /** What became of a case. */
  public enum Status { PASSED, FAILED, SKIPPED }
}
