package org.framewire.conformance.report;

import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The report flags {@code check} and {@code check-client} share; add with
 * {@code @Mixin ReportOptions reports;} then
 * {@code ProgressListener l = reports.terminal(System.out);} for the engine and
 * {@code Reports.write(run, reports.options());} after it.
 */
public final class ReportOptions {

  @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report to FILE.")
  Path junit;

  @Option(names = "--json", paramLabel = "FILE",
      description = "Write a JSON report (schema framewire-conformance-report/1) to FILE.")
  Path json;

  @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report to FILE.")
  Path html;

  @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
      converter = ColorConverter.class,
      description = "Colour grades on the terminal: auto (when stdout is a terminal), always, never.")
  ColorMode color = ColorMode.AUTO;

  /** The report files asked for. */
  public Reports.Options options() {
    return new Reports.Options(junit, json, html);
  }

  /** The colour mode asked for. */
  public ColorMode color() {
    return color;
  }

  @Option(names = "--verbose", description = "Print the wire log of every case, not only of those that fail the run.")
  boolean verbose;

  /**
   * A terminal reporter printing to {@code out} with the colour mode asked for: a failing case's
   * detail and wire log follow its line, every case's with {@code --verbose}.
   *
   * @param strict whether non-strict grades fail the run (and so get their wire log printed)
   */
  public TerminalReporter terminal(PrintStream out, boolean strict) {
    return new TerminalReporter(out, color.enabled(), verbose ? TerminalReporter.Detail.ALL : TerminalReporter.Detail.FAILURES, strict);
  }

  /** Reads {@code auto|always|never} case-insensitively. */
  static final class ColorConverter implements picocli.CommandLine.ITypeConverter<ColorMode> {
    @Override
    public ColorMode convert(String value) {
      return switch (value.toLowerCase(java.util.Locale.ROOT)) {
        case "auto" -> ColorMode.AUTO;
        case "always" -> ColorMode.ALWAYS;
        case "never" -> ColorMode.NEVER;
        default -> throw new picocli.CommandLine.TypeConversionException(
            "expected auto, always or never, not '" + value + "'");
      };
    }
  }
}
