package org.framewire.conformance.engine;

import java.io.PrintStream;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.RunReport;

/**
 * A minimal plain-text summary of a run: one line per case that did not pass (with its wire log and
 * repro command), then the counts per grade. The {@code reports} branch's terminal report replaces it.
 */
public final class PlainSummary {
  private PlainSummary() {}

  public static void print(RunReport run, PrintStream out) {
    for (CaseReport r : run.cases()) {
      if (r.grade() != Grade.PASS || r.flaky()) {
        out.println(r.grade().label().toUpperCase() + (r.flaky() ? " (flaky)" : "") + " " + r.id() + " "
            + r.requirements() + ": " + r.detail());
        r.wire().forEach(w -> out.println("    " + w));
        out.println("    repro: " + r.repro());
      }
    }
    StringBuilder s = new StringBuilder(run.cases().size() + " cases against " + run.target() + ":");
    run.counts().forEach((g, n) -> s.append(' ').append(n).append(' ').append(g.label()).append(','));
    s.setLength(s.length() - 1);
    out.println(s);
  }
}
