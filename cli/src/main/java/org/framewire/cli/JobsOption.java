package org.framewire.cli;

import org.framewire.conformance.engine.CaseScheduler;
import picocli.CommandLine.Option;

/** {@code --jobs N}: how many cases of {@code check} and {@code check-client} run at once. */
final class JobsOption {

  @Option(names = "--jobs", paramLabel = "N",
      description = "Cases run at once, each on its own connection or process (default: the machine's cores); "
          + "the report is the same for any N, and cases that measure time or back-pressure run alone.")
  Integer jobs;

  int jobs() {
    int n = jobs != null ? jobs : CaseScheduler.defaultJobs();
    if (n < 1) {
      throw new IllegalArgumentException("--jobs must be at least 1, not " + n);
    }
    return n;
  }
}
