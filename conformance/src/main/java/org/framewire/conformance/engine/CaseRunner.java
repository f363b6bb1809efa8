package org.framewire.conformance.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.framewire.cbor.CborValue;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.WireEvent;
import org.framewire.conformance.cases.Capabilities;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.cases.Outcome;
import org.framewire.conformance.cases.Step;
import org.framewire.conformance.cases.StreamEncoders;
import org.framewire.conformance.target.HttpTarget;
import org.framewire.conformance.target.Transport;
import org.framewire.frames.FrameNotation;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.fuzz.ServerConnection;

/**
 * Runs one server case against a {@link ServerAdapter} under a hard watchdog: the case runs on its
 * own daemon thread; at the deadline the thread is interrupted and abandoned and the connection
 * closed, and the case fails as timed out — no case can hang a run. A failing case is re-run once
 * and reported flaky ({@link CaseReport#asFlaky}) when the re-run passes. A case the target's
 * {@link Transport} cannot play is graded not-applicable without running.
 *
 * <p>Over HTTP (SPEC.md §9.2) a case's sends go out as one request body when the script ends (or
 * half-closes); an HTTP-only case's {@link Step.Http} steps are exchanges of their own, and its
 * outcomes grade the last one.
 */
public final class CaseRunner {

  private final ServerAdapter target;
  private final Duration timeout;
  private final String reproPrefix;
  private final Capabilities capabilities;

  /** A runner assuming the target has {@link Capabilities#DEFAULTS}. */
  public CaseRunner(ServerAdapter target, Duration timeout, String reproPrefix) {
    this(target, timeout, reproPrefix, Capabilities.DEFAULTS);
  }

  /**
   * @param target the server under test
   * @param timeout the per-case deadline
   * @param reproPrefix the command line that selects the target, e.g. {@code framewire check --self};
   *     a case's repro appends {@code --case ID}
   * @param capabilities what the target declares: cases needing more are not applicable, and
   *     case templates read its limits
   */
  public CaseRunner(ServerAdapter target, Duration timeout, String reproPrefix, Capabilities capabilities) {
    this.target = target;
    this.timeout = timeout;
    this.reproPrefix = reproPrefix;
    this.capabilities = capabilities;
  }

  /**
   * Runs the case, re-running it once when it failed by the deadline or a transport failure (the
   * failures a loaded machine or a network can cause); a failure on what the target sent is certain
   * and not re-run.
   */
  public CaseReport run(ConformanceCase c) {
    return run(c, CaseScheduler.Slot.NONE);
  }

  /** As {@link #run(ConformanceCase)}, giving up {@code slot} once the case only waits for the target. */
  public CaseReport run(ConformanceCase c, CaseScheduler.Slot slot) {
    Attempt first = attempt(c, slot);
    if (first.report().grade() != Grade.FAIL || !first.retryable()) {
      return first.report();
    }
    slot.resume();
    CaseReport second = attempt(c, slot).report();
    return second.grade() == Grade.FAIL ? first.report() : first.report().asFlaky(second);
  }

  /** Runs the case once, without re-running. */
  public CaseReport runOnce(ConformanceCase c) {
    return attempt(c, CaseScheduler.Slot.NONE).report();
  }

  /**
   * Whether the case must run with no other case at the same time: it measures time (pauses, the
   * frame-read timeout) or back-pressure (the suite stops reading), where a busy machine would change
   * what it sees.
   */
  public static boolean runsAlone(ConformanceCase c) {
    return c.needs().limits().contains(org.framewire.conformance.cases.Limit.FRAME_READ_TIMEOUT_MILLIS)
        || c.needs().limits().contains(org.framewire.conformance.cases.Limit.SEND_TIMEOUT_MILLIS)
        || c.steps().stream().anyMatch(s -> s instanceof Step.Pause || s instanceof Step.StopReading)
        || c.raw() != null && (c.raw().toString().contains("\"pause\"") || c.raw().toString().contains("\"stopReading\""));
  }

  /** One play's report, and whether a failure may be chance (the deadline, a transport failure). */
  private record Attempt(CaseReport report, boolean retryable) {}

  private Attempt attempt(ConformanceCase c, CaseScheduler.Slot slot) {
    String notApplicable = Transport.of(target).notApplicable(c);
    if (notApplicable == null) {
      notApplicable = TlsOpening.notApplicable(c, target, capabilities, timeout);
    }
    if (notApplicable == null) {
      notApplicable = capabilities.unmet(c.needs()).orElse(null);
    }
    List<Step> steps = null;
    if (notApplicable == null) {
      try {
        steps = CaseLoader.resolve(c.steps(), capabilities.variables());
      } catch (IllegalArgumentException e) {
        notApplicable = "the case cannot be built for the declared capabilities: " + e.getMessage();
      }
    }
    if (notApplicable != null) {
      return new Attempt(new CaseReport(c.id(), c.role(), c.title(), c.section(), c.requirements(), Grade.NOT_APPLICABLE,
          notApplicable, List.of(), 0, false, reproPrefix + " --case " + c.id()), false);
    }
    Run run = execute(c, steps, slot);
    Observation obs = run.obs();
    Grade grade;
    String detail;
    boolean retryable;
    synchronized (obs) {
      Outcome matched = run.error() == null && !obs.timedOut ? OutcomeMatcher.match(c, obs) : null;
      retryable = run.error() != null || obs.timedOut || !OutcomeMatcher.decided(c, obs) && !obs.exchange;
      if (matched != null) {
        grade = matched.grade();
        detail = matched.grade() == Grade.PASS ? "" : "matched the " + matched.kind().label() + " outcome: " + obs.summary();
      } else {
        grade = c.onlyShould() ? Grade.NON_STRICT : Grade.FAIL;
        detail = (run.error() != null ? run.error() + "; " : "")
            + (retryable && run.error() == null ? "no allowed outcome matched by the deadline: " : "no allowed outcome matched: ")
            + obs.summary() + (c.mainRequirement() == org.framewire.spec.Requirement.CBOR_DETERMINISTIC
                && obs.nonDeterministic() != null ? "; " + obs.nonDeterministic() : "")
            + OutcomeMatcher.describe(c.expect());
      }
      obs.close();
    }
    return new Attempt(new CaseReport(c.id(), c.role(), c.title(), c.section(), c.requirements(), grade, detail,
        List.copyOf(run.wire()), ms(run.start()), false, reproPrefix + " --case " + c.id()), retryable);
  }

  /**
   * Plays the case's steps and returns what the target did as the outcome a case file would allow
   * ({@code pass}), ignoring the case's own {@code expect}: how {@code framewire fuzz} writes the
   * reference server's reaction into a new case. Null when no outcome kind describes it (output
   * that is not frames or breaks a stream rule, several error frames, a timeout, a transport failure).
   */
  public Outcome observe(ConformanceCase c) {
    Run run = execute(c, CaseLoader.resolve(c.steps(), capabilities.variables()), CaseScheduler.Slot.NONE);
    synchronized (run.obs()) {
      try {
        return run.error() == null && !run.obs().timedOut ? run.obs().asOutcome() : null;
      } finally {
        run.obs().close();
      }
    }
  }

  /**
   * How long {@link #observe} waits after the target's output forms a complete outcome (every
   * response it began has ended) for more: the next response may not have begun yet.
   */
  private static final long OBSERVE_QUIET_NANOS = 100_000_000L;

  /**
   * Whether the case is played to record the target's reaction ({@link #observe}: no allowed
   * outcomes) rather than graded. Its early end cannot come from the outcomes (with none, none can
   * match from the first byte, which ended the play before the target answered and made observe
   * disagree with a later runOnce of the recorded case): it ends when the target closes, or when
   * the output forms an outcome and the target stays quiet {@link #OBSERVE_QUIET_NANOS}.
   */
  private static boolean observing(ConformanceCase c) {
    return c.expect().isEmpty();
  }

  /** One play of a case: what the target did, the wire log, a transport failure or null, the start time. */
  private record Run(Observation obs, List<WireEvent> wire, String error, long start) {}

  private Run execute(ConformanceCase c, List<Step> steps, CaseScheduler.Slot slot) {
    long start = System.nanoTime();
    List<WireEvent> wire = java.util.Collections.synchronizedList(new ArrayList<>());
    Observation.WireLog log = new Observation.WireLog() {
      @Override
      public void received(String notation) {
        wire.add(new WireEvent(WireEvent.Direction.RECEIVED, ms(start), notation));
      }

      @Override
      public void note(String text) {
        wire.add(new WireEvent(WireEvent.Direction.NOTE, ms(start), text));
      }
    };
    Observation obs = new Observation();
    AtomicReference<ServerConnection> conn = new AtomicReference<>();
    ExecutorService exec = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "conformance-case " + c.id());
      t.setDaemon(true);
      return t;
    });
    String error = null;
    try {
      Future<?> f = exec.submit(() -> {
        play(c, steps, conn, obs, log, wire, start, slot);
        return null;
      });
      f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      obs.timedOut = true;
      log.note("timed out after " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      error = "transport failed: " + e.getCause();
      log.note(error);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } finally {
      exec.shutdownNow();
      ServerConnection sc = conn.get();
      if (sc != null) {
        try {
          sc.close();
        } catch (IOException | RuntimeException e) {
          // a case abandoned at its deadline may still be inside the connection on its own thread
          log.note("close failed: " + e.getMessage());
        }
      }
    }
    synchronized (wire) {
      return new Run(obs, List.copyOf(wire), error, start);
    }
  }

  /** A send while the suite does not read (LIMIT-3): notes when the target stops taking input. */
  private static void sendUnread(Step s, ServerConnection sc, Observation obs, Observation.WireLog log,
      List<WireEvent> wire, long start) throws IOException {
    byte[] bytes = s instanceof Step.Batch b ? b.bytes() : Step.bytes(s);
    boolean stalledBefore;
    synchronized (obs) {
      stalledBefore = obs.stalled;
    }
    wire.add(new WireEvent(WireEvent.Direction.SENT, ms(start), (stalledBefore ? "queued behind the stall: " : "")
        + (s instanceof Step.Batch b ? b.steps().size() + " frames (" + bytes.length + " bytes)" : sent(s))));
    boolean taken = sc.sendWithoutReading(ByteBuffer.wrap(bytes), stalledBefore ? java.time.Duration.ZERO : Step.STALL);
    if (!taken && !stalledBefore) {
      synchronized (obs) {
        obs.stalled = true;
      }
      log.note("the target stopped taking input (none taken for " + Step.STALL.toMillis() + " ms)");
    }
  }

  /** A sent step for the wire log: frame notation, filler payloads abbreviated. */
  private static String sent(Step s) {
    if (s instanceof Step.Send send) {
      return send.notation().endsWith("filler bytes>") ? send.notation() : FrameNotation.format(send.frame());
    }
    return s.toString();
  }

  private static long ms(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private void play(ConformanceCase c, List<Step> steps, AtomicReference<ServerConnection> conn, Observation obs,
      Observation.WireLog log, List<WireEvent> wire, long start, CaseScheduler.Slot slot) throws IOException, InterruptedException {
    Step.Tls opening = TlsOpening.of(steps);
    ServerConnection sc = opening == null ? target.connect()
        : TlsOpening.open(opening, (org.framewire.conformance.target.SocketTarget) target, capabilities, obs, log);
    if (sc == null) {
      return; // a TLS probe the target closed
    }
    conn.set(sc);
    try (StreamEncoders encoders = new StreamEncoders()) {
      playSteps(c, steps, sc, encoders, obs, log, wire, start, slot);
    }
  }

  private void playSteps(ConformanceCase c, List<Step> steps, ServerConnection sc, StreamEncoders encoders,
      Observation obs, Observation.WireLog log, List<WireEvent> wire, long start, CaseScheduler.Slot slot)
      throws IOException, InterruptedException {
    boolean http = Transport.of(target) == Transport.HTTP;
    synchronized (obs) {
      obs.exchange = http;
    }
    boolean reading = true;
    for (Step s : steps) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      ServerConnection.Output out;
      if (s instanceof Step.Tls) {
        continue; // played by TlsOpening before the connection existed
      }
      if (s instanceof Step.StopReading) {
        log.note("stopped reading the target's output");
        reading = false;
        continue;
      }
      if (!reading && s instanceof Step.Pause p) {
        Thread.sleep(p.millis());
        continue;
      }
      if (!reading && !(s instanceof Step.ResumeReading)) {
        sendUnread(s, sc, obs, log, wire, start);
        continue;
      }
      if (s instanceof Step.ResumeReading) {
        log.note("reading the target's output again");
        reading = true;
        out = sc.send(ByteBuffer.allocate(0));
      } else if (s instanceof Step.Send send) {
        wire.add(new WireEvent(WireEvent.Direction.SENT, ms(start), sent(send)));
        encoders.sent(send.frame());
        out = sc.send(ByteBuffer.wrap(send.frame().toBytes()));
      } else if (s instanceof Step.SendEncoded enc) {
        org.framewire.frames.Frame f = encoders.encode(enc);
        wire.add(new WireEvent(WireEvent.Direction.SENT, ms(start), enc.notation()
            + (enc.zeros() > 0 ? " + " + enc.zeros() + " zero bytes" : "") + " as " + f.payload().remaining()
            + " bytes of " + enc.encoding() + ", flush " + enc.flush().label()));
        out = sc.send(ByteBuffer.wrap(f.toBytes()));
      } else if (s instanceof Step.Batch batch) {
        byte[] bytes = batch.bytes();
        List<Step> in = batch.steps();
        in.forEach(b -> {
          if (b instanceof Step.Send send) {
            encoders.sent(send.frame());
          }
        });
        wire.add(new WireEvent(WireEvent.Direction.SENT, ms(start), in.size() + " frames in one write (" + bytes.length + " bytes)"
            + (in.isEmpty() ? "" : ", first " + sent(in.get(0)) + (in.size() > 1 ? ", last " + sent(in.get(in.size() - 1)) : ""))));
        out = sc.send(ByteBuffer.wrap(bytes));
      } else if (s instanceof Step.SendHex hex) {
        wire.add(new WireEvent(WireEvent.Direction.SENT, ms(start), "raw " + java.util.HexFormat.of().formatHex(hex.bytes())));
        out = sc.send(ByteBuffer.wrap(hex.bytes()));
      } else if (s instanceof Step.SendPart part) {
        byte[] all = part.frame().toBytes();
        byte[] cut = Arrays.copyOf(all, Math.min(part.bytes(), all.length));
        wire.add(new WireEvent(WireEvent.Direction.SENT, ms(start),
            "first " + cut.length + " of " + all.length + " bytes of " + FrameNotation.format(part.frame())));
        out = sc.send(ByteBuffer.wrap(cut));
      } else if (s instanceof Step.Http h) {
        exchange(h, sc, obs, log, wire, start);
        continue;
      } else if (s instanceof Step.Pause p) {
        Thread.sleep(p.millis());
        out = sc.send(ByteBuffer.allocate(0));
      } else {
        log.note("half-closed");
        out = sc.endInput();
      }
      if (absorb(obs, out, log)) {
        return;
      }
      synchronized (obs) {
        if (!http && !obs.stalled && !observing(c) && OutcomeMatcher.canNoLongerMatch(c, obs)) {
          log.note("no allowed outcome can match any more: the case ends here");
          return;
        }
      }
    }
    if (http) {
      if (c.steps().stream().noneMatch(s -> s instanceof Step.Http)) {
        log.note("request body complete: one POST to the multirequest path");
        absorb(obs, sc.endInput(), log);
      }
      return;
    }
    // A target over a byte stream answers when it answers: keep reading until an allowed outcome
    // matches or none can any more, the target closes, or most of the case's time is used (the
    // watchdog takes the rest): only silence waits that long.
    long settle = start + timeout.toNanos() * 4 / 5;
    long quietSince = System.nanoTime();
    // the verdict changes only with output: silence is not graded again at every poll
    boolean fresh = true;
    while (!obs.closed && System.nanoTime() < settle) {
      synchronized (obs) {
        if (observing(c)) {
          if (!obs.payloads.isEmpty() && obs.asOutcome() != null && System.nanoTime() - quietSince >= OBSERVE_QUIET_NANOS) {
            return;
          }
        } else if (fresh && OutcomeMatcher.decided(c, obs)) {
          if (OutcomeMatcher.match(c, obs) == null) {
            log.note("no allowed outcome can match any more: the case ends here");
          }
          return;
        }
      }
      ServerConnection.Output out = sc.send(ByteBuffer.allocate(0));
      absorb(obs, out, log);
      fresh = out.bytes().length > 0;
      if (fresh) {
        quietSince = System.nanoTime();
      } else {
        if (!runsAlone(c) && (obs.receivedBytes > 0 || runsApart(target))) {
          // silence once the script is played: the target is up (it answered, or it is a server
          // running apart from the suite) and quiet, so waiting needs no job slot
          slot.idle();
        }
        Thread.sleep(5);
      }
    }
  }

  /**
   * Whether the target is a server already running in a process of its own, reached over a socket:
   * its silence after a case's script is played costs this machine nothing the suite could give to
   * another case. Not so for a process started for the case ({@code --exec}, which may still be
   * starting) or a server in this JVM (whose commands may still run on its threads).
   */
  private static boolean runsApart(ServerAdapter target) {
    Transport t = Transport.of(target);
    return t == Transport.TCP || t == Transport.TLS;
  }

  /** Plays one HTTP-only request: a fresh session whose response replaces the observation. */
  private static void exchange(Step.Http h, ServerConnection sc, Observation obs, Observation.WireLog log,
      List<WireEvent> wire, long start) throws IOException {
    if (!(sc instanceof HttpTarget.Exchange ex)) {
      throw new IOException("an HTTP step needs an HTTP target");
    }
    wire.add(new WireEvent(WireEvent.Direction.SENT, ms(start), h.method() + " /api/" + h.path() + " " + h.headers()));
    for (String n : h.body()) {
      wire.add(new WireEvent(WireEvent.Direction.SENT, ms(start), n));
    }
    HttpTarget.Reply r = ex.request(h);
    synchronized (obs) {
      obs.newExchange(r.status(), r.headers());
      log.note("HTTP " + r.status() + " " + r.headers().map());
      if (r.status() == 200) {
        obs.feed(r.body(), log);
      } else if (r.body().length > 0) {
        log.note("body: " + new String(r.body(), 0, Math.min(200, r.body().length), java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    }
  }

  private static boolean absorb(Observation obs, ServerConnection.Output out, Observation.WireLog log) {
    synchronized (obs) {
      obs.feed(out.bytes(), log);
      if (out.closed() && !obs.closed) {
        obs.closed = true;
        log.note("closed by the target");
      }
      return obs.closed;
    }
  }
}
