package org.framewire.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
import org.framewire.conformance.RunReport;
import org.framewire.conformance.cases.Capabilities;
import org.framewire.conformance.client.ClientCase;
import org.framewire.conformance.client.ClientCases;
import org.framewire.conformance.client.ClientHooks;
import org.framewire.conformance.client.ClientSuite;
import org.framewire.conformance.client.ControlChannel;
import org.framewire.conformance.client.ScriptTls;
import org.framewire.conformance.engine.KnownFailures;
import org.framewire.conformance.report.ReportOptions;
import org.framewire.conformance.report.Reports;
import org.framewire.conformance.report.TerminalReporter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code framewire check-client}: runs the client-role conformance cases against a client adapter
 * started with {@code --exec "CMD"} (docs/conformance/client-role.md), or against framewire's own
 * client in process with {@code --self}. Exit code 0 when no case fails (with {@code
 * --known-failures}: when the failures are exactly the known ones), 1 otherwise, 2 for usage errors.
 */
@Command(
    name = "check-client",
    mixinStandardHelpOptions = true,
    description = "Test a protocol client: play scripted servers to it through its control channel and grade what it reports.")
final class CheckClientCommand implements Callable<Integer> {
  @Option(names = "--exec", paramLabel = "CMD", description = "The client adapter: a shell command speaking the control channel on stdin/stdout.")
  String exec;

  @Option(names = "--self", description = "Test framewire's own client, in process.")
  boolean self;

  @Option(names = "--tls",
      description = "The script server listens with TLS (tls://127.0.0.1:PORT) on certificates made for the run; each call op names the CA file to trust (ca). Runs the TLS cases (TRANS-12).")
  boolean tls;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Watchdog per case (default ${DEFAULT-VALUE}).")
  double timeout = 10;

  @Option(names = "--case", paramLabel = "ID", description = "Run only this case (repeatable; a trailing * matches a prefix).")
  List<String> cases = new ArrayList<>();

  @Option(names = "--section", paramLabel = "N", description = "Run only cases of this SPEC.md section or its subsections (repeatable).")
  List<String> sections = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "ID", description = "Skip this case (repeatable; a trailing * matches a prefix).")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--list", description = "List the selected cases and exit.")
  boolean list;

  @Option(names = "--strict", description = "Count non-strict grades (a SHOULD not met) as failures.")
  boolean strict;

  @Option(names = "--known-failures", paramLabel = "FILE",
      description = "Case ids expected to fail, one a line (# comments). New failures and unexpected passes both fail the run.")
  Path knownFailures;

  @Option(names = "--capabilities", paramLabel = "FILE",
      description = "JSON capabilities file (as for check); its encodings are the profiles the client decodes: cases needing others are not applicable.")
  Path capabilities;

  @Option(names = "--cases", paramLabel = "DIR", description = "Read case files from DIR instead of the bundled ones.")
  Path casesDir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin ReportOptions reportOptions = new ReportOptions();

  @CommandLine.Mixin JobsOption jobs = new JobsOption();

  @Override
  public Integer call() throws IOException, java.security.GeneralSecurityException {
    PrintStream out = System.out;
    if ((exec == null) == !self && !list) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of --exec CMD and --self");
    }
    List<ClientCase> selected = select(casesDir == null ? ClientCases.bundled() : ClientCases.load(casesDir));
    if (list) {
      for (ClientCase c : selected) {
        out.printf("%-45s %-6s %-24s %s%n", c.id(), c.section(), String.join(",", c.requirements().stream().map(r -> r.id()).toList()), c.title());
      }
      return 0;
    }
    Set<String> lacking = lackingEncodings();
    List<ClientCase> runnable = new ArrayList<>();
    List<CaseReport> reports = new ArrayList<>();
    for (ClientCase c : selected) {
      if (c.needs().stream().anyMatch(lacking::contains)) {
        reports.add(new CaseReport(c.id(), Role.CLIENT, c.title(), c.section(), c.requirements(), Grade.NOT_APPLICABLE,
            "the capabilities file says the client lacks " + c.needs(), List.of(), 0, false, repro(c)));
      } else {
        runnable.add(c);
      }
    }
    ControlChannel.Launcher launcher = self ? ControlChannel.Launcher.inProcess(ClientHooks.NONE) : ControlChannel.Launcher.exec(exec);
    TerminalReporter terminal = reportOptions.terminal(out, strict);
    terminal.runStarted(runnable.size());
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    try (ScriptTls scriptTls = tls ? ScriptTls.generate() : null) {
      Duration watchdog = Duration.ofMillis((long) (timeout * 1000));
      ClientSuite suite = tls ? new ClientSuite(launcher, watchdog, scriptTls) : new ClientSuite(launcher, watchdog);
      reports.addAll(suite.run(runnable, jobs.jobs(), this::repro, terminal::caseFinished));
    }
    RunReport run = new RunReport(Role.CLIENT, (self ? "self" : "--exec " + exec) + (tls ? " (TLS)" : ""), started, (System.nanoTime() - t0) / 1_000_000,
        strict, reports).withKnownFailures(knownFailures != null ? KnownFailures.read(knownFailures) : KnownFailures.NONE);
    terminal.runFinished(run);
    Reports.write(run, reportOptions.options());
    return run.failed() ? 1 : 0;
  }

  private String repro(ClientCase c) {
    return "framewire check-client " + (self ? "--self" : "--exec '" + exec.replace("'", "'\\''") + "'") + (tls ? " --tls" : "")
        + " --case " + c.id();
  }

  private Set<String> lackingEncodings() throws IOException {
    Set<String> lacking = new HashSet<>(Capabilities.ALL_ENCODINGS);
    lacking.removeAll((capabilities != null ? Capabilities.read(capabilities) : Capabilities.DEFAULTS).encodings());
    return lacking;
  }

  private List<ClientCase> select(List<ClientCase> all) {
    List<ClientCase> out = new ArrayList<>();
    for (ClientCase c : all) {
      boolean in = (cases.isEmpty() || cases.stream().anyMatch(p -> matches(p, c.id())))
          && (sections.isEmpty() || sections.stream().anyMatch(s -> c.section().equals(s) || c.section().startsWith(s + ".")))
          && excludes.stream().noneMatch(p -> matches(p, c.id()));
      if (in) {
        out.add(c);
      }
    }
    if (out.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "no case matches the selection");
    }
    return out;
  }

  private static boolean matches(String pattern, String id) {
    return pattern.endsWith("*") ? id.startsWith(pattern.substring(0, pattern.length() - 1)) : id.equals(pattern);
  }
}
