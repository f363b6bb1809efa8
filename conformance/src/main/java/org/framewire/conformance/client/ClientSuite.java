package org.framewire.conformance.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;

/**
 * Runs client cases one after another, each against a fresh adapter, re-running a failed case once
 * and reporting it flaky when the re-run passes.
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

  /** Runs {@code cases}; {@code repro} names the command that reruns one; {@code progress} sees each report. */
  public List<CaseReport> run(List<ClientCase> cases, Function<ClientCase, String> repro, Consumer<CaseReport> progress) {
    List<CaseReport> reports = new ArrayList<>();
    for (ClientCase c : cases) {
      CaseReport r = runner.run(c, repro.apply(c));
      if (r.grade() == Grade.FAIL) {
        CaseReport again = runner.run(c, repro.apply(c));
        if (again.grade() != Grade.FAIL) {
          r = r.asFlaky(again);
        }
      }
      progress.accept(r);
      reports.add(r);
    }
    return reports;
  }

  /** One case, once. */
  public CaseReport runOnce(ClientCase c, String repro) {
    return runner.run(c, repro);
  }
}
