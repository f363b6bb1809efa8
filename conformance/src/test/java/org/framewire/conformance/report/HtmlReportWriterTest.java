package org.framewire.conformance.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.framewire.conformance.Grade;
import org.framewire.conformance.RunReport;
import org.junit.jupiter.api.Test;

class HtmlReportWriterTest {

  private static String html(RunReport run) throws Exception {
    StringWriter w = new StringWriter();
    new HtmlReportWriter().write(run, w);
    return w.toString();
  }

  @Test
  void escapesEverythingFromTheTarget() throws Exception {
    String page = html(SampleRuns.all());
    assertFalse(page.contains("<img"), "target markup must not become markup");
    assertFalse(page.contains("\u0001") || page.contains("\u001b"), "no raw control bytes");
    assertTrue(page.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;amp; \\x01\\x1b[31m\\x9b2J naïve ✓ 𝄞"), page);
    assertTrue(page.contains("tcp://localhost:8000?&lt;&amp;&quot;&gt;"));
    assertEquals(1, count(page, "<script"), "only the one inline script");
  }

  @Test
  void selfContained() throws Exception {
    String page = html(SampleRuns.all());
    assertFalse(Pattern.compile("(src|href)=\"(?!#)").matcher(page).find(), "no external resource or link");
    assertFalse(page.contains("@import") || page.contains("url("));
    assertTrue(page.startsWith("<!DOCTYPE html>"));
    assertTrue(page.contains("<meta charset=\"utf-8\">"));
  }

  @Test
  void summaryFilterAndPerCaseFrames() throws Exception {
    String page = html(SampleRuns.all());
    for (Grade g : Grade.values()) {
      assertTrue(page.contains("<input type=\"checkbox\" value=\"" + g.label() + "\""), g.label());
    }
    assertEquals(6 * 2, count(page, "data-grade=\""), "a table row and a details block per case");
    assertTrue(page.contains("<details id=\"case-5\" data-grade=\"fail\" class=\"failing\" open>"), page);
    assertTrue(page.contains("<span class=\"sent\">     0 ms &gt; 1 1 stream-begin command-request new cbor:{b&#39;name&#39;: b&#39;echo&#39;}</span>"), page);
    assertTrue(page.contains("<span class=\"note\">     4 ms # closed</span>"));
    assertTrue(page.contains("pass (flaky)"));
    assertTrue(page.contains("FRAME-3 FRAME-10"));
  }

  @Test
  void emptyRun() throws Exception {
    String page = html(SampleRuns.empty());
    assertTrue(page.contains("No cases ran."));
    assertTrue(page.endsWith("</body></html>\n"));
  }

  private static int count(String s, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
