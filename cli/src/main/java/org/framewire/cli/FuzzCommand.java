package org.framewire.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.framewire.conformance.fuzz.Finding;
import org.framewire.conformance.fuzz.Fuzzer;
import org.framewire.conformance.target.ExecTarget;
import org.framewire.conformance.target.HttpTarget;
import org.framewire.conformance.target.SocketTarget;
import org.framewire.conformance.target.Targets;
import org.framewire.fuzz.ProtocolLimits;
import org.framewire.fuzz.ReferenceServerAdapter;
import org.framewire.fuzz.ServerAdapter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code framewire fuzz}: model-based fuzzing of a server with fuzz-kit's conversations, the
 * reference server as oracle (see docs/fuzzing.md). Exit codes: 0 when nothing was found (or a
 * replayed finding passes); 1 on a finding (written to {@code --out} as a conformance case file, see
 * {@link Finding}; or a replayed finding that still fails); 2 for a usage or transport error.
 */
@Command(
    name = "fuzz",
    mixinStandardHelpOptions = true,
    description = "Fuzz a server with generated frame sequences; shrink and save what fails.")
final class FuzzCommand implements Callable<Integer> {

  @CommandLine.ArgGroup(multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--target", paramLabel = "URL", description = "tcp://HOST:PORT (raw transport) or http://HOST:PORT[/api/PREFIX] (HTTP transport)")
    URI url;

    @Option(names = "--self", description = "framewire's own reference session, in process")
    boolean self;

    @Option(names = "--exec", paramLabel = "CMD", description = "a server over its stdin/stdout, one child process per session")
    String exec;
  }

  @Option(names = "--seconds", defaultValue = "60", description = "how long to fuzz (default ${DEFAULT-VALUE})")
  long seconds;

  @Option(names = "--sequences", defaultValue = "" + Long.MAX_VALUE, description = "stop after this many sequences")
  long sequences;

  @Option(names = "--seed", description = "the run's seed (default: the time); the same seed gives the same inputs")
  Long seed;

  @Option(names = "--max-frames", defaultValue = "64", description = "frames per sequence at most (default ${DEFAULT-VALUE})")
  int maxFrames;

  @Option(names = "--watchdog-ms", defaultValue = "5000", description = "time per sequence on the target (default ${DEFAULT-VALUE})")
  long watchdogMillis;

  @Option(names = "--out", defaultValue = "fuzz-findings", description = "where findings go (default ${DEFAULT-VALUE})")
  Path outDir;

  @Option(names = "--replay", paramLabel = "FILE", description = "run one finding (case) file's input against the target, judged by the fuzz oracle, instead of fuzzing")
  Path replay;

  @Option(names = "--log", description = "print one line per generated sequence to stdout")
  boolean log;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ProtocolLimits limits = ProtocolLimits.SPEC_DEFAULTS;
    ServerAdapter server;
    int drainMillis = (int) Math.max(100, watchdogMillis / 2);
    if (target.self) {
      server = ReferenceServerAdapter.forLimits(limits);
    } else if (target.exec != null) {
      server = new ExecTarget(target.exec, 50, drainMillis);
    } else if ("tcp".equals(target.url.getScheme()) && target.url.getHost() != null && target.url.getPort() > 0) {
      server = new SocketTarget(target.url.getHost(), target.url.getPort(), 50, drainMillis, drainMillis);
    } else if ("http".equals(target.url.getScheme())) {
      try {
        server = HttpTarget.of(target.url, Targets.HTTP_CONNECT_TIMEOUT, Duration.ofMillis(watchdogMillis));
      } catch (IllegalArgumentException e) {
        err.println("fuzz: " + e.getMessage());
        return 2;
      }
    } else {
      err.println("fuzz: --target must be tcp://HOST:PORT or http://HOST:PORT[/api/PREFIX], got " + target.url);
      return 2;
    }
    long runSeed = seed != null ? seed : System.currentTimeMillis();
    Fuzzer fuzzer = new Fuzzer(server, ReferenceServerAdapter.forLimits(limits), limits,
        new Fuzzer.Options(runSeed, Duration.ofSeconds(seconds), sequences, maxFrames, Duration.ofMillis(watchdogMillis)));
    if (replay != null) {
      Finding finding = Finding.read(replay);
      String failure = fuzzer.replay(finding);
      if (failure == null) {
        out.println("pass: " + replay + " (" + server.name() + ")");
        return 0;
      }
      out.println("FAIL: " + replay + " (" + server.name() + "): " + failure);
      return 1;
    }
    err.println("fuzz: " + server.name() + ", seed " + runSeed);
    Fuzzer.Result result = fuzzer.run(line -> {
      if (log) {
        out.println(line);
      }
    }, err::println);
    if (result.finding() == null) {
      out.println("fuzz: " + result.sequences() + " sequences, no finding (seed " + runSeed + ")");
      return 0;
    }
    Finding f = result.finding();
    Path file = f.write(outDir);
    out.println("FINDING after " + result.sequences() + " sequences: " + f.description());
    out.println("  shrunk from " + f.originalFrames() + " to " + f.frames().size() + " frames"
        + (f.trailing().length > 0 ? " and a partial frame" : "") + "; reference: "
        + (f.expectRequirement() == null ? "accepted" : "rejected " + f.expectRequirement()));
    for (String n : f.notations()) {
      out.println("  > " + n);
    }
    String select = target.self ? "--self" : target.exec != null ? "--exec '" + target.exec + "'" : "--target " + target.url;
    out.println("  written to " + file + " (a conformance case file)");
    out.println("  replay: framewire fuzz " + select + " --replay " + file);
    out.println("  as a conformance case: framewire check " + select + " --cases " + outDir + " --case " + f.id());
    out.println("  regenerate: framewire fuzz " + select
        + " --seed " + runSeed + " --sequences " + result.sequences() + " --max-frames " + maxFrames);
    return 1;
  }
}
