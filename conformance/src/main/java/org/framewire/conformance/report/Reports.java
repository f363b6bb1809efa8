package org.framewire.conformance.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.framewire.conformance.RunReport;

/**
 * The one call the CLI makes after a run: writes the report files the options name.
 *
 * <pre>{@code
 * Reports.write(run, reportOptions.options());
 * }</pre>
 */
public final class Reports {

  private Reports() {}

  /**
   * Which report files to write; a null path writes none of that kind.
   *
   * @param junit JUnit XML file ({@code --junit})
   * @param json JSON file ({@code --json})
   * @param html HTML file ({@code --html})
   */
  public record Options(Path junit, Path json, Path html) {
    /** No files. */
    public static final Options NONE = new Options(null, null, null);
  }

  /** Writes every report file {@code options} names, creating parent directories. */
  public static void write(RunReport run, Options options) throws IOException {
    if (options.junit() != null) {
      try (Writer w = open(options.junit())) {
        new JunitXmlWriter().write(run, w);
      }
    }
    if (options.json() != null) {
      try (Writer w = open(options.json())) {
        new JsonReportWriter().write(run, w);
      }
    }
    if (options.html() != null) {
      try (Writer w = open(options.html())) {
        new HtmlReportWriter().write(run, w);
      }
    }
  }

  private static Writer open(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }
}
