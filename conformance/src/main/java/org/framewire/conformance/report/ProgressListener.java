package org.framewire.conformance.report;

import org.framewire.conformance.CaseReport;
import org.framewire.conformance.RunReport;

/**
 * What an engine (server role or client role) tells while it runs: the terminal reporter prints a
 * line per case from it. Engines call the methods from one thread, in order.
 */
public interface ProgressListener {

  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /**
   * The run is about to start {@code total} cases.
   *
   * @param total how many cases the run will run; the running count's denominator
   */
  default void runStarted(int total) {}

  /** A case is about to run. */
  default void caseStarted(String caseId) {}

  /** A case finished (after any re-run for flakiness) with this report. */
  default void caseFinished(CaseReport report) {}

  /** The run finished; {@code run} holds every case. */
  default void runFinished(RunReport run) {}
}
