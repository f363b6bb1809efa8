package org.framewire.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.framewire.conformance.cases.CaseLoader;

/**
 * Runs vector files (schema {@code framewire-vectors/1}) against framewire: every case of every
 * kind it knows; the cases of other kinds count as skipped, never as passed. Conformance case files
 * (schema {@code framewire-conformance/1}) found among them run offline against the reference
 * sessions ({@link ConformanceCaseFiles}).
 */
public final class VectorRunner {
  /** The schema every vector file declares. */
  public static final String SCHEMA = "framewire-vectors/1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, VectorKind> kinds = new LinkedHashMap<>();
  private final ConformanceCaseFiles caseFiles = new ConformanceCaseFiles();

  /** A runner over the given kinds. */
  public VectorRunner(List<VectorKind> kinds) {
    for (VectorKind k : kinds) {
      this.kinds.put(k.kind(), k);
    }
  }

  /** A runner over every kind framewire implements. */
  public static VectorRunner standard() {
    return new VectorRunner(StandardKinds.all());
  }

  /** The vector files in the given files and directories (searched recursively), sorted by path. */
  public static List<Path> findFiles(List<Path> roots) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path root : roots) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> s = Files.walk(root)) {
          s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json"))
              .sorted()
              .forEach(files::add);
        }
      } else if (Files.isRegularFile(root)) {
        files.add(root);
      } else {
        throw new IOException("no such file or directory: " + root);
      }
    }
    return files;
  }

  /** Runs every case of every file under {@code roots}. */
  public VectorReport run(List<Path> roots) throws IOException {
    List<CaseResult> results = new ArrayList<>();
    for (Path file : findFiles(roots)) {
      try (InputStream in = Files.newInputStream(file)) {
        results.addAll(runFile(file.toString(), in));
      }
    }
    return new VectorReport(results);
  }

  /**
   * Runs every case of one vector or conformance case file. A file that is neither is one failed
   * case.
   */
  public List<CaseResult> runFile(String name, InputStream in) {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (IOException e) {
      return List.of(new CaseResult(name, "(file)", CaseResult.Status.FAILED, "not JSON: " + e.getMessage()));
    }
    if (root != null && CaseLoader.SCHEMA.equals(root.path("schema").asText())) {
      return caseFiles.run(name, root);
    }
    if (root == null || !SCHEMA.equals(root.path("schema").asText())) {
      return List.of(new CaseResult(name, "(file)", CaseResult.Status.FAILED,
          "schema is not " + SCHEMA + " or " + CaseLoader.SCHEMA));
    }
    String kindName = root.path("kind").asText();
    VectorKind kind = kinds.get(kindName);
    List<CaseResult> results = new ArrayList<>();
    for (JsonNode c : root.path("cases")) {
      String id = c.path("id").asText("(no id)");
      if (kind == null) {
        results.add(new CaseResult(name, id, CaseResult.Status.SKIPPED, "kind " + kindName + " is not checked"));
        continue;
      }
      String difference;
      try {
        difference = kind.check(c);
      } catch (Exception | StackOverflowError | OutOfMemoryError e) {
        difference = "threw " + e;
      }
      results.add(difference == null
          ? new CaseResult(name, id, CaseResult.Status.PASSED, "")
          : new CaseResult(name, id, CaseResult.Status.FAILED, difference));
    }
    return results;
  }
}
