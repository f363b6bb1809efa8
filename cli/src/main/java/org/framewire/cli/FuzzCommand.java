package org.framewire.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.framewire.conformance.cases.Capabilities;
import org.framewire.conformance.cases.Limit;
import org.framewire.conformance.fuzz.Deviations;
import org.framewire.conformance.fuzz.Finding;
import org.framewire.conformance.fuzz.Fuzzer;
import org.framewire.conformance.fuzz.OracleMode;
import org.framewire.conformance.fuzz.TargetRunner;
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
 * reference server as oracle (see docs/fuzzing.md). Exit codes: 0 when nothing was found beyond
 * the tolerated deviations (or a replayed finding passes); 1 on a finding (one conformance case
 * file per signature in {@code --out}, see {@link Finding}; or a replayed finding that still
 * fails); 2 for a usage or transport error.
 */
@Command(
    name = "fuzz",
    mixinStandardHelpOptions = true,
    description = "Fuzz a server with generated frame sequences; group what fails by signature, shrink and save one case each.")
final class FuzzCommand implements Callable<Integer> {

  @CommandLine.ArgGroup(multiplicity = "1")
  ServerTargetOptions target;

  @CommandLine.Mixin TlsClientOptions tlsOptions;

  @Option(names = "--seconds", defaultValue = "60", description = "how long to generate (default ${DEFAULT-VALUE}); shrinking follows")
  long seconds;

  @Option(names = "--sequences", defaultValue = "" + Long.MAX_VALUE, description = "stop after this many sequences")
  long sequences;

  @Option(names = "--seed", description = "the run's seed (default: the time); the same seed gives the same inputs")
  Long seed;

  @Option(names = "--max-frames", defaultValue = "64", description = "frames per sequence at most (default ${DEFAULT-VALUE})")
  int maxFrames;

  @Option(names = "--watchdog-ms", defaultValue = "5000", description = "time per sequence on the target (default ${DEFAULT-VALUE})")
  long watchdogMillis;

  @Option(names = "--keep-going", description = "run for the whole budget, one finding per signature (the default)")
  boolean keepGoing;

  @Option(names = "--stop-at-first", description = "stop at the first signature not tolerated")
  boolean stopAtFirst;

  @Option(names = "--connections", defaultValue = "4", description = "sequences played at once, each on its own session (default ${DEFAULT-VALUE})")
  int connections;

  @Option(names = "--oracle", defaultValue = "exact", paramLabel = "MODE",
      description = "exact: the same verdict and requirement as the reference (default); verdict: accept or reject alike")
  String oracle;

  @Option(names = "--deviations", paramLabel = "FILE", description = "requirement ids or signatures tolerated, with reasons")
  Path deviations;

  @Option(names = "--capabilities", paramLabel = "FILE",
      description = "JSON as for check: the target's encodings, maxFrameSize and SPEC.md §10 limits, which the generator keeps to")
  Path capabilities;

  @Option(names = "--shrink-seconds", defaultValue = "20", description = "time to shrink one signature's input (default ${DEFAULT-VALUE})")
  long shrinkSeconds;

  @Option(names = "--mutate-percent", defaultValue = "10", description = "share of sequences mutated byte-wise (default ${DEFAULT-VALUE})")
  int mutatePercent;

  @Option(names = "--multi-percent", defaultValue = "10", description = "share of violating sequences given a second violation (default ${DEFAULT-VALUE})")
  int multiPercent;

  @Option(names = "--corpus", paramLabel = "DIR", description = "replay DIR's inputs first; save there each input that shows a new signature")
  Path corpus;

  @Option(names = "--out", defaultValue = "fuzz-findings", description = "where findings go (default ${DEFAULT-VALUE})")
  Path outDir;

  @Option(names = "--json", paramLabel = "FILE", description = "write the summary as JSON")
  Path json;

  @Option(names = "--replay", paramLabel = "FILE", description = "run one finding (case) file's input against the target, judged by the fuzz oracle, instead of fuzzing")
  Path replay;

  @Option(names = "--log", description = "print one line per generated sequence to stdout")
  boolean log;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    if (keepGoing && stopAtFirst) {
      err.println("fuzz: --keep-going and --stop-at-first exclude each other");
      return 2;
    }
    ProtocolLimits limits;
    OracleMode mode;
    Deviations tolerated;
    try {
      limits = capabilities == null ? ProtocolLimits.SPEC_DEFAULTS : limitsOf(Capabilities.read(capabilities));
      mode = OracleMode.of(oracle);
      tolerated = deviations == null ? Deviations.NONE : Deviations.read(deviations);
    } catch (IOException | IllegalArgumentException e) {
      err.println("fuzz: " + e.getMessage());
      return 2;
    }
    TargetRunner server;
    if (target.self) {
      server = TargetRunner.adapter(ReferenceServerAdapter.forLimits(limits));
    } else if (target.exec != null) {
      server = TargetRunner.exec(target.exec);
    } else if ("tcp".equals(target.uri().getScheme()) && target.uri().getHost() != null && target.uri().getPort() > 0) {
      server = TargetRunner.tcp(target.uri().getHost(), target.uri().getPort());
    } else if ("tls".equals(target.uri().getScheme()) && target.uri().getHost() != null && target.uri().getPort() > 0) {
      int drainMillis = (int) Math.max(100, watchdogMillis / 2);
      server = TargetRunner.adapter(new SocketTarget(target.uri().getHost(), target.uri().getPort(), 50, drainMillis,
          drainMillis, tlsOptions.clientTls(err)));
    } else if ("http".equals(target.uri().getScheme()) || "https".equals(target.uri().getScheme())) {
      try {
        server = TargetRunner.adapter(HttpTarget.of(target.uri(), Targets.HTTP_CONNECT_TIMEOUT, Duration.ofMillis(watchdogMillis),
            "https".equals(target.uri().getScheme()) ? tlsOptions.clientTls(err) : null));
      } catch (IllegalArgumentException e) {
        err.println("fuzz: " + e.getMessage());
        return 2;
      }
    } else {
      err.println("fuzz: --target must be tcp://HOST:PORT, tls://HOST:PORT or http[s]://HOST:PORT[/api/PREFIX], got "
          + target.url);
      return 2;
    }
    long runSeed = seed != null ? seed : System.currentTimeMillis();
    Fuzzer.Options options;
    try {
      options = new Fuzzer.Options(runSeed, Duration.ofSeconds(seconds), sequences, maxFrames,
          Duration.ofMillis(watchdogMillis), !stopAtFirst, connections, Duration.ofSeconds(shrinkSeconds), mode, tolerated,
          mutatePercent, multiPercent, corpus);
    } catch (IllegalArgumentException e) {
      err.println("fuzz: " + e.getMessage());
      return 2;
    }
    ServerAdapter reference = ReferenceServerAdapter.forLimits(limits);
    Fuzzer fuzzer = new Fuzzer(server, reference, limits, options);
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
    err.println("fuzz: " + server.name() + ", seed " + runSeed + ", oracle " + mode + ", " + connections + " connections");
    Fuzzer.Result result = fuzzer.run(log ? out::println : null, err::println);
    String select = target.selection();
    Map<Fuzzer.Group, Path> files = new LinkedHashMap<>();
    for (Fuzzer.Group g : result.findings()) {
      files.put(g, g.finding().write(outDir));
    }
    FuzzSummary.print(out, result, files, select, outDir);
    if (json != null) {
      FuzzSummary.writeJson(json, result, files, server.name(), runSeed, mode);
    }
    return result.findings().isEmpty() ? 0 : 1;
  }

  /** The generator's limits from a capabilities file of {@code framewire check}: what it leaves out keeps the SPEC.md default. */
  static ProtocolLimits limitsOf(Capabilities caps) {
    ProtocolLimits d = ProtocolLimits.SPEC_DEFAULTS;
    Map<Limit, Long> l = caps.limits();
    return new ProtocolLimits(Math.max(256, caps.maxFrameSize()),
        (int) (long) l.getOrDefault(Limit.MAX_REQUEST_BYTES, (long) d.maxRequestBytes()),
        (int) (long) l.getOrDefault(Limit.MAX_DATA_BYTES, (long) d.maxDataBytes()),
        (int) (long) l.getOrDefault(Limit.MAX_REQUESTS_IN_FLIGHT, (long) d.maxRequestsInFlight()),
        (int) (long) l.getOrDefault(Limit.MAX_OPEN_STREAMS, (long) d.maxOpenStreams()),
        (int) (long) l.getOrDefault(Limit.MAX_DECODER_CONTEXTS, (long) d.maxDecoderContexts()),
        d.cborMaxDepth(),
        (int) (long) l.getOrDefault(Limit.MAX_EMPTY_FRAMES, (long) d.maxEmptyFrames()),
        caps.encodings().contains("identity") ? caps.encodings()
            : java.util.stream.Stream.concat(java.util.stream.Stream.of("identity"), caps.encodings().stream()).toList());
  }
}
