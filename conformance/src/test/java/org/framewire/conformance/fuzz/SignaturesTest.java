package org.framewire.conformance.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.fuzz.ProtocolLimits;
import org.framewire.fuzz.ReferenceServerAdapter;
import org.framewire.fuzz.ServerConnection;
import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verdict classes, the probe over real byte streams, signatures, deviations and faithful shrinking. */
class SignaturesTest {
  static final ProtocolLimits LIMITS = MutantServers.LIMITS;
  static final Duration WATCHDOG = Duration.ofSeconds(10);

  static Input echo() {
    Probe p = Probe.canary();
    return Input.of("valid", p.bytes());
  }

  static Input evenRequestId() {
    Frame f = Frame.of(2, 1, StreamFlags.BEGIN, FrameType.COMMAND_REQUEST, FrameType.FLAG_NEW,
        CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("name"), CborValue.Bytes.of("echo"))));
    return Input.of("EVEN_REQUEST_ID/FRAME-7", f.toBytes());
  }

  @Test
  void theProbeSettlesAValidInputAndARejectionOverTcp() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread server = servingTheReference(listener, 2);
      TargetRunner tcp = TargetRunner.tcp("127.0.0.1", listener.getLocalPort());
      Reaction ok = tcp.run(echo().bytes(), Probe.after(echo()), WATCHDOG);
      assertEquals(Reaction.Kind.ACCEPTED, ok.kind(), ok::toString);
      assertEquals(java.util.Set.of(1), ok.answeredRequests(), "the probe's answer is left out");
      Reaction bad = tcp.run(evenRequestId().bytes(), Probe.after(evenRequestId()), WATCHDOG);
      assertEquals("rejected FRAME-7", bad.verdictClass(), bad::toString);
      server.join(10_000);
    }
  }

  /** Serves {@code sessions} connections one after another with the reference session. */
  static Thread servingTheReference(ServerSocket listener, int sessions) {
    Thread t = new Thread(() -> {
      ReferenceServerAdapter ref = ReferenceServerAdapter.forLimits(LIMITS);
      for (int i = 0; i < sessions; i++) {
        try (Socket s = listener.accept(); ServerConnection c = ref.connect()) {
          byte[] buf = new byte[65536];
          for (int n; (n = s.getInputStream().read(buf)) >= 0; ) {
            ServerConnection.Output o = c.send(ByteBuffer.wrap(buf, 0, n));
            s.getOutputStream().write(o.bytes());
            if (o.closed()) {
              break;
            }
          }
          s.getOutputStream().write(c.endInput().bytes());
        } catch (IOException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void aChildThatDiesIsCrashedWithItsStatusAndStderrNeverAccepted() throws IOException {
    TargetRunner child = TargetRunner.exec("head -c 8 >/dev/null; echo 'Traceback: boom' >&2; exit 3");
    Reaction r = child.run(echo().bytes(), Probe.after(echo()), WATCHDOG);
    assertEquals(Reaction.Kind.CRASHED, r.kind(), r::toString);
    assertTrue(r.detail().contains("exit status 3"), r::detail);
    assertTrue(r.detail().contains("Traceback: boom"), r::detail);

    Reaction quiet = TargetRunner.exec("head -c 8 >/dev/null").run(echo().bytes(), Probe.after(echo()), WATCHDOG);
    assertEquals(Reaction.Kind.CLOSED, quiet.kind(), "exit status 0 without an answer: closed, not accepted");

    Reaction stuck = TargetRunner.exec("cat >/dev/null; sleep 30").run(echo().bytes(), Probe.after(echo()),
        Duration.ofMillis(300));
    assertEquals(Reaction.Kind.TIMED_OUT, stuck.kind(), stuck::toString);
  }

  @Test
  void anAdapterThatClosesSilentlyIsClosedNotAccepted() throws IOException {
    Reaction r = TargetRunner.adapter(MutantServers.closesSilently()).run(echo().bytes(), Probe.after(echo()), WATCHDOG);
    assertEquals(Reaction.Kind.CLOSED, r.kind());
    assertEquals("closed without an error frame", r.verdictClass());
  }

  /** An error-response of type protocol naming no requirement. */
  static Reaction unnamedRejection() {
    byte[] payload = CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("type"), CborValue.Bytes.of("protocol"),
        CborValue.Bytes.of("message"), CborValue.Array.of(CborValue.MapValue.of(CborValue.Bytes.of("msg"),
            CborValue.Bytes.of("bad frame")))));
    byte[] out = Frame.of(0, 2, StreamFlags.BEGIN, FrameType.ERROR_RESPONSE, 0, payload).toBytes();
    return Reaction.classify("t", out, true, false, 65535, false, "");
  }

  static Reaction referenceRejecting() {
    byte[] payload = CborEncoder.encode(CborValue.MapValue.of(CborValue.Bytes.of("type"), CborValue.Bytes.of("protocol"),
        CborValue.Bytes.of("message"), CborValue.Array.of(), CborValue.Bytes.of("requirement"), CborValue.Bytes.of("FRAME-7")));
    return Reaction.classify("ref", Frame.of(0, 2, StreamFlags.BEGIN, FrameType.ERROR_RESPONSE, 0, payload).toBytes(),
        true, false, 65535, false, "");
  }

  @Test
  void oracleModesAndTheDeviationsFile(@TempDir Path dir) throws IOException {
    Reaction ref = referenceRejecting();
    Reaction unnamed = unnamedRejection();
    assertEquals("rejected (no requirement named)", unnamed.verdictClass());
    assertEquals(Optional.of(Requirement.FRAME_REQUEST_ID_PARITY), ref.requirement());
    assertFalse(OracleMode.EXACT.agree(ref, unnamed));
    assertTrue(OracleMode.VERDICT.agree(ref, unnamed));
    Reaction closed = Reaction.classify("t", new byte[0], true, false, 65535, false, "");
    assertFalse(OracleMode.VERDICT.agree(ref, closed), "a close without an error frame is no rejection");

    Path file = dir.resolve("deviations");
    Files.writeString(file, """
        # the target names no requirement in its error frames
        ERR-3
        EVEN_REQUEST_ID/FRAME-7 | rejected FRAME-7 | accepted   # seen and filed
        """);
    Deviations d = Deviations.read(file);
    assertEquals("the target names no requirement in its error frames", d.entries().get("ERR-3"));
    assertEquals("seen and filed", d.entries().get("EVEN_REQUEST_ID/FRAME-7 | rejected FRAME-7 | accepted"));
    Signature s = new Signature("EVEN_REQUEST_ID/FRAME-7", ref.verdictClass(), unnamed.verdictClass());
    assertEquals(Optional.of("ERR-3"), d.tolerating(s, ref, unnamed));
    assertEquals(Optional.empty(), d.tolerating(new Signature("x", ref.verdictClass(), "closed without an error frame"),
        ref, closed), "ERR-3 does not cover a close without an error frame (ERR-2 would)");
    Files.writeString(file, "NOPE-1\n");
    assertTrue(assertThrowsIo(file).contains("no requirement NOPE-1"));
  }

  private static String assertThrowsIo(Path file) {
    try {
      Deviations.read(file);
    } catch (IOException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error for " + file);
  }

  @Test
  void shrinkingKeepsEachSignatureApart() throws IOException {
    // Two planted bugs: a crash on command data, and no maximum frame size check. The old shrinker
    // collapsed findings into whichever small input failed at all; each shrunk case must still show
    // its own signature.
    Fuzzer f = new Fuzzer(MutantServers.crashesOnCommandDataWithoutFrameSizeCheck(),
        ReferenceServerAdapter.forLimits(LIMITS), LIMITS, new Fuzzer.Options(5, Duration.ofMinutes(5), 150, 64,
            WATCHDOG, true, 2, Duration.ofSeconds(10), OracleMode.EXACT, Deviations.NONE, 0, 0, null));
    Fuzzer.Result r = f.run(null, p -> {});
    assertTrue(r.findings().size() >= 2, () -> r.findings().size() + " findings");
    assertTrue(r.findings().stream().anyMatch(g -> g.signature().reference().equals("rejected FRAME-2")),
        "the missing frame size check has its own signature");
    for (Fuzzer.Group g : r.findings()) {
      Finding shrunk = g.finding();
      Fuzzer.Evaluation again = f.evaluate(new Input(shrunk.generated(), shrunk.frames(), shrunk.trailing()));
      assertTrue(again.signature().sameOutcome(g.signature()), () -> g.signature() + " shrank to " + again.signature());
      assertTrue(shrunk.frames().size() <= shrunk.originalFrames());
      assertTrue(g.count() >= 1);
    }
    long total = r.groups().stream().mapToLong(Fuzzer.Group::count).sum();
    assertTrue(total <= r.sequences());
  }

  @Test
  void stopAtFirstStopsAndKeepGoingCountsEveryFailure() throws IOException {
    Fuzzer.Options first = new Fuzzer.Options(1, Duration.ofMinutes(5), 200, 64, WATCHDOG, false, 1,
        Duration.ofSeconds(10), OracleMode.EXACT, Deviations.NONE, 0, 0, null);
    Fuzzer.Result r = new Fuzzer(MutantServers.closesSilently(), ReferenceServerAdapter.forLimits(LIMITS), LIMITS, first)
        .run(null, p -> {});
    assertEquals(1, r.findings().size());
    assertTrue(r.sequences() < 200);
    Fuzzer.Result all = new Fuzzer(MutantServers.closesSilently(), ReferenceServerAdapter.forLimits(LIMITS), LIMITS,
        new Fuzzer.Options(1, Duration.ofMinutes(5), 60, 64, WATCHDOG, true, 3, Duration.ofSeconds(5),
            OracleMode.EXACT, Deviations.NONE, 10, 10, null)).run(null, p -> {});
    assertEquals(60, all.sequences());
    assertEquals(60, all.groups().stream().mapToLong(Fuzzer.Group::count).sum(), "every sequence fails on it");
    assertNotEquals(0, all.findings().size());
    all.findings().forEach(g -> assertTrue(g.signature().target().startsWith("closed without an error frame")));
  }

  @Test
  void theCorpusKeepsNewSignaturesAndIsReplayedFirst(@TempDir Path dir) throws IOException {
    Fuzzer.Options o = new Fuzzer.Options(2, Duration.ofMinutes(5), 30, 64, WATCHDOG, true, 1,
        Duration.ofSeconds(5), OracleMode.EXACT, Deviations.NONE, 0, 0, dir);
    new Fuzzer(ReferenceServerAdapter.forLimits(LIMITS), ReferenceServerAdapter.forLimits(LIMITS), LIMITS, o)
        .run(null, p -> {});
    List<Input> corpus = Generator.readCorpus(dir);
    assertFalse(corpus.isEmpty());
    assertTrue(corpus.size() < 30, "only inputs with a new signature are kept");
    Fuzzer.Result again = new Fuzzer(MutantServers.closesSilently(), ReferenceServerAdapter.forLimits(LIMITS), LIMITS,
        new Fuzzer.Options(2, Duration.ofMinutes(5), 0, 64, WATCHDOG, true, 1, Duration.ofSeconds(5),
            OracleMode.EXACT, Deviations.NONE, 0, 0, dir)).run(null, p -> {});
    assertEquals(corpus.size(), again.sequences(), "the corpus alone ran");
    assertTrue(again.findings().stream().anyMatch(g -> g.firstSequence() < 0));
  }

  @Test
  void kindsGetTheirOwnPrefixes() {
    Generator g = new Generator(9, LIMITS, 64, 0, 0);
    Input a = g.generate(0);
    assertEquals(a.generated(), g.generate(0).generated());
    assertTrue(java.util.Arrays.equals(a.bytes(), g.generate(0).bytes()), "a function of the seed and the index");
  }

  /**
   * A valid input that sends stream settings is labelled apart ({@code valid+stream-settings}), so
   * that a server refusing a client's stream settings (ENC-10; Mercurial 6.3.2) is one signature of
   * its own, not mixed with other refusals of valid input.
   */
  @Test
  void validInputsWithStreamSettingsHaveTheirOwnLabel() {
    Generator g = new Generator(1, LIMITS, 64, 0, 0);
    int plain = 0;
    int settings = 0;
    for (long i = 0; i < 300; i++) {
      Input in = g.generate(i);
      if (!in.generated().startsWith("valid")) {
        continue;
      }
      boolean sends = in.frames().stream()
          .anyMatch(f -> f.length >= 8 && FrameHeader.parse(f, 0).type() == FrameType.STREAM_SETTINGS);
      assertEquals(sends ? Generator.VALID_WITH_STREAM_SETTINGS : "valid", in.generated(), "sequence " + i);
      if (sends) {
        settings++;
      } else {
        plain++;
      }
    }
    assertNotEquals(0, plain);
    assertNotEquals(0, settings);
  }
}
