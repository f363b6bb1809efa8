package org.framewire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.transport.HttpApiServer;
import org.framewire.transport.TcpServer;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code framewire fuzz} in process. */
@Timeout(120)
class FuzzCommandTest {
  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void selfForThreeSecondsFindsNothing() {
    CliRun r = run("fuzz", "--self", "--seconds", "3", "--seed", "1");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains(": 0 signatures found"), r.out());
  }

  @Test
  void oneSeedLogsTheSameSequences() {
    CliRun a = run("fuzz", "--self", "--seed", "42", "--sequences", "60", "--log");
    CliRun b = run("fuzz", "--self", "--seed", "42", "--sequences", "60", "--log");
    assertEquals(0, a.code(), a.err());
    assertEquals(61, a.out().strip().split("\n").length, a.out());
    // Several connections log in the order sequences finish; the set of sequences is the seed's.
    assertEquals(sequences(a), sequences(b));
  }

  private static java.util.SortedSet<String> sequences(CliRun r) {
    return r.out().lines().filter(l -> l.startsWith("#"))
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  @Test
  void aTargetThatIsNotTcpIsAUsageError() {
    CliRun r = run("fuzz", "--target", "ftp://example", "--seconds", "1");
    assertEquals(2, r.code(), r.err());
  }

  /** The HTTP transport end to end: each sequence is one POST to the multirequest path. */
  @Test
  void fuzzesAnHttpServer(@TempDir Path dir) throws Exception {
    ExecutorService handlers = Executors.newFixedThreadPool(2);
    HttpApiServer http = HttpApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        CommandRegistry.conformance(), handlers);
    try {
      CliRun r = run("fuzz", "--target", http.baseUri().toString(), "--seed", "1", "--sequences", "10", "--out", dir.toString());
      assertEquals(0, r.code(), r.out() + r.err());
      assertTrue(r.err().contains("fuzz: " + http.baseUri() + "/api/"), r.err());
    } finally {
      http.close();
      handlers.shutdownNow();
    }
  }

  /**
   * The raw TCP transport end to end: a run either finds nothing, or writes a finding that replays
   * as a failure. (Seed 3 does find one today: see docs/fuzzing.md, "Known findings".)
   */
  @Test
  void fuzzesATcpServerAndReplaysWhatItFinds(@TempDir Path dir) throws Exception {
    ExecutorService handlers = Executors.newFixedThreadPool(2);
    TcpServer tcp = TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TransportConfig.DEFAULTS,
        CommandRegistry.conformance(), handlers, TransportListener.NONE);
    try {
      String url = "tcp://127.0.0.1:" + tcp.localAddress().getPort();
      CliRun r = run("fuzz", "--target", url, "--seed", "3", "--sequences", "15", "--seconds", "60", "--out", dir.toString());
      assertTrue(r.code() == 0 || r.code() == 1, r.out() + r.err());
      if (r.code() == 1) {
        Path file;
        try (var files = Files.list(dir)) {
          file = files.findFirst().orElseThrow();
        }
        assertTrue(r.out().contains("written to " + file), r.out());
        CliRun replay = run("fuzz", "--target", url, "--replay", file.toString());
        assertEquals(1, replay.code(), replay.out() + replay.err());
        assertEquals(0, run("fuzz", "--self", "--replay", file.toString()).code());
      }
    } finally {
      tcp.close();
      handlers.shutdownNow();
    }
  }

  /**
   * {@code --exec}: a "server" that echoes the client's frames ({@code cat}) is found out at once;
   * the shrunk finding is a conformance case file that {@code framewire check --cases} fails against
   * that server and passes against the reference.
   */
  @Test
  void fuzzesAStdioServerAndWritesACaseFile(@TempDir Path dir) throws Exception {
    // cat answers no probe, so every step waits for the watchdog: keep it short, one connection.
    CliRun r = run("fuzz", "--exec", "cat", "--seed", "1", "--sequences", "5", "--max-frames", "6", "--out", dir.toString(),
        "--stop-at-first", "--connections", "1", "--watchdog-ms", "500", "--shrink-seconds", "5");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("framewire check --exec 'cat' --cases " + dir), r.out());
    List<ConformanceCase> cases = CaseLoader.loadDirectory(dir);
    assertEquals(1, cases.size());
    CliRun check = run("check", "--exec", "cat", "--cases", dir.toString(), "--color", "never");
    assertEquals(1, check.code(), check.out() + check.err());
    CliRun self = run("check", "--self", "--cases", dir.toString(), "--color", "never");
    assertEquals(0, self.code(), self.out() + self.err());
  }
}
