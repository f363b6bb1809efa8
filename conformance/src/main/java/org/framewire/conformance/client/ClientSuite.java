package org.framewire.conformance.client;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.engine.CaseScheduler;

/**
 * Runs client cases, each against a fresh adapter and a script server of its own, {@code jobs} at a
 * time ({@link CaseScheduler}: reports in case order whatever {@code jobs} is), re-running a case
 * that failed by its deadline or a suite error once and reporting it flaky when the re-run passes.
 */
public final class ClientSuite {
  private final ClientCaseRunner runner;

  public ClientSuite(ControlChannel.Launcher launcher, Duration timeout) {
    this(launcher, timeout, ClientCaseRunner.Connection.LOOPBACK);
  }

  /** A suite whose script servers the client reaches over {@code connection}. */
  public ClientSuite(ControlChannel.Launcher launcher, Duration timeout, ClientCaseRunner.Connection connection) {
    this.runner = new ClientCaseRunner(launcher, timeout, connection);
  }

  /** A suite whose script servers listen on loopback with TLS ({@link ScriptTls}; see {@link ClientCaseRunner}). */
  public ClientSuite(ControlChannel.Launcher launcher, Duration timeout, ScriptTls tls) {
    this.runner = new ClientCaseRunner(launcher, timeout, ClientCaseRunner.Connection.LOOPBACK, tls);
  }

  /** Runs {@code cases} one after another; {@code repro} names the command that reruns one; {@code progress} sees each report. */
  public List<CaseReport> run(List<ClientCase> cases, Function<ClientCase, String> repro, Consumer<CaseReport> progress) {
    return run(cases, 1, repro, progress);
  }

  /** Runs {@code cases}, {@code jobs} at a time; {@code progress} sees each report in case order. */
  public List<CaseReport> run(List<ClientCase> cases, int jobs, Function<ClientCase, String> repro,
      Consumer<CaseReport> progress) {
    return CaseScheduler.run(cases, jobs, c -> false, (ClientCase c) -> {
      ClientCaseRunner.Result first = runner.attempt(c, repro.apply(c));
      if (first.report().grade() != Grade.FAIL || !first.retryable()) {
        return first.report();
      }
      CaseReport again = runner.run(c, repro.apply(c));
      return again.grade() == Grade.FAIL ? first.report() : first.report().asFlaky(again);
    }, progress);
  }

  /** One case, once. */
  public CaseReport runOnce(ClientCase c, String repro) {
    return runner.run(c, repro);
  }
}
