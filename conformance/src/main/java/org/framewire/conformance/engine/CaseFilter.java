package org.framewire.conformance.engine;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import org.framewire.conformance.cases.ConformanceCase;

/**
 * Selects cases by id globs ({@code --case}, {@code --exclude}; {@code *} matches within a path
 * segment, {@code **} across) and section prefixes ({@code --section 2} selects 2, 2.1, 2.4 ...).
 * Empty include lists select everything.
 */
public record CaseFilter(List<String> include, List<String> exclude, List<String> sections) {

  public CaseFilter {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    sections = List.copyOf(sections);
  }

  /** Whether the case is selected. */
  public boolean test(ConformanceCase c) {
    return (include.isEmpty() || include.stream().anyMatch(g -> glob(g, c.id())))
        && exclude.stream().noneMatch(g -> glob(g, c.id()))
        && (sections.isEmpty() || sections.stream().anyMatch(s -> c.section().equals(s) || c.section().startsWith(s + ".")));
  }

  private static boolean glob(String glob, String id) {
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    return m.matches(Path.of(id));
  }
}
