package org.framewire.conformance.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ReportsTest {

  @Command(name = "check")
  static final class FakeCheck implements Runnable {
    @Mixin ReportOptions reports;

    @Override
    public void run() {}
  }

  @Test
  void writesTheFilesAsked(@TempDir Path dir) throws Exception {
    Path junit = dir.resolve("sub/r.xml");
    Path html = dir.resolve("r.html");
    Reports.write(SampleRuns.all(), new Reports.Options(junit, null, html));
    assertTrue(Files.readString(junit, StandardCharsets.UTF_8).contains("naïve ✓ 𝄞"));
    assertTrue(Files.readString(html, StandardCharsets.UTF_8).startsWith("<!DOCTYPE html>"));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "no json file");
    }
    Reports.write(SampleRuns.all(), Reports.Options.NONE);
  }

  @Test
  void mixinParsesTheFlags() {
    FakeCheck check = new FakeCheck();
    new CommandLine(check).parseArgs("--junit", "a.xml", "--json", "b.json", "--html", "c.html", "--color", "NEVER");
    assertEquals(new Reports.Options(Path.of("a.xml"), Path.of("b.json"), Path.of("c.html")), check.reports.options());
    assertEquals(ColorMode.NEVER, check.reports.color());
    assertFalse(check.reports.color().enabled());
  }

  @Test
  void mixinDefaultsAndRejectsBadColour() {
    FakeCheck check = new FakeCheck();
    new CommandLine(check).parseArgs();
    assertNull(check.reports.options().junit());
    assertEquals(ColorMode.AUTO, check.reports.color());
    assertEquals(2, new CommandLine(new FakeCheck()).setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()))
        .execute("--color", "sometimes"));
  }
}
