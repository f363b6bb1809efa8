package org.framewire.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Mercurial 6.3.2 (Debian's package) as a test peer: the {@code interop/} Python glue around its
 * reactors, run with {@code /usr/bin/python3}. Shared by the interop tests of this module and of
 * the hosts built on it (through the test-jar).
 */
public final class MercurialPeer {
  /** The interpreter Debian's mercurial package installs into. */
  public static final String PYTHON = "/usr/bin/python3";

  private MercurialPeer() {}

  /**
   * Skips the calling test class, with a message ending in {@code skipped}, unless {@link #PYTHON}
   * can import Mercurial and its zstd module; returns the {@code interop/} directory otherwise.
   */
  public static Path assumeAvailable(String skipped) throws IOException, InterruptedException {
    boolean available = false;
    if (Files.isExecutable(Path.of(PYTHON))) {
      Process p = new ProcessBuilder(PYTHON, "-c", "import mercurial, mercurial.zstd")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      available = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
    Assumptions.assumeTrue(available,
        "Mercurial is not importable by " + PYTHON + " (apt-get install mercurial python3-zstandard): " + skipped);
    return interopDir();
  }

  /** The repository's {@code interop/} directory, found above the working directory. */
  public static Path interopDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("interop");
      if (Files.isRegularFile(candidate.resolve("hg_server.py"))) {
        return candidate;
      }
    }
    throw new AssertionError("interop/ not found above " + Path.of("").toAbsolutePath());
  }

  /** {@code /usr/bin/python3 ARGS} in {@code interop}, leaving no bytecode caches in the repository. */
  public static ProcessBuilder python(Path interop, String... args) {
    List<String> command = new ArrayList<>();
    command.add(PYTHON);
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(interop.toFile());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    return pb;
  }

  /**
   * Runs {@code /usr/bin/python3 interop/SCRIPT ARGS} with its input closed, waits at most {@code
   * seconds} for its end and returns its standard output; the test fails, with the script's error
   * output, when it does not end in time or exits other than 0.
   */
  public static String runToEnd(Path interop, int seconds, String script, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(interop.resolve(script).toString()));
    command.addAll(List.of(args));
    Process p = python(interop, command.toArray(new String[0])).start();
    p.getOutputStream().close();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    String out = readAll(p.getInputStream());
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      Assertions.fail(script + " did not finish within " + seconds + " s: " + out);
    }
    Assertions.assertEquals(0, p.exitValue(), script + " failed: " + err.join() + out);
    return out;
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
