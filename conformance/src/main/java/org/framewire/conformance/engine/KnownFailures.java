package org.framewire.conformance.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;

/**
 * A known-failures file: one case id per line, {@code #} starts a comment. A ratchet: a listed case
 * that fails is tolerated, a listed case that passes ("unexpected pass") and an unlisted case that
 * fails both fail the run.
 */
public record KnownFailures(Set<String> ids) {

  public static final KnownFailures NONE = new KnownFailures(Set.of());

  public KnownFailures {
    ids = Set.copyOf(ids);
  }

  /** Reads the file. */
  public static KnownFailures read(Path file) throws IOException {
    Set<String> ids = new LinkedHashSet<>();
    for (String line : Files.readAllLines(file)) {
      int hash = line.indexOf('#');
      String id = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (!id.isEmpty()) {
        ids.add(id);
      }
    }
    return new KnownFailures(ids);
  }

  /**
   * The lines explaining why the run fails under this ratchet; empty when it passes. A listed case
   * graded not-applicable did not run, so it is not an unexpected pass.
   */
  public List<String> problems(List<CaseReport> reports, boolean strict) {
    List<String> out = new ArrayList<>();
    for (CaseReport r : reports) {
      boolean failed = r.grade().fails(strict);
      boolean known = ids.contains(r.id());
      if (failed && !known) {
        out.add("new failure: " + r.id());
      } else if (!failed && known && r.grade() != Grade.NOT_APPLICABLE) {
        out.add("unexpected pass: " + r.id() + " (remove it from the known-failures file)");
      }
    }
    return out;
  }
}
