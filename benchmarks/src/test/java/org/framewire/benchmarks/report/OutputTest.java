package org.framewire.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plots, tables and the command line of a report, from a synthetic report (nothing is measured). */
class OutputTest {

  static ObjectNode report() throws Exception {
    ObjectNode r = new ObjectMapper().createObjectNode();
    r.put("mode", "quick");
    r.put("started", "2026-01-01T00:00:00Z");
    r.put("duration_seconds", 300);
    r.put("jmh_version", "1.37");
    r.putObject("machine").put("cpu", "Test CPU").put("cores", 2).put("java", "Java 17");
    r.set("plan", new ObjectMapper().valueToTree(RunPlan.QUICK));
    r.setAll(new ReportBuilder(List.of(ReportBuilderTest.round(1), ReportBuilderTest.round(2)),
        ReportBuilderTest.SIZES, new MercurialBaseline.Outcome.Measured(ReportBuilderTest.mercurial())).build());
    return r;
  }

  @Test
  void tablesNameEveryRatioWithItsValueAndGoal() throws Exception {
    String md = ResultsTable.markdown(report(), "bench/run");
    for (Goal g : Goal.values()) {
      assertTrue(md.contains("| `" + g.key() + "` |"), g.key());
    }
    assertTrue(md.contains("| `context_span_gain_zstd` | 2.50 | ≥ 1.40 | yes |"), md);
    assertTrue(md.contains("| `context_span_gain_zlib` | 1.20 | ≥ 1.40 | **no** |"), md);
    assertTrue(md.contains("| `decode_vs_netty_http2` | 1.50 <sub>(1.00, 2.00; worst 1.00)</sub> |"), md);
    assertTrue(md.contains("![decode](bench/run-decode.png)"), md);
  }

  @Test
  void sectionReplacementKeepsTheRestOfTheDocument() {
    String doc = "# T\n\nbefore\n" + ResultsTable.BEGIN + "\nold\n" + ResultsTable.END + "\nafter\n";
    String out = ResultsTable.replaceSection(doc, "new");
    assertEquals("# T\n\nbefore\n" + ResultsTable.BEGIN + "\nnew\n" + ResultsTable.END + "\nafter\n", out);
    assertThrows(IllegalArgumentException.class, () -> ResultsTable.replaceSection("no markers", "x"));
    // a marker quoted inside a line is not a marker line
    String quoted = "use `" + ResultsTable.BEGIN + "` and `" + ResultsTable.END + "`\n" + doc;
    assertEquals("use `" + ResultsTable.BEGIN + "` and `" + ResultsTable.END + "`\n" + out,
        ResultsTable.replaceSection(quoted, "new"));
    assertThrows(IllegalArgumentException.class,
        () -> ResultsTable.replaceSection("x `" + ResultsTable.BEGIN + "` `" + ResultsTable.END + "`", "y"));
  }

  @Test
  void plotsArePngsWithBarsOfTheSeriesColours(@TempDir Path dir) throws Exception {
    List<Path> files = Plots.write(report(), dir, "run");
    assertEquals(List.of("run-decode.png", "run-encode.png", "run-compression.png", "run-ratios.png"),
        files.stream().map(p -> p.getFileName().toString()).toList());
    BufferedImage decode = ImageIO.read(files.get(0).toFile());
    assertEquals(Plots.WIDTH, decode.getWidth());
    assertEquals(Plots.HEIGHT, decode.getHeight());
    assertTrue(count(decode, BarChart.BLUE.getRGB()) > 1000, "framewire bars drawn");
    assertTrue(count(decode, BarChart.ORANGE.getRGB()) > 1000, "Netty bars drawn");
    assertTrue(count(decode, BarChart.GRAY.getRGB()) > 1000, "Mercurial bars drawn");
    BufferedImage ratios = ImageIO.read(files.get(3).toFile());
    assertTrue(count(ratios, 0xff2ca02c) > 500, "met goals in green");
    assertTrue(count(ratios, 0xffd62728) > 200, "missed goals in red");
  }

  @Test
  void plotsFollowTheData(@TempDir Path dir) throws Exception {
    ObjectNode a = report();
    ObjectNode b = report();
    ((ObjectNode) b.path("details").path("decode_frames_per_second").path("framewire")).put("0", 1e9);
    Plots.write(a, dir.resolve("a"), "run");
    Plots.write(b, dir.resolve("b"), "run");
    assertNotEquals(-1, Files.mismatch(dir.resolve("a/run-decode.png"), dir.resolve("b/run-decode.png")));
    assertEquals(-1, Files.mismatch(dir.resolve("a/run-encode.png"), dir.resolve("b/run-encode.png")));
  }

  @Test
  void replotRedrawsFromTheJsonAndWritesTheDocument(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("quick-run.json");
    new ObjectMapper().writeValue(json.toFile(), report());
    Path doc = dir.resolve("benchmarks.md");
    Files.writeString(doc, "# B\n" + ResultsTable.BEGIN + "\n" + ResultsTable.END + "\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = BenchMain.run(new String[] {"--json", json.toString(), "--replot", "--plots", dir.resolve("bench").toString(),
        "--doc", doc.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
    assertTrue(Files.exists(dir.resolve("bench/quick-run-ratios.png")));
    String written = Files.readString(doc);
    assertTrue(written.contains("![ratios](bench/quick-run-ratios.png)"), written);
    assertTrue(written.contains("| `vs_mercurial_session` | 37.5"), written);
  }

  @Test
  void badOptionsExitWithStatus2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(2, BenchMain.run(new String[] {"--quick"}, System.out, e));
    assertEquals(2, BenchMain.run(new String[] {"--json", "x.json", "--frobnicate"}, System.out, e));
    assertEquals(2, BenchMain.run(new String[] {"--json"}, System.out, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--json FILE is required"));
  }

  private static int count(BufferedImage img, int argb) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if (img.getRGB(x, y) == argb) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void theRatioAxisWidensToWholeDecadesAroundEveryValue() {
    ObjectNode ratios = new ObjectMapper().createObjectNode();
    List<Goal> shown = List.of(Goal.VS_MERCURIAL_DECODE, Goal.DECODE_VS_NETTY);
    ratios.put(Goal.VS_MERCURIAL_DECODE.key(), 180.4);
    ratios.put(Goal.DECODE_VS_NETTY.key(), 0.03);
    double[] widened = Plots.decades(ratios, shown);
    assertEquals(0.01, widened[0], 1e-12, "0.03 lies above the lower end");
    assertEquals(1000, widened[1], 1e-9, "a ratio of 180 is not cut off at 100");
    double[] usual = Plots.decades(new ObjectMapper().createObjectNode(), shown);
    assertEquals(0.1, usual[0], 1e-12);
    assertEquals(100, usual[1], 1e-9);
  }
}
