package org.framewire.conformance.report;

import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.RunReport;
import org.framewire.conformance.WireEvent;

/**
 * Writes a run as JUnit XML ({@code --junit FILE}) in the Ant/Surefire dialect Jenkins and GitLab
 * read: a {@code <testsuites>} holding one {@code <testsuite>} per SPEC.md section; one {@code
 * <testcase>} per case, named by main requirement id and case id ({@code FRAME-2
 * frame/oversized-payload}), classname {@code framewire.<role>.section-<n>}; grades that fail the run
 * as {@code <failure>} with the detail; not-applicable as {@code <skipped>}; the wire log in {@code
 * <system-out>}. Text from the target is escaped, and control bytes are shown as {@code \xNN}.
 */
public final class JunitXmlWriter {

  /** Writes {@code run} to {@code out} (UTF-8 is the declared encoding; the caller's writer must use it). */
  public void write(RunReport run, Writer out) throws IOException {
    Map<String, java.util.List<CaseReport>> bySection = new TreeMap<>(TerminalReporter::compareSections);
    for (CaseReport c : run.cases()) {
      bySection.computeIfAbsent(c.section(), s -> new java.util.ArrayList<>()).add(c);
    }
    out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    int failures = count(run, true);
    int skipped = run.counts().get(Grade.NOT_APPLICABLE);
    out.write("<testsuites name=\"framewire conformance (" + run.role().label() + ")\" tests=\"" + run.cases().size()
        + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\"" + skipped + "\" time=\"" + seconds(run.millis())
        + "\">\n");
    String timestamp = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
        run.started().truncatedTo(ChronoUnit.SECONDS).atOffset(java.time.ZoneOffset.UTC));
    for (Map.Entry<String, java.util.List<CaseReport>> e : bySection.entrySet()) {
      java.util.List<CaseReport> cases = e.getValue();
      long fails = cases.stream().filter(c -> c.grade().fails(run.strict())).count();
      long skips = cases.stream().filter(c -> c.grade() == Grade.NOT_APPLICABLE).count();
      long millis = cases.stream().mapToLong(CaseReport::millis).sum();
      out.write("  <testsuite name=\"" + attr(className(run, e.getKey())) + "\" tests=\"" + cases.size()
          + "\" failures=\"" + fails + "\" errors=\"0\" skipped=\"" + skips + "\" time=\"" + seconds(millis)
          + "\" timestamp=\"" + timestamp + "\" hostname=\"localhost\">\n");
      out.write("    <properties>\n");
      out.write("      <property name=\"target\" value=\"" + attr(run.target()) + "\"/>\n");
      out.write("      <property name=\"role\" value=\"" + run.role().label() + "\"/>\n");
      out.write("      <property name=\"strict\" value=\"" + run.strict() + "\"/>\n");
      out.write("    </properties>\n");
      for (CaseReport c : cases) {
        writeCase(run, c, out);
      }
      out.write("  </testsuite>\n");
    }
    out.write("</testsuites>\n");
    out.flush();
  }

  private void writeCase(RunReport run, CaseReport c, Writer out) throws IOException {
    out.write("    <testcase name=\"" + attr(Text.caseName(c)) + "\" classname=\"" + attr(className(run, c.section()))
        + "\" time=\"" + seconds(c.millis()) + "\">\n");
    String message = c.grade().label() + (c.flaky() ? " (flaky)" : "") + ": " + c.title();
    StringBuilder body = new StringBuilder();
    body.append("requirements: ").append(Text.requirementIds(c)).append('\n');
    if (c.detail() != null && !c.detail().isEmpty()) {
      body.append(c.detail()).append('\n');
    }
    if (c.repro() != null && !c.repro().isEmpty()) {
      body.append("repro: ").append(c.repro()).append('\n');
    }
    if (c.grade().fails(run.strict())) {
      out.write("      <failure message=\"" + attr(message) + "\" type=\"" + c.grade().label() + "\">"
          + Text.markup(body.toString()) + "</failure>\n");
    } else if (c.grade() == Grade.NOT_APPLICABLE) {
      out.write("      <skipped message=\"" + attr(message + (c.detail().isEmpty() ? "" : " — " + c.detail())) + "\"/>\n");
    }
    StringBuilder sysout = new StringBuilder();
    sysout.append("grade: ").append(c.grade().label()).append(c.flaky() ? " (flaky)" : "").append('\n');
    if (!c.grade().fails(run.strict())) {
      sysout.append(body);
    }
    for (WireEvent w : c.wire()) {
      sysout.append(String.format(Locale.ROOT, "%6d ms %s%n", w.atMillis(), w));
    }
    out.write("      <system-out>" + Text.markup(sysout.toString()) + "</system-out>\n");
    out.write("    </testcase>\n");
  }

  private int count(RunReport run, boolean failing) {
    return (int) run.cases().stream().filter(c -> c.grade().fails(run.strict()) == failing).count();
  }

  private static String className(RunReport run, String section) {
    return "framewire." + run.role().label() + ".section-" + section;
  }

  private static String attr(String s) {
    // newlines and tabs in attributes are normalised by parsers unless written as references
    return Text.markup(s).replace("\n", "&#10;").replace("\t", "&#9;");
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }
}
