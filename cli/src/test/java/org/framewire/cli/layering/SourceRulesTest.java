package org.framewire.cli.layering;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of {@link SourceRules} hold over every module of docs/architecture.md's table; and each
 * check catches a planted breach (a second {@code SessionHost}, a package without package-info, a
 * long file without its reason). Run alone with {@code mvn -pl cli test -Dtest=SourceRulesTest}.
 */
class SourceRulesTest {

  private static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("docs/architecture.md")) && Files.isDirectory(p.resolve("protocol-spec"))) {
        return p;
      }
    }
    throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
  }

  private static List<Path> sources() throws IOException {
    Path root = root();
    return SourceRules.mainSources(root,
        Layering.table(Files.readString(root.resolve("docs/architecture.md"))).keySet());
  }

  /** SessionDriver is the one SessionHost: every host composes it (docs/architecture.md, transport). */
  @Test
  void sessionDriverIsTheOnlySessionHost() throws IOException {
    assertEquals(List.of("transport/src/main/java/org/framewire/transport/SessionDriver.java: SessionDriver"),
        SourceRules.implementers(root(), sources(), "SessionHost"));
  }

  @Test
  void everyPackageHasPackageInfo() throws IOException {
    assertEquals(Set.of(), SourceRules.packagesWithoutInfo(root(), sources()));
  }

  @Test
  void everyFileOverTheLimitSaysWhyAtItsTop() throws IOException {
    assertEquals(List.of(), SourceRules.longFilesWithoutReason(root(), sources()));
  }

  // ---------------------------------------------------------------- the checks on planted trees

  private static Path write(Path root, String pkg, String name, String body) throws IOException {
    Path dir = root.resolve("m/src/main/java/" + pkg.replace('.', '/'));
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(name + ".java"), "package " + pkg + ";\n" + body);
  }

  @Test
  void aSecondSessionHostIsFound(@TempDir Path root) throws IOException {
    write(root, "p", "SessionHost", "interface SessionHost { void run(); }\n");
    write(root, "p", "Driver", "/** implements SessionHost */\npublic final class Driver implements SessionHost {}\n");
    write(root, "p", "Other", "final class Other extends Base\n    implements Runnable, SessionHost {\n}\n");
    write(root, "p", "Inline", "class Inline { Object h = new SessionHost() { public void run() {} }; }\n");
    write(root, "p", "Named", "class Named { String s = \"class X implements SessionHost {\"; }\n");
    assertEquals(List.of(
            "m/src/main/java/p/Driver.java: Driver",
            "m/src/main/java/p/Inline.java: an anonymous class",
            "m/src/main/java/p/Other.java: Other"),
        SourceRules.implementers(root, SourceRules.mainSources(root, List.of("m")), "SessionHost"));
  }

  @Test
  void aPackageWithoutInfoIsFound(@TempDir Path root) throws IOException {
    write(root, "p", "A", "class A {}\n");
    write(root, "p", "package-info", "");
    write(root, "p.q", "B", "class B {}\n");
    assertEquals(Set.of("m/src/main/java/p/q"),
        SourceRules.packagesWithoutInfo(root, SourceRules.mainSources(root, List.of("m"))));
  }

  @Test
  void aLongFileWithoutItsReasonIsFound(@TempDir Path root) throws IOException {
    String body = "class L {\n" + "  int x;\n".repeat(SourceRules.MAX_LINES) + "}\n";
    write(root, "p", "Long", body);
    Path reasoned = write(root, "p", "Reasoned", body);
    Files.writeString(reasoned, "// Over 600 lines on purpose: one grammar.\n" + Files.readString(reasoned));
    write(root, "p", "Short", "class Short {}\n");
    assertEquals(List.of("m/src/main/java/p/Long.java (" + (SourceRules.MAX_LINES + 3) + " lines)"),
        SourceRules.longFilesWithoutReason(root, SourceRules.mainSources(root, List.of("m"))));
  }
}
