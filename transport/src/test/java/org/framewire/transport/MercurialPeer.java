package org.framewire.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
}
