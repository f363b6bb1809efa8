package org.framewire.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.client.ClientCase;
import org.framewire.conformance.client.ClientCaseRunner;
import org.framewire.conformance.client.ClientCases;
import org.framewire.conformance.client.ClientHooks;
import org.framewire.conformance.client.ClientSuite;
import org.framewire.conformance.client.ControlChannel;
import org.framewire.conformance.engine.CaseRunner;
import org.framewire.conformance.target.SelfTarget;
import org.framewire.fuzz.ReferenceServerAdapter;

/**
 * Conformance case files (schema {@value CaseLoader#SCHEMA}, docs/conformance/case-format.md) met by
 * {@code framewire vectors}: each case runs once against framewire's reference implementation in
 * this process, and counts as passed when it earns {@code pass} or {@code acceptable}, as skipped
 * when {@code not-applicable}, and as failed otherwise.
 *
 * <p>No socket is opened. Server cases play their steps into the reference {@link
 * org.framewire.session.ServerSession} directly ({@link ReferenceServerAdapter}: bytes in, bytes
 * out), configured and declared as {@code --self} ({@link SelfTarget}). Client cases drive the
 * reference client through the in-process control channel, as {@code
 * framewire check-client --self} does, but it reaches each case's script server over in-memory
 * pipes ({@link ClientCaseRunner.Connection#IN_MEMORY}) instead of a loopback socket.
 */
final class ConformanceCaseFiles {
  private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

  private final CaseRunner servers = new CaseRunner(SelfTarget.adapter(), SERVER_TIMEOUT, "framewire check --self",
      SelfTarget.selfCapabilities());
  private final ClientSuite clients = new ClientSuite(ControlChannel.Launcher.inProcess(ClientHooks.NONE), CLIENT_TIMEOUT,
      ClientCaseRunner.Connection.IN_MEMORY);

  /** Runs every case of one parsed case file; a file the loader rejects is one failed case. */
  List<CaseResult> run(String file, JsonNode root) {
    List<ConformanceCase> cases;
    List<ClientCase> clientCases;
    try {
      cases = CaseLoader.read(root, file);
      clientCases = ClientCases.of(cases);
    } catch (IOException | IllegalArgumentException e) {
      return List.of(new CaseResult(file, "(file)", CaseResult.Status.FAILED, e.getMessage()));
    }
    List<CaseResult> out = new ArrayList<>();
    for (ConformanceCase c : cases) {
      if (c.role() == Role.SERVER) {
        out.add(result(file, servers.runOnce(c)));
      }
    }
    for (ClientCase c : clientCases) {
      out.add(result(file, clients.runOnce(c, "framewire check-client --self --case " + c.id())));
    }
    return out;
  }

  private static CaseResult result(String file, CaseReport r) {
    return switch (r.grade()) {
      case PASS -> new CaseResult(file, r.id(), CaseResult.Status.PASSED, "");
      case ACCEPTABLE -> new CaseResult(file, r.id(), CaseResult.Status.PASSED, r.detail());
      case NOT_APPLICABLE -> new CaseResult(file, r.id(), CaseResult.Status.SKIPPED, r.detail());
      default -> new CaseResult(file, r.id(), CaseResult.Status.FAILED, r.grade().label() + ": " + r.detail()
          + (r.grade() == Grade.FAIL ? " " + r.wire() : ""));
    };
  }
}
