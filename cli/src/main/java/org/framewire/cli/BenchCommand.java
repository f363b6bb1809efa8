package org.framewire.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code framewire bench}: runs the JMH benchmarks side by side with their baselines (Netty's
 * HTTP/2 codec, zstd-jni, Mercurial) and writes the ratios of docs/benchmarks.md as JSON, PNG plots
 * and Markdown tables. The work happens in a child JVM on {@code benchmarks/target/benchmarks.jar}
 * ({@code org.framewire.benchmarks.report.BenchMain}), so that JMH, Netty and the plotting code
 * stay out of this jar; the exit status is the child's.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run the benchmarks and write the ratios (docs/benchmarks.md) as JSON, PNG plots and Markdown tables.",
      "Needs benchmarks/target/benchmarks.jar (mvn -q -B install -DskipTests builds it)."
    })
final class BenchCommand implements Callable<Integer> {

  /** The class that runs a bench in the benchmarks jar. */
  static final String MAIN = "org.framewire.benchmarks.report.BenchMain";

  /** The benchmarks jar, relative to the repository root. */
  static final Path JAR = Path.of("benchmarks", "target", "benchmarks.jar");

  @Option(names = "--quick", description = "Fewer rounds and iterations, same workloads: about 20 minutes on 2 idle cores.")
  boolean quick;

  @Option(names = "--json", required = true, paramLabel = "FILE",
      description = "The report: raw results, details and the \"ratios\" object.")
  Path json;

  @Option(names = "--plots", paramLabel = "DIR",
      description = "Where the PNG plots go (default: the JSON file's directory); named <json name>-*.png.")
  Path plots;

  @Option(names = "--python", paramLabel = "PATH",
      description = "The Python that runs Mercurial's baseline (default /usr/bin/python3); without it, or without "
          + "Mercurial, the vs_mercurial_* ratios are null and a note says why.")
  Path python;

  @Option(names = "--include", paramLabel = "REGEX", description = "Run only the JMH benchmarks matching REGEX.")
  String include;

  @Option(names = "--doc", paramLabel = "FILE",
      description = "Write the tables between <!-- bench:begin --> and <!-- bench:end --> of FILE.")
  Path doc;

  @Option(names = "--replot", description = "Measure nothing: redraw plots and tables from the --json report.")
  boolean replot;

  @Option(names = "--jar", paramLabel = "PATH",
      description = "The benchmarks jar (default: benchmarks/target/benchmarks.jar beside this tool's build, "
          + "or under the current directory).")
  Path jar;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path benchJar = jar != null ? jar : findJar();
    if (benchJar == null || !Files.isRegularFile(benchJar)) {
      System.err.println("framewire bench: the benchmarks jar is not built (looked for "
          + (jar != null ? jar : String.join(", ", candidates().stream().map(Path::toString).toList())) + ").");
      System.err.println("Build it from the repository root with:  mvn -q -B install -DskipTests");
      return 2;
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(benchJar.toString());
    command.add(MAIN);
    if (quick) {
      command.add("--quick");
    }
    if (replot) {
      command.add("--replot");
    }
    add(command, "--json", json);
    add(command, "--plots", plots);
    add(command, "--python", python);
    add(command, "--doc", doc);
    if (include != null) {
      command.add("--include");
      command.add(include);
    }
    Process p = new ProcessBuilder(command).inheritIO().start();
    return p.waitFor();
  }

  private static void add(List<String> command, String option, Path value) {
    if (value != null) {
      command.add(option);
      command.add(value.toString());
    }
  }

  /** The first existing candidate, or null. */
  private static Path findJar() {
    for (Path c : candidates()) {
      if (Files.isRegularFile(c)) {
        return c;
      }
    }
    return null;
  }

  /**
   * Where the benchmarks jar may be: beside the repository this tool was built in (the tool runs
   * from {@code cli/target/framewire.jar}), then under the current directory.
   */
  static List<Path> candidates() {
    Set<Path> c = new LinkedHashSet<>();
    try {
      Path self = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // .../cli/target/framewire.jar or .../cli/target/classes
      Path module = self.getParent() == null ? null : self.getParent().getParent();
      if (module != null && module.getParent() != null) {
        c.add(module.getParent().resolve(JAR).normalize());
      }
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      // no code source: only the working directory is searched
    }
    c.add(JAR.toAbsolutePath().normalize());
    return List.copyOf(c);
  }
}
