package org.framewire.conformance.fuzz;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.framewire.conformance.Role;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.cases.Needs;
import org.framewire.conformance.cases.Outcome;
import org.framewire.conformance.engine.CaseRunner;
import org.framewire.frames.PythonLiteral;
import org.framewire.fuzz.Oracle;
import org.framewire.fuzz.ProtocolLimits;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.fuzz.Transcript;
import org.framewire.spec.Requirement;

/**
 * The engine of {@code framewire fuzz} (docs/fuzzing.md): plays generated inputs ({@link
 * Generator}) on the target from several connections at once, each followed by a {@link Probe} on
 * the same session; plays the same bytes on the reference server, the oracle; runs a canary {@code
 * echo} on a fresh session after any input the target did not accept; and groups the inputs that
 * fail by {@link Signature}, counting them. By default it runs for the whole time or sequence
 * budget ({@link Options#keepGoing}); then it shrinks one input per signature, keeping the
 * signature, within a time bound per signature, into a {@link Finding}. Disagreements a {@link
 * Deviations} file lists are counted as tolerated and not shrunk.
 */
public final class Fuzzer {

  /**
   * How long and how to fuzz.
   *
   * @param seed the run's seed
   * @param duration stop generating after this long (shrinking follows)
   * @param maxSequences stop after this many generated sequences
   * @param maxFrames generate sequences of at most this many frames
   * @param watchdog how long one sequence, or the canary, may take on the target
   * @param keepGoing run for the whole budget; false: stop at the first signature not tolerated
   * @param connections sequences played at once, each on its own session
   * @param shrinkTime how long shrinking one signature's input may take before it gives up
   * @param oracle how verdicts are compared
   * @param deviations disagreements tolerated
   * @param mutatePercent the share of sequences mutated byte-wise
   * @param multiPercent the share of violating sequences given a second violation
   * @param corpus the corpus directory, or null for none
   */
  public record Options(long seed, Duration duration, long maxSequences, int maxFrames, Duration watchdog,
      boolean keepGoing, int connections, Duration shrinkTime, OracleMode oracle, Deviations deviations,
      int mutatePercent, int multiPercent, Path corpus) {
    public Options {
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(watchdog, "watchdog");
      Objects.requireNonNull(shrinkTime, "shrinkTime");
      Objects.requireNonNull(oracle, "oracle");
      Objects.requireNonNull(deviations, "deviations");
      if (maxFrames < 1 || maxSequences < 0 || connections < 1) {
        throw new IllegalArgumentException("maxFrames and connections must be positive and maxSequences not negative");
      }
      if (mutatePercent < 0 || mutatePercent > 100 || multiPercent < 0 || multiPercent > 100) {
        throw new IllegalArgumentException("percentages go from 0 to 100");
      }
    }

    /** One connection, keep going, 30 s of shrinking a signature, the exact oracle, no deviations, 10 % mutated, 10 % two violations, no corpus. */
    public Options(long seed, Duration duration, long maxSequences, int maxFrames, Duration watchdog) {
      this(seed, duration, maxSequences, maxFrames, watchdog, true, 1, Duration.ofSeconds(30), OracleMode.EXACT,
          Deviations.NONE, 10, 10, null);
    }
  }

  /**
   * The inputs of one signature.
   *
   * @param signature what they have in common
   * @param count how many sequences of the run showed it
   * @param firstSequence the index of the first (negative for a corpus input)
   * @param tolerance the deviations entry tolerating it, or null for a finding
   * @param finding the shrunk case (null when tolerated)
   * @param shrinkNote how shrinking ended: {@code 1-minimal}, or why it stopped
   */
  public record Group(Signature signature, long count, long firstSequence, String tolerance, Finding finding,
      String shrinkNote) {}

  /**
   * How a run ended.
   *
   * @param sequences how many sequences ran (corpus inputs included)
   * @param seconds how long generating and playing took, shrinking not included
   * @param groups every signature that failed, findings first, each in order of first sighting
   * @param unusedDeviations deviations entries that tolerated nothing in this run
   */
  public record Result(long sequences, double seconds, List<Group> groups, List<String> unusedDeviations) {

    /** The signatures not tolerated. */
    public List<Group> findings() {
      return groups.stream().filter(g -> g.tolerance() == null).toList();
    }

    /** The first finding, or null when there is none. */
    public Finding finding() {
      return findings().isEmpty() ? null : findings().get(0).finding();
    }

    /** Sequences per second. */
    public double rate() {
      return seconds > 0 ? sequences / seconds : 0;
    }
  }

  /**
   * What one input did.
   *
   * @param signature its signature
   * @param pass whether the target agreed with the reference and the canary was answered
   * @param reference the reference server's reaction
   * @param target the target's reaction
   */
  record Evaluation(Signature signature, boolean pass, Reaction reference, Reaction target) {
    String describe() {
      return signature + "\n  reference: " + reference + "\n  target: " + target
          + (target.transcript().frames().isEmpty() ? "" : "\n  target transcript: " + target.transcript());
    }
  }

  /** One signature's tally while the run goes on. */
  private static final class Tally {
    final Signature signature;
    final String tolerance;
    final long first;
    long count;
    Input smallest;

    Tally(Signature signature, String tolerance, long first, Input input) {
      this.signature = signature;
      this.tolerance = tolerance;
      this.first = first;
      this.smallest = input;
    }
  }

  private final TargetRunner target;
  private final ServerAdapter reference;
  private final Options options;
  private final Generator generator;

  /**
   * @param target the server under test
   * @param reference the oracle, configured with {@code limits}
   * @param limits the target's limits and encodings (SPEC.md §10), which the generator stays within or breaks
   */
  public Fuzzer(TargetRunner target, ServerAdapter reference, ProtocolLimits limits, Options options) {
    this.target = Objects.requireNonNull(target, "target");
    this.reference = Objects.requireNonNull(reference, "reference");
    this.options = Objects.requireNonNull(options, "options");
    this.generator = new Generator(options.seed(), Objects.requireNonNull(limits, "limits"), options.maxFrames(),
        options.mutatePercent(), options.multiPercent());
  }

  /** A fuzzer of any {@link ServerAdapter} ({@link TargetRunner#adapter}). */
  public Fuzzer(ServerAdapter target, ServerAdapter reference, ProtocolLimits limits, Options options) {
    this(TargetRunner.adapter(target), reference, limits, options);
  }

  /**
   * Plays the corpus, then generated sequences until the budget is spent (or, without {@code
   * keepGoing}, the first finding), then shrinks each finding's smallest input.
   *
   * @param log gets one line per generated sequence: its index, label, frame count and a digest of
   *     its bytes (from several threads with several connections); null for none
   * @param progress gets a progress line about once a second, and a line per signature shrunk
   */
  public Result run(Consumer<String> log, Consumer<String> progress) throws IOException {
    long start = System.nanoTime();
    long deadline = start + options.duration().toNanos();
    Map<String, Tally> tallies = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong played = new AtomicLong();
    List<Input> corpus = Generator.readCorpus(options.corpus());
    for (int k = 0; k < corpus.size() && !stop.get(); k++) {
      record(evaluate(corpus.get(k)), corpus.get(k), -1 - k, tallies, seen, stop, false);
      played.incrementAndGet();
    }
    AtomicLong next = new AtomicLong();
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < options.connections(); w++) {
      workers.add(TargetRunner.THREADS.submit(() -> {
        for (long i; !stop.get() && System.nanoTime() - deadline < 0
            && (i = next.getAndIncrement()) < options.maxSequences(); ) {
          Input in = generator.generate(i);
          if (log != null) {
            log.accept("#" + i + " " + in.generated() + " frames=" + in.frames().size()
                + " sha256=" + Generator.digest(in.bytes()));
          }
          record(evaluate(in), in, i, tallies, seen, stop, true);
          played.incrementAndGet();
        }
        return null;
      }));
    }
    long lastProgress = System.nanoTime();
    for (Future<Void> w : workers) {
      while (true) {
        try {
          w.get(200, TimeUnit.MILLISECONDS);
          break;
        } catch (java.util.concurrent.TimeoutException e) {
          long now = System.nanoTime();
          if (now - lastProgress >= 1_000_000_000L) {
            lastProgress = now;
            double secs = (now - start) / 1e9;
            int found;
            synchronized (tallies) {
              found = (int) tallies.values().stream().filter(t -> t.tolerance == null).count();
            }
            progress.accept(String.format("fuzz: %d sequences, %.0f sequences/s, %.0f s, %d signatures found",
                played.get(), played.get() / secs, secs, found));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
          stop.set(true);
          throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Group> findings = new ArrayList<>();
    List<Group> tolerated = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (Tally t : tallies.values()) {
      if (t.tolerance != null) {
        used.add(t.tolerance);
        tolerated.add(new Group(t.signature, t.count, t.first, t.tolerance, null, "not shrunk (tolerated)"));
        continue;
      }
      progress.accept("fuzz: shrinking " + t.signature + " (" + t.smallest.frames().size() + " frames)");
      findings.add(shrink(t));
    }
    findings.addAll(tolerated);
    List<String> unused = options.deviations().entries().keySet().stream().filter(e -> !used.contains(e)).toList();
    return new Result(played.get(), seconds, findings, unused);
  }

  private void record(Evaluation e, Input in, long index, Map<String, Tally> tallies, Set<String> seen,
      AtomicBoolean stop, boolean generated) throws IOException {
    boolean fresh;
    synchronized (tallies) {
      fresh = seen.add(e.signature().toString());
      if (!e.pass()) {
        String tolerance = options.deviations().tolerating(e.signature(), e.reference(), e.target()).orElse(null);
        Tally t = tallies.computeIfAbsent(e.signature().toString(), k -> new Tally(e.signature(), tolerance, index, in));
        t.count++;
        if (in.bytes().length < t.smallest.bytes().length) {
          t.smallest = in;
        }
        if (tolerance == null && !options.keepGoing()) {
          stop.set(true);
        }
      }
    }
    if (fresh && generated && options.corpus() != null) {
      Generator.save(options.corpus(), in);
    }
  }

  /** Sequence {@code index} of the run: a function of the seed and the index alone. */
  public Input generate(long index) {
    return generator.generate(index);
  }

  /** Plays {@code in} on the reference and the target (then the canary when the target did not accept). */
  Evaluation evaluate(Input in) throws IOException {
    Probe probe = Probe.after(in);
    byte[] bytes = in.bytes();
    Reaction ref = onReference(bytes, probe);
    Reaction got = target.run(bytes, probe, options.watchdog());
    String targetPart = got.verdictClass();
    boolean pass = options.oracle().agree(ref, got);
    if (pass && ref.kind() == Reaction.Kind.ACCEPTED && !ref.answeredRequests().equals(got.answeredRequests())) {
      pass = false;
      targetPart += ", requests unanswered";
    }
    if (got.kind() != Reaction.Kind.ACCEPTED) {
      Probe canary = Probe.canary();
      Reaction c = target.run(new byte[0], canary, options.watchdog());
      if (c.kind() != Reaction.Kind.ACCEPTED) {
        pass = false;
        targetPart += "; then the canary: " + c.verdictClass();
      }
    }
    return new Evaluation(new Signature(in.generated(), ref.verdictClass(), targetPart), pass, ref, got);
  }

  private Reaction onReference(byte[] bytes, Probe probe) throws IOException {
    byte[] all = bytes;
    if (probe != null) {
      all = java.util.Arrays.copyOf(bytes, bytes.length + probe.bytes().length);
      System.arraycopy(probe.bytes(), 0, all, bytes.length, probe.bytes().length);
    }
    Transcript t = Oracle.run(reference, all, List.of());
    return Reaction.classify(reference.name(), t.output(), t.closed(), false, probe == null ? -1 : probe.requestId(),
        false, "");
  }

  /** Replays a finding: why it still fails on the target, or null when the target passes it. */
  public String replay(Finding finding) throws IOException {
    Evaluation e = evaluate(new Input(finding.generated(), finding.frames(), finding.trailing()));
    return e.pass() ? null : e.describe();
  }

  /**
   * Shrinks the smallest input of a signature by delta debugging over its frames: a candidate is
   * kept only when it fails with the same reference and target verdict classes, so a finding never
   * slides into another; stops at {@link Options#shrinkTime} with what it has.
   */
  private Group shrink(Tally t) throws IOException {
    long deadline = System.nanoTime() + options.shrinkTime().toNanos();
    boolean[] gaveUp = {false};
    Input original = t.smallest;
    java.util.function.Predicate<Input> keeps = candidate -> {
      if (System.nanoTime() - deadline >= 0) {
        gaveUp[0] = true;
        return false;
      }
      try {
        Evaluation e = evaluate(candidate);
        return !e.pass() && e.signature().sameOutcome(t.signature);
      } catch (IOException e) {
        return false;
      }
    };
    List<Integer> all = new ArrayList<>();
    for (int k = 0; k < original.frames().size(); k++) {
      all.add(k);
    }
    byte[] trailing = original.trailing();
    if (trailing.length > 0 && !all.isEmpty() && keeps.test(original.keep(all, new byte[0]))) {
      trailing = new byte[0];
    }
    byte[] tail = trailing;
    List<Integer> kept = DeltaDebugger.minimize(all,
        candidate -> (!candidate.isEmpty() || tail.length > 0) && keeps.test(original.keep(candidate, tail)));
    Input shrunk = original.keep(kept, tail);
    Evaluation last = evaluate(shrunk);
    if (last.pass() || !last.signature().sameOutcome(t.signature)) {
      shrunk = original; // a flaky target: keep the input as it failed
      last = evaluate(original);
    }
    String note = gaveUp[0]
        ? "gave up after " + options.shrinkTime().toSeconds() + " s at " + shrunk.frames().size() + " of "
            + original.frames().size() + " frames (not 1-minimal)"
        : "1-minimal";
    List<String> notations = shrunk.notations();
    String requirement = last.reference().requirement().map(Requirement::id)
        .orElse(last.reference().kind() == Reaction.Kind.REJECTED ? "(none named)" : null);
    String id = "fuzz/" + Long.toUnsignedString(options.seed()) + "-" + (t.first < 0 ? "c" + (-1 - t.first) : t.first);
    Finding f = new Finding(id, last.describe(), options.seed(), t.first, t.signature.generated(),
        original.frames().size(), shrunk.frames(), notations, shrunk.trailing(), requirement,
        referenceOutcome(shrunk.frames(), notations, shrunk.trailing(), requirement));
    return new Group(t.signature, t.count, t.first, null, f, note);
  }

  /**
   * The reference server's reaction to a finding's steps ({@link Finding#steps}) as the outcome its
   * case file allows, recorded by the conformance engine that will grade the case ({@link
   * CaseRunner#observe}); from the verdict alone when no outcome kind describes it, or when the
   * recording disagrees with the verdict the fuzz oracle read.
   *
   * @param requirement the requirement the reference's verdict names, {@code (none named)}, or null
   *     when it accepts
   */
  public Outcome referenceOutcome(List<byte[]> frames, List<String> notations, byte[] trailing, String requirement) {
    ConformanceCase steps = new ConformanceCase("fuzz/observe", Role.SERVER, "", "", List.of(Requirement.CMD_ALWAYS_RESPONDS),
        Needs.NONE, Finding.steps(frames, notations, trailing), List.of(), "fuzz", null);
    Outcome o = new CaseRunner(reference, options.watchdog(), "").observe(steps);
    boolean sameVerdict = o != null && (requirement == null
        ? o.kind() != Outcome.Kind.ERROR
        : o.kind() == Outcome.Kind.ERROR && requirement.equals(o.requirement()));
    if (sameVerdict && o.responses().values().stream().flatMap(List::stream).allMatch(PythonLiteral::isWritable)) {
      return o;
    }
    return Finding.verdictOutcome(requirement == null || Requirement.byId(requirement) == null ? null : requirement);
  }
}
