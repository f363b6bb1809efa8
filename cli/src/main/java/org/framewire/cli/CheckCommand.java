package org.framewire.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Role;
import org.framewire.conformance.RunReport;
import org.framewire.conformance.cases.Capabilities;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.client.ClientCase;
import org.framewire.conformance.client.ClientCases;
import org.framewire.conformance.client.ClientHooks;
import org.framewire.conformance.client.ClientSuite;
import org.framewire.conformance.client.ControlChannel;
import org.framewire.conformance.engine.CaseFilter;
import org.framewire.conformance.engine.CaseRunner;
import org.framewire.conformance.engine.CaseScheduler;
import org.framewire.conformance.engine.Coverage;
import org.framewire.conformance.engine.KnownFailures;
import org.framewire.conformance.report.ProgressListener;
import org.framewire.conformance.report.ReportOptions;
import org.framewire.conformance.report.Reports;
import org.framewire.conformance.target.SelfTarget;
import org.framewire.conformance.target.Targets;
import org.framewire.fuzz.ServerAdapter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code framewire check}: runs the server conformance cases (docs/conformance/README.md) against a
 * target and exits 0 only when the run passes.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Run the server conformance suite against a target; exit 0 only when it passes.")
final class CheckCommand implements Callable<Integer> {

  static final class TargetChoice {
    @Option(names = "--target", paramLabel = "URL", description = "tcp://HOST:PORT, tls://HOST:PORT, http[s]://HOST:PORT[/api/PREFIX]")
    String url;

    @Option(names = "--exec", paramLabel = "CMD", description = "A child process speaking frames over stdin/stdout, one per case.")
    String exec;

    @Option(names = "--self", description = "framewire's reference server, in process")
    boolean self;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  TargetChoice target;

  @Mixin TlsClientOptions tlsOptions;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", description = "Per-case deadline (default ${DEFAULT-VALUE}).")
  double timeoutSeconds;

  @Option(names = "--case", paramLabel = "PATTERN", description = "Glob on case ids; repeatable.")
  List<String> cases = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "PATTERN", description = "Glob on case ids to skip; repeatable.")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--section", paramLabel = "N", description = "SPEC.md section prefix; repeatable.")
  List<String> sections = new ArrayList<>();

  @Option(names = "--list", description = "Print the selected cases and run nothing.")
  boolean list;

  @Option(names = "--strict", description = "Count non-strict grades (a SHOULD not met) as failures.")
  boolean strict;

  @Option(names = "--known-failures", paramLabel = "FILE", description = "Case ids expected to fail (ratchet).")
  Path knownFailures;

  @Option(names = "--capabilities", paramLabel = "FILE",
      description = "JSON: the target's encodings, maxFrameSize and SPEC.md §10 limits; cases needing more are not applicable "
          + "(default: the SPEC's defaults; --self declares its own).")
  Path capabilities;

  @Option(names = "--cases", paramLabel = "DIR", description = "Load case files from DIR instead of the bundled ones.")
  Path casesDir;

  @Mixin ReportOptions reportOptions = new ReportOptions();

  @Mixin JobsOption jobs = new JobsOption();

  @Option(names = "--coverage-table", paramLabel = "FILE", description = "Write the requirement coverage table (Markdown) and run nothing.")
  Path coverageTable;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    List<ConformanceCase> all = casesDir != null ? CaseLoader.loadDirectory(casesDir) : CaseLoader.loadBundled();
    if (coverageTable != null) {
      Files.writeString(coverageTable, Coverage.table(all));
      return 0;
    }
    CaseFilter filter = new CaseFilter(cases, excludes, sections);
    List<ConformanceCase> selected = all.stream().filter(c -> c.role() == Role.SERVER).filter(filter::test).toList();
    if (list) {
      for (ConformanceCase c : selected) {
        out.println(c.id() + "  [" + String.join(", ", c.requirements().stream().map(r -> r.id()).toList()) + "]  §" + c.section() + "  " + c.title());
      }
      return 0;
    }
    if (target == null) {
      System.err.println("give --self or --target URL");
      return 2;
    }
    String targetName = target.self ? "self" : target.exec != null ? "exec:" + target.exec : target.url;
    ServerAdapter adapter = Targets.parse(targetName, target.url != null
        && TlsClientOptions.secure(java.net.URI.create(target.url).getScheme()) ? tlsOptions.clientTls(System.err) : null);
    String repro = "framewire check " + (target.self ? "--self" : target.exec != null ? "--exec '" + target.exec + "'" : "--target " + target.url)
        + (casesDir != null ? " --cases " + casesDir : "");
    Duration timeout = Duration.ofMillis((long) (timeoutSeconds * 1000));
    Capabilities caps = capabilities != null ? Capabilities.read(capabilities)
        : target.self ? SelfTarget.selfCapabilities() : Capabilities.DEFAULTS;
    if (capabilities != null) {
      repro += " --capabilities " + capabilities;
    }
    CaseRunner runner = new CaseRunner(adapter, timeout, repro, caps);
    ProgressListener progress = reportOptions.terminal(out, strict);
    List<ClientCase> clientCases = target.self
        ? ClientCases.of(all.stream().filter(c -> c.role() == Role.CLIENT).filter(filter::test).toList())
        : List.of();
    progress.runStarted(selected.size() + clientCases.size());
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    List<CaseReport> reports = new ArrayList<>(
        CaseScheduler.run(selected, jobs.jobs(), CaseRunner::runsAlone, (c, slot) -> runner.run(c, slot), progress::caseFinished));
    if (!clientCases.isEmpty()) {
      // --self checks both halves of the reference implementation: the client cases run against
      // framewire's own client, in process, through the control channel (docs/conformance/client-role.md).
      reports.addAll(new ClientSuite(ControlChannel.Launcher.inProcess(ClientHooks.NONE), timeout)
          .run(clientCases, jobs.jobs(), c -> "framewire check-client --self --case " + c.id(), progress::caseFinished));
    }
    RunReport run = new RunReport(Role.SERVER, targetName, started, (System.nanoTime() - t0) / 1_000_000, strict, reports)
        .withKnownFailures(knownFailures != null ? KnownFailures.read(knownFailures) : KnownFailures.NONE);
    progress.runFinished(run);
    Reports.write(run, reportOptions.options());
    return run.failed() ? 1 : 0;
  }
}
