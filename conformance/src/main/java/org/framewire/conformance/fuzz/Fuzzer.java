package org.framewire.conformance.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.framewire.cbor.CborValue;
import org.framewire.conformance.Role;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.cases.Needs;
import org.framewire.conformance.cases.Outcome;
import org.framewire.conformance.engine.CaseRunner;
import org.framewire.conformance.target.Transport;
import org.framewire.frames.Frame;
import org.framewire.frames.PythonLiteral;
import org.framewire.fuzz.Conversation;
import org.framewire.fuzz.ConversationArbitraries;
import org.framewire.fuzz.FramedRequest;
import org.framewire.fuzz.Oracle;
import org.framewire.fuzz.ProtocolLimits;
import org.framewire.fuzz.RandomSource;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.fuzz.Transcript;
import org.framewire.fuzz.ViolationKind;
import org.framewire.spec.Requirement;

/**
 * The engine of {@code framewire fuzz}: generates client conversations from fuzz-kit's model
 * (valid ones, and ones valid up to exactly one violation, SPEC.md §2 to §8), runs each against
 * the target on a fresh session under a watchdog, compares the target's verdict with the reference
 * server's ({@link Oracle}), then checks with a canary {@code echo} request on another fresh
 * session that the target still answers. The first failure is shrunk ({@link DeltaDebugger} over
 * the frames) and returned as a {@link Finding}.
 *
 * <p>Sequence {@code i} of a run with seed {@code s} depends on {@code s} and {@code i} alone, so a
 * run is replayed by its seed, and a finding names its sequence.
 */
public final class Fuzzer {

  /**
   * How long and how to fuzz.
   *
   * @param seed the run's seed
   * @param duration stop after this long
   * @param maxSequences stop after this many sequences
   * @param maxFrames generate sequences of at most this many frames
   * @param watchdog how long one sequence, or the canary, may take on the target
   */
  public record Options(long seed, Duration duration, long maxSequences, int maxFrames, Duration watchdog) {
    public Options {
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(watchdog, "watchdog");
      if (maxFrames < 1 || maxSequences < 0) {
        throw new IllegalArgumentException("maxFrames must be positive and maxSequences not negative");
      }
    }
  }

  /**
   * How a run ended.
   *
   * @param sequences how many sequences ran
   * @param finding the shrunk failure, or {@code null} when none was found
   */
  public record Result(long sequences, Finding finding) {}

  /** Why one input failed on the target, or {@code null} when it passed. */
  record Failure(String reason) {}

  private static final int ECHO_ID = 1;

  private final ServerAdapter target;
  private final ServerAdapter reference;
  private final ProtocolLimits limits;
  private final Options options;
  private ExecutorService watchdog = newWatchdog();

  /**
   * @param target the server under test
   * @param reference the oracle, configured with {@code limits}
   * @param limits the target's limits (SPEC.md §10), which the generator stays within or breaks
   */
  public Fuzzer(ServerAdapter target, ServerAdapter reference, ProtocolLimits limits, Options options) {
    this.target = Objects.requireNonNull(target, "target");
    this.reference = Objects.requireNonNull(reference, "reference");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Runs until the time or the sequence budget is spent, or a failure is found.
   *
   * @param log gets one line per sequence: its index, label, frame count and a digest of its bytes
   * @param progress gets a progress line about once a second
   */
  public Result run(Consumer<String> log, Consumer<String> progress) throws IOException {
    long start = System.nanoTime();
    long lastProgress = start;
    long deadline = start + options.duration().toNanos();
    long i = 0;
    try {
      for (; i < options.maxSequences() && System.nanoTime() - deadline < 0; i++) {
        Conversation c = generate(i);
        log.accept("#" + i + " " + label(c) + " frames=" + c.frames().size() + " sha256=" + digest(c.bytes()));
        List<byte[]> frames = frameBytes(c.frames());
        Failure f = check(frames, c.trailing());
        if (f != null) {
          return new Result(i + 1, shrink(i, c, frames, f));
        }
        long now = System.nanoTime();
        if (now - lastProgress >= 1_000_000_000L) {
          lastProgress = now;
          double secs = (now - start) / 1e9;
          progress.accept(String.format("fuzz: %d sequences, %.0f sequences/s, %.0f s", i + 1, (i + 1) / secs, secs));
        }
      }
      return new Result(i, null);
    } finally {
      watchdog.shutdownNow();
    }
  }

  /** Sequence {@code index} of the run: a function of the seed and the index alone. */
  public Conversation generate(long index) {
    RandomSource r = RandomSource.seeded(options.seed() * 0x9E3779B97F4A7C15L + index);
    ViolationKind[] kinds = ViolationKind.values();
    Conversation smallest = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      int pick = r.nextInt(kinds.length + kinds.length / 2); // about one in three valid
      Conversation c = pick >= kinds.length
          ? ConversationArbitraries.valid(limits, r)
          : ConversationArbitraries.violating(kinds[pick], limits, r);
      if (c.frames().size() <= options.maxFrames()) {
        return c;
      }
      if (smallest == null || c.frames().size() < smallest.frames().size()) {
        smallest = c;
      }
    }
    return smallest;
  }

  /** Runs one input on the target and the reference, then the canary: the failure, or null. */
  Failure check(List<byte[]> frames, byte[] trailing) throws IOException {
    byte[] bytes = concat(frames, trailing);
    Transcript expected = Oracle.run(reference, bytes, List.of());
    Object got = onTarget(bytes);
    if (got instanceof Failure f) {
      return f;
    }
    Transcript actual = (Transcript) got;
    if (expected.verdict().rejected() != actual.verdict().rejected()
        || !expected.verdict().requirement().equals(actual.verdict().requirement())) {
      return new Failure("verdict: reference " + expected.verdict() + "; target " + actual.verdict()
          + "\n  target transcript: " + actual);
    }
    if (!expected.verdict().rejected() && !expected.answeredRequests().equals(actual.answeredRequests())) {
      return new Failure("answered requests: reference " + expected.answeredRequests() + "; target "
          + actual.answeredRequests());
    }
    Object canary = onTarget(echoRequest());
    if (canary instanceof Failure f) {
      return new Failure("canary echo: " + f.reason());
    }
    Transcript t = (Transcript) canary;
    if (t.verdict().rejected() || !t.answeredRequests().contains(ECHO_ID)) {
      return new Failure("canary echo on a fresh session not answered: " + t.verdict());
    }
    return null;
  }

  /** Replays a finding: its failure on the target now, or null when the target passes it. */
  public String replay(Finding finding) throws IOException {
    try {
      Failure f = check(finding.frames(), finding.trailing());
      return f == null ? null : f.reason();
    } finally {
      watchdog.shutdownNow();
      watchdog = newWatchdog();
    }
  }

  private Object onTarget(byte[] bytes) throws IOException {
    Future<Transcript> run = watchdog.submit(() -> Oracle.run(target, bytes, List.of()));
    try {
      return run.get(options.watchdog().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      watchdog.shutdownNow(); // the stuck thread is abandoned: a fresh one for what follows
      watchdog = newWatchdog();
      return new Failure("watchdog: no verdict within " + options.watchdog().toMillis() + " ms (wedged)");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io && !Transport.of(target).ioErrorIsTargetFailure()) {
        throw io;
      }
      return new Failure("crashed: " + cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private Finding shrink(long index, Conversation original, List<byte[]> frames, Failure failure) throws IOException {
    byte[] trailing = original.trailing();
    if (trailing.length > 0 && !frames.isEmpty() && checkQuietly(frames, new byte[0]) != null) {
      trailing = new byte[0];
    }
    byte[] tail = trailing;
    List<Integer> indices = new ArrayList<>();
    for (int k = 0; k < frames.size(); k++) {
      indices.add(k);
    }
    List<Integer> kept = DeltaDebugger.minimize(indices, candidate ->
        (!candidate.isEmpty() || tail.length > 0) && checkQuietly(pick(frames, candidate), tail) != null);
    List<byte[]> shrunk = pick(frames, kept);
    Failure last = checkQuietly(shrunk, tail);
    List<String> notations = new ArrayList<>();
    for (int k : kept) {
      notations.add(original.frames().get(k).toString());
    }
    Transcript expected = Oracle.run(reference, concat(shrunk, tail), List.of());
    String requirement = expected.verdict().requirement().map(req -> req.id()).orElse(
        expected.verdict().rejected() ? "(none named)" : null);
    return new Finding("fuzz/" + Long.toUnsignedString(options.seed()) + "-" + index,
        (last == null ? failure : last).reason(), options.seed(), index, label(original), frames.size(),
        shrunk, notations, tail, requirement, referenceOutcome(shrunk, notations, tail, requirement));
  }

  /**
   * The reference server's reaction to a finding's steps ({@link Finding#steps}) as the outcome its
   * case file allows, recorded by the conformance engine that will grade the case ({@link
   * CaseRunner#observe}); from the verdict alone when no outcome kind describes it.
   *
   * @param requirement the requirement the reference's verdict names, {@code (none named)}, or null
   *     when it accepts
   */
  public Outcome referenceOutcome(List<byte[]> frames, List<String> notations, byte[] trailing, String requirement) {
    ConformanceCase steps = new ConformanceCase("fuzz/observe", Role.SERVER, "", "", List.of(Requirement.CMD_ALWAYS_RESPONDS),
        Needs.NONE, Finding.steps(frames, notations, trailing), List.of(), "fuzz", null);
    Outcome o = new CaseRunner(reference, options.watchdog(), "").observe(steps);
    if (o != null && o.responses().values().stream().flatMap(List::stream).allMatch(PythonLiteral::isWritable)) {
      return o;
    }
    return Finding.verdictOutcome(requirement == null || Requirement.byId(requirement) == null ? null : requirement);
  }

  private Failure checkQuietly(List<byte[]> frames, byte[] trailing) {
    try {
      return check(frames, trailing);
    } catch (IOException e) {
      return null;
    }
  }

  private static List<byte[]> pick(List<byte[]> frames, List<Integer> indices) {
    List<byte[]> out = new ArrayList<>();
    for (int k : indices) {
      out.add(frames.get(k));
    }
    return out;
  }

  private static String label(Conversation c) {
    return c.valid() ? "valid" : c.kind().orElseThrow() + "/" + c.expected().orElseThrow().id();
  }

  private static List<byte[]> frameBytes(List<Frame> frames) {
    List<byte[]> out = new ArrayList<>();
    for (Frame f : frames) {
      out.add(f.toBytes());
    }
    return out;
  }

  private static byte[] concat(List<byte[]> frames, byte[] trailing) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frames.forEach(out::writeBytes);
    out.writeBytes(trailing);
    return out.toByteArray();
  }

  /** One {@code echo} request on a fresh session (SPEC.md Appendix A). */
  static byte[] echoRequest() {
    CborValue.MapValue map = CborValue.MapValue.of(
        new CborValue.Bytes("name".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        new CborValue.Bytes("echo".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    return FramedRequest.of(ECHO_ID, 1, true, map, null, List.of(), List.of()).bytes();
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ExecutorService newWatchdog() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "framewire-fuzz-target");
      t.setDaemon(true);
      return t;
    });
  }
}
