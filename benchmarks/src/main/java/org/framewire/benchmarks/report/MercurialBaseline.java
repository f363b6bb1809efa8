package org.framewire.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Mercurial's side of the {@code vs_mercurial_*} ratios: runs {@code mercurial-baseline.py}
 * (shipped in this jar, source in {@code benchmarks/src/main/resources/}) with the system Python,
 * against Mercurial from its Debian package. When Python or Mercurial is absent the baseline is
 * skipped with a reason, and the two ratios are reported as {@code null}.
 */
public final class MercurialBaseline {

  /** The script, a resource of this jar. */
  static final String SCRIPT = "mercurial-baseline.py";

  private static final long TIMEOUT_MINUTES = 15;

  /** What running the baseline gave. */
  public sealed interface Outcome {
    /** The script's JSON: {@code mercurial_version}, {@code decode.<size>.frames_per_second}, {@code session.cycles_per_second}. */
    record Measured(JsonNode result) implements Outcome {}

    /** Why there is no baseline. */
    record Skipped(String reason) implements Outcome {}
  }

  private MercurialBaseline() {}

  /**
   * Runs the baseline over the wire files in {@code wireDir} ({@code framewire-<size>.bin}).
   *
   * @throws IOException when the script fails for another reason than a missing Mercurial
   */
  public static Outcome run(Path python, Path wireDir, RunPlan plan) throws IOException, InterruptedException {
    if (!Files.isExecutable(python)) {
      return new Outcome.Skipped(python + " not found: install Python 3 and Mercurial (Debian: apt-get install mercurial)");
    }
    Path script = wireDir.resolve(SCRIPT);
    try (InputStream in = MercurialBaseline.class.getResourceAsStream("/" + SCRIPT)) {
      if (in == null) {
        throw new IOException(SCRIPT + " is missing from the benchmarks jar");
      }
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Path stdout = wireDir.resolve("mercurial-baseline.json");
    Path stderr = wireDir.resolve("mercurial-baseline.err");
    Process p = new ProcessBuilder(List.of(python.toString(), script.toString(),
            "--wire-dir", wireDir.toString(),
            "--seconds", Double.toString(plan.pythonSeconds()),
            "--repeats", Integer.toString(plan.pythonRepeats())))
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException(SCRIPT + " did not finish within " + TIMEOUT_MINUTES + " minutes");
    }
    String out = Files.readString(stdout, StandardCharsets.UTF_8);
    if (p.exitValue() == 3) {
      JsonNode error = new ObjectMapper().readTree(out);
      return new Outcome.Skipped(error.path("error").asText("mercurial is not importable")
          + " (Debian: apt-get install mercurial)");
    }
    if (p.exitValue() != 0) {
      throw new IOException(SCRIPT + " failed with exit status " + p.exitValue() + ": "
          + Files.readString(stderr, StandardCharsets.UTF_8));
    }
    return new Outcome.Measured(new ObjectMapper().readTree(out));
  }
}
