package org.framewire.conformance.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.RunReport;
import org.framewire.conformance.WireEvent;

/**
 * Writes a run as one self-contained HTML page ({@code --html FILE}), in the manner of
 * Autobahn|Testsuite's reports: a summary of counts, a table of cases that checkboxes filter by
 * grade, and per case its requirements, detail, repro command and the frames exchanged. CSS and the
 * filter script are inline; the page loads nothing. Everything that came from the target is
 * HTML-escaped and its control bytes shown as {@code \xNN}.
 */
public final class HtmlReportWriter {

  private static final String CSS = """
      body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
      h1{font-size:1.4em}table{border-collapse:collapse;margin:.5em 0}
      td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}
      .g{font-weight:bold;white-space:nowrap}
      .pass{background:#d4f7d4}.acceptable{background:#d4eef7}.non-strict{background:#fbf0c4}
      .not-applicable{background:#e8e8e8}.fail{background:#f9c9c9}
      pre{background:#f6f6f6;padding:.5em;overflow-x:auto;margin:.3em 0}
      .sent{color:#064}.received{color:#04a}.note{color:#777}
      details{margin:.4em 0;border-left:4px solid #ccc;padding-left:.6em}
      details.failing{border-left-color:#c33}
      """;

  private static final String SCRIPT = """
      function fw(){var on={};document.querySelectorAll('#filter input').forEach(function(i){on[i.value]=i.checked;});
      document.querySelectorAll('[data-grade]').forEach(function(e){e.style.display=on[e.dataset.grade]?'':'none';});}
      """;

  /** Writes {@code run} to {@code out} (the page declares UTF-8; the caller's writer must use it). */
  public void write(RunReport run, Writer out) throws IOException {
    StringBuilder b = new StringBuilder(8192);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    b.append("<title>framewire conformance: ").append(Text.markup(run.target())).append("</title>\n");
    b.append("<style>").append(CSS).append("</style>\n<script>").append(SCRIPT).append("</script>\n</head><body>\n");
    b.append("<h1>framewire conformance report</h1>\n<table>\n");
    row(b, "role", run.role().label());
    row(b, "target", run.target());
    row(b, "started", run.started().toString());
    row(b, "duration", run.millis() + " ms");
    row(b, "strict", String.valueOf(run.strict()));
    row(b, "result", run.failed() ? "FAILED" : "OK");
    b.append("</table>\n<h2>Summary</h2>\n<table><tr>");
    Map<Grade, Integer> counts = run.counts();
    for (Grade g : Grade.values()) {
      b.append("<th class=\"").append(g.label()).append("\">").append(g.label()).append("</th>");
    }
    b.append("<th>total</th></tr>\n<tr>");
    for (Grade g : Grade.values()) {
      b.append("<td>").append(counts.get(g)).append("</td>");
    }
    b.append("<td>").append(run.cases().size()).append("</td></tr></table>\n");
    b.append("<p id=\"filter\">Show: ");
    for (Grade g : Grade.values()) {
      b.append("<label><input type=\"checkbox\" value=\"").append(g.label()).append("\" checked onchange=\"fw()\"> ")
          .append(g.label()).append("</label> ");
    }
    b.append("</p>\n<h2>Cases</h2>\n");
    if (run.cases().isEmpty()) {
      b.append("<p>No cases ran.</p>\n");
    } else {
      b.append("<table>\n<tr><th>#</th><th>grade</th><th>case</th><th>requirements</th><th>section</th><th>ms</th></tr>\n");
      int n = 0;
      for (CaseReport c : run.cases()) {
        n++;
        b.append("<tr data-grade=\"").append(c.grade().label()).append("\"><td>").append(n).append("</td><td class=\"g ")
            .append(c.grade().label()).append("\">").append(c.grade().label()).append(c.flaky() ? " (flaky)" : "")
            .append("</td><td><a href=\"#case-").append(n).append("\">").append(Text.markup(c.id())).append("</a></td><td>")
            .append(Text.markup(Text.requirementIds(c))).append("</td><td>§").append(Text.markup(c.section()))
            .append("</td><td>").append(c.millis()).append("</td></tr>\n");
      }
      b.append("</table>\n<h2>Details</h2>\n");
      n = 0;
      for (CaseReport c : run.cases()) {
        n++;
        boolean failing = c.grade().fails(run.strict());
        b.append("<details id=\"case-").append(n).append("\" data-grade=\"").append(c.grade().label()).append('"')
            .append(failing ? " class=\"failing\" open" : "").append("><summary><span class=\"g ")
            .append(c.grade().label()).append("\">").append(c.grade().label()).append("</span> ")
            .append(Text.markup(Text.caseName(c))).append(" — ").append(Text.markup(c.title())).append("</summary>\n<table>\n");
        row(b, "role", c.role().label());
        row(b, "section", "§" + c.section());
        row(b, "requirements", Text.requirementIds(c));
        row(b, "grade", c.grade().label() + (c.flaky() ? " (flaky: failed once, passed when re-run)" : ""));
        row(b, "time", c.millis() + " ms");
        if (c.repro() != null && !c.repro().isEmpty()) {
          b.append("<tr><th>repro</th><td><code>").append(Text.markup(c.repro())).append("</code></td></tr>\n");
        }
        b.append("</table>\n");
        if (c.detail() != null && !c.detail().isEmpty()) {
          b.append("<pre>").append(Text.markup(c.detail())).append("</pre>\n");
        }
        b.append("<pre class=\"wire\">");
        if (c.wire().isEmpty()) {
          b.append("(no frames exchanged)");
        }
        for (WireEvent w : c.wire()) {
          b.append("<span class=\"").append(w.direction().name().toLowerCase(java.util.Locale.ROOT)).append("\">")
              .append(String.format(java.util.Locale.ROOT, "%6d ms ", w.atMillis())).append(Text.markup(w.toString()))
              .append("</span>\n");
        }
        b.append("</pre>\n</details>\n");
      }
    }
    b.append("</body></html>\n");
    out.write(b.toString());
    out.flush();
  }

  private static void row(StringBuilder b, String name, String value) {
    b.append("<tr><th>").append(name).append("</th><td>").append(Text.markup(value)).append("</td></tr>\n");
  }
}
