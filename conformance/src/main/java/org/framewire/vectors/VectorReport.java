package org.framewire.vectors;

import java.util.List;

/** All case results of one run, in file and case order. */
public record VectorReport(List<CaseResult> results) {
  public VectorReport {
    results = List.copyOf(results);
  }

  public long count(CaseResult.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  public boolean ok() {
    return count(CaseResult.Status.FAILED) == 0;
  }

  /** The closing line: {@code N passed, N failed}, with {@code , N skipped} when any were. */
  public String summary() {
    long skipped = count(CaseResult.Status.SKIPPED);
    return count(CaseResult.Status.PASSED) + " passed, " + count(CaseResult.Status.FAILED) + " failed"
        + (skipped > 0 ? ", " + skipped + " skipped" : "");
  }
}
