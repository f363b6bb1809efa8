package org.framewire.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.framewire.benchmarks.CompressionSizes;
import org.framewire.benchmarks.IdleConnectionCost;
import org.framewire.benchmarks.WireBytes;
import org.framewire.benchmarks.Payloads;
import org.framewire.streams.encoding.EncodingProfiles;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Version;

/**
 * The bench run behind {@code framewire bench}: {@code java -cp benchmarks.jar
 * org.framewire.benchmarks.report.BenchMain --json FILE [options]}.
 *
 * <ol>
 *   <li>writes the frame streams Mercurial decodes (the bytes framewire's decode benchmark uses);
 *   <li>runs every JMH benchmark of {@code org.framewire.benchmarks} in {@link RunPlan#rounds()}
 *       rounds with the gc profiler, one fork per benchmark and round;
 *   <li>measures the compression sizes of the corpus ({@link CompressionSizes}), the bytes on the
 *       socket of the corpus over framewire and gRPC ({@link WireBytes}) and the memory per idle
 *       connection of the NIO and Netty hosts ({@link IdleConnectionCost}); a failure of the last
 *       two is a note, not a failed run;
 *   <li>runs Mercurial's baseline ({@link MercurialBaseline}), or notes why it cannot;
 *   <li>writes the report: {@code ratios} (exactly the keys of {@link Goal}), goals, details,
 *       notes, machine, plan and the raw JMH and Mercurial results, as JSON to {@code --json};
 *   <li>draws the plots ({@link Plots}) and prints the tables ({@link ResultsTable}), which
 *       {@code --doc} also writes into a document.
 * </ol>
 *
 * <p>Options: {@code --quick} ({@link RunPlan#QUICK}, else {@link RunPlan#FULL}); {@code --plots
 * DIR} (default: the JSON file's directory; files {@code <json name>-*.png}); {@code --python
 * PATH} (default {@code /usr/bin/python3}); {@code --include REGEX} (JMH's benchmark filter, for
 * partial runs); {@code --doc FILE} (replace the generated section of FILE); {@code --replot}
 * (measure nothing: read the report from {@code --json} and redraw plots and tables). Exit status 0
 * when the report was written, whether or not every goal was met; 2 for bad options; 1 for a
 * failure.
 */
public final class BenchMain {

  /** The benchmarks of the suite. */
  static final String ALL = "org\\.framewire\\.benchmarks\\.[A-Za-z]+Benchmark\\.";

  private BenchMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Parsed command line. */
  record Options(boolean quick, Path json, Path plots, Path python, String include, Path doc, boolean replot) {

    static Options parse(String[] args) {
      boolean quick = false;
      boolean replot = false;
      Path json = null;
      Path plots = null;
      Path python = Path.of("/usr/bin/python3");
      String include = ALL;
      Path doc = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--quick" -> quick = true;
          case "--replot" -> replot = true;
          case "--json" -> json = Path.of(value(args, ++i, a));
          case "--plots" -> plots = Path.of(value(args, ++i, a));
          case "--python" -> python = Path.of(value(args, ++i, a));
          case "--include" -> include = value(args, ++i, a);
          case "--doc" -> doc = Path.of(value(args, ++i, a));
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (json == null) {
        throw new IllegalArgumentException("--json FILE is required");
      }
      json = json.toAbsolutePath().normalize();
      plots = plots == null ? json.getParent() : plots.toAbsolutePath().normalize();
      return new Options(quick, json, plots, python, include, doc == null ? null : doc.toAbsolutePath(), replot);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    /** The plot file prefix: the JSON file's name without {@code .json}. */
    String prefix() {
      String name = json.getFileName().toString();
      return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("framewire bench: " + e.getMessage());
      err.println("usage: framewire bench [--quick] --json FILE [--plots DIR] [--python PATH] [--include REGEX]"
          + " [--doc FILE] [--replot]");
      return 2;
    }
    try {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      JsonNode report;
      if (o.replot()) {
        report = mapper.readTree(o.json().toFile());
      } else {
        report = measure(o, out);
        Files.createDirectories(o.json().getParent());
        mapper.writeValue(o.json().toFile(), report);
        out.println("framewire bench: report written to " + o.json());
      }
      List<Path> plots = Plots.write(report, o.plots(), o.prefix());
      out.println("framewire bench: plots " + plots);
      String plotPrefix = o.plots().resolve(o.prefix()).toString();
      if (o.doc() != null) {
        plotPrefix = o.doc().getParent().relativize(o.plots().resolve(o.prefix())).toString();
        String doc = Files.readString(o.doc(), StandardCharsets.UTF_8);
        Files.writeString(o.doc(), ResultsTable.replaceSection(doc, ResultsTable.markdown(report, plotPrefix)),
            StandardCharsets.UTF_8);
        out.println("framewire bench: tables written into " + o.doc());
      }
      out.println();
      out.println(ResultsTable.markdown(report, plotPrefix));
      return 0;
    } catch (IOException | RunnerException | RuntimeException e) {
      err.println("framewire bench: " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("framewire bench: interrupted");
      return 1;
    }
  }

  private static JsonNode measure(Options o, PrintStream out) throws IOException, RunnerException, InterruptedException {
    RunPlan plan = o.quick() ? RunPlan.QUICK : RunPlan.FULL;
    Instant started = Instant.now();
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Path work = Files.createTempDirectory("framewire-bench");
    try {
      return measure(o, out, plan, started, loadBefore, work);
    } finally {
      deleteTree(work);
    }
  }

  private static JsonNode measure(Options o, PrintStream out, RunPlan plan, Instant started, double loadBefore,
      Path work) throws IOException, RunnerException, InterruptedException {
    writeWires(work);

    ObjectMapper mapper = new ObjectMapper();
    List<List<Score>> rounds = new ArrayList<>();
    ArrayNode rawRounds = mapper.createArrayNode();
    for (int round = 1; round <= plan.rounds(); round++) {
      out.println("framewire bench: JMH round " + round + " of " + plan.rounds() + " (" + plan.name() + ")");
      Path result = work.resolve("jmh-round-" + round + ".json");
      new Runner(new OptionsBuilder()
          .include(o.include())
          .forks(1)
          .param("active", plan.reactorActive())
          .warmupIterations(plan.warmupIterations())
          .warmupTime(TimeValue.seconds(plan.warmupSeconds()))
          .measurementIterations(plan.iterations())
          .measurementTime(TimeValue.seconds(plan.iterationSeconds()))
          .addProfiler(GCProfiler.class)
          .resultFormat(ResultFormatType.JSON)
          .result(result.toString())
          .shouldFailOnError(true)
          .build()).run();
      JsonNode raw = mapper.readTree(result.toFile());
      rawRounds.add(raw);
      rounds.add(JmhResults.parse(raw));
    }

    out.println("framewire bench: compression sizes");
    Map<String, CompressionSizes.Sizes> sizes = new LinkedHashMap<>();
    sizes.put("zstd-8mb", CompressionSizes.measure(EncodingProfiles.ZSTD_8MB));
    sizes.put("zlib", CompressionSizes.measure(EncodingProfiles.ZLIB));

    Map<String, WireBytes.Count> wire = Map.of();
    Map<String, IdleConnectionCost.Cost> idle = Map.of();
    List<String> failures = new ArrayList<>();
    out.println("framewire bench: bytes on the socket, framewire and gRPC");
    try {
      wire = WireBytes.measure();
    } catch (Exception e) {
      failures.add("wire bytes not measured: " + e);
    }
    out.println("framewire bench: memory per idle connection, NIO and Netty hosts");
    try {
      idle = IdleConnectionCost.measure();
    } catch (Exception e) {
      failures.add("idle connection memory not measured: " + e);
    }

    out.println("framewire bench: Mercurial baseline (" + o.python() + ")");
    MercurialBaseline.Outcome hg = MercurialBaseline.run(o.python(), work, plan);

    ObjectNode report = mapper.createObjectNode();
    report.put("schema", "framewire-bench/1");
    report.put("mode", plan.name());
    report.put("started", started.truncatedTo(ChronoUnit.SECONDS).toString());
    report.put("duration_seconds", Instant.now().getEpochSecond() - started.getEpochSecond());
    report.put("jmh_version", Version.getPlainVersion());
    report.set("machine", machine(mapper, loadBefore));
    report.set("plan", mapper.valueToTree(plan));
    if (!o.include().equals(ALL)) {
      report.put("include", o.include());
    }
    report.setAll(new ReportBuilder(rounds, sizes, hg).withConnectionMeasurements(wire, idle).build());
    failures.forEach(((ArrayNode) report.get("notes"))::add);
    ObjectNode raw = report.putObject("raw");
    raw.set("jmh_rounds", rawRounds);
    if (hg instanceof MercurialBaseline.Outcome.Measured m) {
      raw.set("mercurial", m.result());
    } else if (hg instanceof MercurialBaseline.Outcome.Skipped s) {
      raw.putObject("mercurial").put("skipped", s.reason());
    }
    return report;
  }

  /** Deletes the run's scratch directory (its results are in the report by now). */
  private static void deleteTree(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The decode benchmark's frame streams, one file per payload size, for Mercurial to decode. */
  static void writeWires(Path dir) throws IOException {
    for (String size : Payloads.SIZES) {
      ByteBuffer wire = Payloads.framewireWire(Integer.parseInt(size), Payloads.FRAMES);
      byte[] bytes = new byte[wire.remaining()];
      wire.get(bytes);
      Files.write(dir.resolve("framewire-" + size + ".bin"), bytes);
    }
  }

  private static ObjectNode machine(ObjectMapper mapper, double loadBefore) {
    ObjectNode m = mapper.createObjectNode();
    m.put("cpu", cpuModel());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("memory_bytes", memTotal());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("load_before", loadBefore);
    m.put("load_after", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return m;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }

  private static long memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return Runtime.getRuntime().maxMemory();
  }
}
