package org.framewire.conformance.report;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.RunReport;

/**
 * Live terminal progress: one line per case as it finishes, with a running count ({@code [12/140]})
 * and the grade (coloured when asked), then a summary: counts by grade, by SPEC.md section, and the
 * cases that fail the run with their requirement ids and details.
 */
public final class TerminalReporter implements ProgressListener {

  private static final String RESET = "\u001b[0m";

  /** What a case's line is followed by, before the summary. */
  public enum Detail {
    /** Nothing: the summary lists the failing cases with their details. */
    NONE,
    /** For a case that fails the run, its detail and wire log; for others, their detail if any. */
    FAILURES,
    /** For every case, its detail, wire log and repro command. */
    ALL
  }

  private final PrintStream out;
  private final boolean color;
  private final Detail detail;
  private final boolean strict;
  private int total;
  private int done;

  /**
   * @param out where to print
   * @param color whether to colour grades with ANSI escapes (see {@link ColorMode#enabled()})
   */
  public TerminalReporter(PrintStream out, boolean color) {
    this(out, color, Detail.NONE, false);
  }

  /**
   * @param detail what follows each case's line
   * @param strict whether a non-strict grade fails the run (which cases {@link Detail#FAILURES} expands)
   */
  public TerminalReporter(PrintStream out, boolean color, Detail detail, boolean strict) {
    this.out = out;
    this.color = color;
    this.detail = detail;
    this.strict = strict;
  }

  @Override
  public void runStarted(int total) {
    this.total = total;
    this.done = 0;
  }

  @Override
  public void caseFinished(CaseReport c) {
    done++;
    String count = total > 0 ? "[" + done + "/" + total + "]" : "[" + done + "]";
    out.println(count + " " + paint(c.grade(), pad(c.grade().label(), 14)) + " " + Text.printable(c.id())
        + "  " + Text.requirementIds(c) + "  (" + c.millis() + " ms" + (c.flaky() ? ", flaky" : "") + ")");
    if (detail != Detail.NONE) {
      CaseText.detailLines(c).forEach(l -> out.println("    " + l));
      boolean fails = c.grade().fails(strict);
      if (detail == Detail.ALL || fails) {
        CaseText.wireLines(c, detail == Detail.ALL).forEach(l -> out.println("    " + l));
      }
      if (detail == Detail.ALL && !fails) {
        out.println("    repro: " + Text.printable(c.repro())); // failing cases get theirs in the summary
      }
    }
    out.flush();
  }

  @Override
  public void runFinished(RunReport run) {
    printSummary(run);
  }

  /** Prints the summary table of a finished run. */
  public void printSummary(RunReport run) {
    out.println();
    out.println("framewire conformance, " + run.role().label() + " role, target " + Text.printable(run.target())
        + ": " + run.cases().size() + " cases in " + run.millis() + " ms" + (run.strict() ? " (strict)" : ""));
    out.println();
    out.println("By grade:");
    Map<Grade, Integer> counts = run.counts();
    for (Grade g : Grade.values()) {
      out.println("  " + paint(g, pad(g.label(), 14)) + " " + padLeft(String.valueOf(counts.get(g)), 5));
    }
    out.println();
    out.println("By section:");
    StringBuilder head = new StringBuilder("  " + pad("section", 10));
    for (Grade g : Grade.values()) {
      head.append(' ').append(padLeft(g.label(), 14));
    }
    out.println(head);
    Map<String, int[]> bySection = new TreeMap<>(TerminalReporter::compareSections);
    for (CaseReport c : run.cases()) {
      bySection.computeIfAbsent(c.section(), s -> new int[Grade.values().length])[c.grade().ordinal()]++;
    }
    for (Map.Entry<String, int[]> e : bySection.entrySet()) {
      StringBuilder row = new StringBuilder("  " + pad("§" + e.getKey(), 10));
      for (Grade g : Grade.values()) {
        row.append(' ').append(padLeft(String.valueOf(e.getValue()[g.ordinal()]), 14));
      }
      out.println(row);
    }
    long failing = run.cases().stream().filter(c -> c.grade().fails(run.strict())).count();
    if (failing > 0) {
      out.println();
      out.println("Failing cases (" + failing + "):");
      for (CaseReport c : run.cases()) {
        if (c.grade().fails(run.strict())) {
          out.println("  " + paint(c.grade(), c.grade().label()) + " " + Text.printable(c.id()) + " ["
              + Text.requirementIds(c) + "] " + Text.printable(c.title()));
          CaseText.detailLines(c).forEach(l -> out.println("      " + l));
          if (c.repro() != null && !c.repro().isEmpty()) {
            out.println("      repro: " + Text.printable(c.repro()));
          }
        }
      }
    }
    out.println();
    if (run.knownFailures().isEmpty()) {
      out.println(run.failed() ? paint(Grade.FAIL, "FAILED") : paint(Grade.PASS, "OK"));
    } else if (run.failed()) {
      out.println(paint(Grade.FAIL, "FAILED") + " against the known-failures ratchet ("
          + run.knownFailures().size() + " known):");
      run.problems().forEach(p -> out.println("  " + Text.printable(p)));
    } else {
      out.println(paint(Grade.PASS, "OK") + ": the failures are exactly the " + run.knownFailures().size()
          + " known ones");
    }
    out.flush();
  }

  /** Orders sections numerically by part ({@code 2.10} after {@code 2.9}), then as text. */
  static int compareSections(String a, String b) {
    String[] pa = a.split("\\.");
    String[] pb = b.split("\\.");
    for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
      int c;
      try {
        c = Integer.compare(Integer.parseInt(pa[i]), Integer.parseInt(pb[i]));
      } catch (NumberFormatException e) {
        c = pa[i].compareTo(pb[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pa.length, pb.length);
  }

  private String paint(Grade g, String text) {
    if (!color) {
      return text;
    }
    String code = switch (g) {
      case PASS -> "\u001b[32m";
      case ACCEPTABLE -> "\u001b[36m";
      case NON_STRICT -> "\u001b[33m";
      case NOT_APPLICABLE -> "\u001b[90m";
      case FAIL -> "\u001b[1;31m";
    };
    return code + text + RESET;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String padLeft(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }
}
