package org.framewire.cli.layering;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rules docs/architecture.md states about main sources beyond the layering ({@link Layering}): each
 * package has a {@code package-info.java}; a file over {@value #MAX_LINES} lines says why at its top;
 * and a concept the architecture keeps in one class has one implementation ({@link #implementers}).
 * Like {@link Layering}, it reads source files, so it needs no dependency on the modules it checks.
 */
final class SourceRules {

  /** The size past which a main file needs a reason written at its top (/work/shared/STYLE.md). */
  static final int MAX_LINES = 600;

  /** How far down the reason may start: a {@code //} comment naming the limit, within the first lines. */
  private static final int REASON_WITHIN = 5;

  private static final Pattern REASON = Pattern.compile("^\\s*//.*\\b" + MAX_LINES + " lines");

  private SourceRules() {}

  /** Every main source file under {@code root}'s {@code modules}. */
  static List<Path> mainSources(Path root, Iterable<String> modules) {
    List<Path> out = new ArrayList<>();
    for (String module : modules) {
      Path dir = root.resolve(module);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(p -> p.toString().endsWith(".java"))
            .filter(p -> Layering.isMainSource(dir.relativize(p).toString().replace('\\', '/')))
            .sorted()
            .forEach(out::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** The source directories among {@code files} that hold no {@code package-info.java}, relative to {@code root}. */
  static Set<String> packagesWithoutInfo(Path root, List<Path> files) {
    Set<String> missing = new TreeSet<>();
    for (Path f : files) {
      if (!Files.isRegularFile(f.getParent().resolve("package-info.java"))) {
        missing.add(root.relativize(f.getParent()).toString().replace('\\', '/'));
      }
    }
    return missing;
  }

  /** The files among {@code files} over {@link #MAX_LINES} lines whose first lines give no reason. */
  static List<String> longFilesWithoutReason(Path root, List<Path> files) {
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      List<String> lines = lines(f);
      if (lines.size() > MAX_LINES
          && lines.stream().limit(REASON_WITHIN).noneMatch(l -> REASON.matcher(l).find())) {
        out.add(root.relativize(f).toString().replace('\\', '/') + " (" + lines.size() + " lines)");
      }
    }
    return out;
  }

  /**
   * The classes among {@code files} that implement or extend {@code type} (by its simple name, in a
   * class, record, enum or interface header, or as an anonymous class), comments and strings left
   * out, as {@code file: Name}.
   */
  static List<String> implementers(Path root, List<Path> files, String type) {
    Pattern header = Pattern.compile(
        "\\b(?:class|record|enum|interface)\\s+(\\w+)[^{;]*?\\b(?:implements|extends)\\b[^{;]*?\\b" + type + "\\b");
    Pattern anonymous = Pattern.compile("\\bnew\\s+(?:[\\w.]+\\.)?" + type + "\\s*\\(\\s*\\)\\s*\\{");
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      String code = Layering.withoutCommentsAndStrings(String.join("\n", lines(f)));
      String file = root.relativize(f).toString().replace('\\', '/');
      Matcher m = header.matcher(code);
      while (m.find()) {
        if (!m.group(1).equals(type)) {
          out.add(file + ": " + m.group(1));
        }
      }
      if (anonymous.matcher(code).find()) {
        out.add(file + ": an anonymous class");
      }
    }
    return out;
  }

  private static List<String> lines(Path f) {
    try {
      return Files.readAllLines(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
