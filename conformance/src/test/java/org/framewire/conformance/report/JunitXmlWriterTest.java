package org.framewire.conformance.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.framewire.conformance.RunReport;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitXmlWriterTest {

  private static Document parse(RunReport run) throws Exception {
    StringWriter w = new StringWriter();
    new JunitXmlWriter().write(run, w);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(w.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> elements(Document d, String name) {
    NodeList nodes = d.getElementsByTagName(name);
    List<Element> list = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      list.add((Element) nodes.item(i));
    }
    return list;
  }

  @Test
  void oneTestcasePerCaseNamedByRequirementAndCase() throws Exception {
    Document d = parse(SampleRuns.all());
    Element root = d.getDocumentElement();
    assertEquals("testsuites", root.getTagName());
    assertEquals("6", root.getAttribute("tests"));
    assertEquals("1", root.getAttribute("failures"));
    assertEquals("1", root.getAttribute("skipped"));
    List<Element> cases = elements(d, "testcase");
    assertEquals(6, cases.size());
    Element first = cases.stream().filter(c -> c.getAttribute("name").equals("FRAME-2 frame/oversized-payload"))
        .findFirst().orElseThrow();
    assertEquals("framewire.server.section-2.1", first.getAttribute("classname"));
    assertEquals("0.005", first.getAttribute("time"));
    List<String> suites = elements(d, "testsuite").stream().map(e -> e.getAttribute("name")).toList();
    assertEquals(List.of("framewire.server.section-2.1", "framewire.server.section-2.10", "framewire.server.section-3",
        "framewire.server.section-4"), suites);
  }

  @Test
  void failuresCarryDetailAndSkipsTheNotApplicable() throws Exception {
    Document d = parse(SampleRuns.all());
    List<Element> failures = elements(d, "failure");
    assertEquals(1, failures.size());
    Element failure = failures.get(0);
    assertEquals("STREAM-6 stream/open-limit", ((Element) failure.getParentNode()).getAttribute("name"));
    assertEquals("fail", failure.getAttribute("type"));
    String text = failure.getTextContent();
    assertTrue(text.contains("requirements: STREAM-6"), text);
    assertTrue(text.contains("target answered " + Text.printable(SampleRuns.HOSTILE) + "\nsecond line"), text);
    List<Element> skipped = elements(d, "skipped");
    assertEquals(1, skipped.size());
    assertTrue(skipped.get(0).getAttribute("message").contains("target declares no zstd"));
  }

  @Test
  void systemOutHoldsTheWireLogEscapedButIntact() throws Exception {
    Document d = parse(SampleRuns.all());
    String out = elements(d, "system-out").get(4).getTextContent();
    assertTrue(out.contains("7 ms < 1 2 0 command-response eos <img src=x onerror=\"alert(1)\">&amp; \\x01\\x1b[31m\\x9b2J naïve ✓ 𝄞"),
        out);
    String first = elements(d, "system-out").get(0).getTextContent();
    assertTrue(first.contains("     0 ms > 1 1 stream-begin command-request new cbor:{b'name': b'echo'}"), first);
    assertTrue(first.contains("     4 ms # closed"), first);
    String flaky = elements(d, "system-out").get(2).getTextContent();
    assertTrue(flaky.contains("grade: pass (flaky)"), flaky);
    assertEquals("tcp://localhost:8000?<&\">", ((Element) elements(d, "property").get(0)).getAttribute("value"));
  }

  @Test
  void strictRunsFailNonStrictCases() throws Exception {
    RunReport all = SampleRuns.all();
    RunReport strict = new RunReport(all.role(), all.target(), all.started(), all.millis(), true, all.cases());
    assertEquals(2, elements(parse(strict), "failure").size());
  }

  @Test
  void emptyRunIsAValidEmptyReport() throws Exception {
    Document d = parse(SampleRuns.empty());
    assertEquals("0", d.getDocumentElement().getAttribute("tests"));
    assertEquals(0, elements(d, "testcase").size());
  }
}
