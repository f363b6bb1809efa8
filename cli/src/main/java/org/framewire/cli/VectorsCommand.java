package org.framewire.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.framewire.vectors.CaseResult;
import org.framewire.vectors.VectorReport;
import org.framewire.vectors.VectorRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code framewire vectors DIR...}: runs every vector file under the given paths, prints one line
 * per failed case, and last {@code N passed, N failed} (with {@code , N skipped} when any were).
 */
@Command(
    name = "vectors",
    mixinStandardHelpOptions = true,
    description = "Run vector files (*.json, searched recursively) against framewire.")
final class VectorsCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Vector files or directories.")
  List<Path> paths;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    VectorReport report = VectorRunner.standard().run(paths);
    for (CaseResult r : report.results()) {
      if (r.status() == CaseResult.Status.FAILED) {
        out.println("FAIL " + r.file() + " " + r.caseId() + ": " + r.detail());
      }
    }
    out.println(report.summary());
    return report.ok() ? 0 : 1;
  }
}
