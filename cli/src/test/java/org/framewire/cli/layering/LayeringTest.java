package org.framewire.cli.layering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layering of docs/architecture.md holds over every module's main sources (see {@link
 * Layering}); and the checker itself catches a planted upward import and a planted socket.
 *
 * <p>It lives in cli's tests because cli is the top of the shipping stack: the check reads source
 * files, not classes, so it needs no dependency, and the tool's own module is where a newcomer
 * looks for whole-project checks. Run it alone with {@code mvn -pl cli test -Dtest=LayeringTest}.
 */
class LayeringTest {

  /**
   * Socket use outside the modules the table marks as opening sockets, each with its reason. The
   * client-role runner and the fuzzer talk to the implementation under test with
   * deliberately raw, misbehaving bytes (split writes, half-closes, stalls) that framewire's own
   * transports never produce; routing them through transport would make transport carry a fault
   * injector for other implementations.
   */
  static final List<Layering.Allowance> ALLOWED = List.of(
      new Layering.Allowance("conformance/src/main/java/org/framewire/conformance/client/ClientCaseRunner.java",
          "java.net.ServerSocket", "client role: the scripted server accepts the client under test"),
      new Layering.Allowance("conformance/src/main/java/org/framewire/conformance/client/ClientCaseRunner.java",
          "java.net.Socket", "client role: the accepted connection to the client under test"),
      new Layering.Allowance("conformance/src/main/java/org/framewire/conformance/client/RawConnector.java",
          "java.net.Socket", "client role: raw connections for the script's byte-level faults"),
      new Layering.Allowance("conformance/src/main/java/org/framewire/conformance/client/ClientCaseRunner.java",
          "javax.net.ssl.SSLSocket", "client role over TLS (check-client --tls): the accepted connection after the server handshake"),
      new Layering.Allowance("conformance/src/main/java/org/framewire/conformance/client/ScriptTls.java",
          "java.net.Socket", "client role over TLS: the accepted connection the script server's handshake runs on (SPEC.md §9.3)"),
      new Layering.Allowance("conformance/src/main/java/org/framewire/conformance/client/ScriptTls.java",
          "javax.net.ssl.SSLSocket", "client role over TLS: the server end of the handshake, presenting the case's certificate (TRANS-12)"),
      new Layering.Allowance("conformance/src/main/java/org/framewire/conformance/client/ScriptServer.java",
          "java.net.Socket", "client role: the scripted server answers with a case's raw frames"),
      new Layering.Allowance("conformance/src/main/java/org/framewire/conformance/client/ScriptHttp.java",
          "com.sun.net.httpserver.HttpServer", "client role over HTTP: the scripted server takes the client's POST and "
              + "answers with a case's raw frames, and keeps its method, path and headers to judge (SPEC.md §9.2)"),
      new Layering.Allowance("conformance/src/main/java/org/framewire/conformance/client/ClientHooks.java",
          "java.net.http.HttpClient", "client role over HTTP: a mutant client wraps the JDK client framewire's HttpApiClient sends with"),
      new Layering.Allowance("conformance/src/main/java/org/framewire/conformance/fuzz/StreamRunner.java",
          "java.net.Socket", "the fuzzer writes each drawn conversation's raw bytes to the server under test"),
      new Layering.Allowance("conformance/src/main/java/org/framewire/conformance/engine/TlsOpening.java",
          "java.net.Socket", "TLS cases: a plaintext request, a cut ClientHello and a TLS 1.1 ClientHello, raw on the TLS port"),
      new Layering.Allowance("conformance/src/main/java/org/framewire/conformance/target/SocketTarget.java",
          "java.net.Socket", "the suite's tls:// target: the TLS cases probe the server's handshake over a raw connection (SPEC.md §9.3)"),
      new Layering.Allowance("conformance/src/main/java/org/framewire/conformance/target/SocketTarget.java",
          "javax.net.ssl.SSLSocket", "the suite's tls:// target: a handshake offering other ALPN ids (TRANS-14)"),
      new Layering.Allowance("conformance/src/main/java/org/framewire/conformance/target/HttpTarget.java",
          "java.net.http.HttpClient", "the suite's http:// target posts a case's frames to the server under test (SPEC.md §9.2)"),
      new Layering.Allowance("fuzz-kit/src/main/java/org/framewire/fuzz/TcpServerAdapter.java",
          "java.net.Socket", "the kit's TCP ServerAdapter: a user's jqwik properties reach a running server with "
              + "the kit alone; transport (the same rank) may not implement a kit interface, and the kit "
              + "may not use transport"));

  private static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("docs/architecture.md")) && Files.isDirectory(p.resolve("protocol-spec"))) {
        return p;
      }
    }
    throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
  }

  @Test
  void everyModuleImportsOnlyLowerLayersAndOnlyTransportAndHostsOpenSockets() throws IOException {
    Path root = root();
    Map<String, Layering.Module> table = Layering.table(Files.readString(root.resolve("docs/architecture.md")));
    for (String module : table.keySet()) {
      assertTrue(Files.isDirectory(root.resolve(module)), "docs/architecture.md names module " + module);
    }
    List<Layering.Violation> violations = Layering.check(root, table, ALLOWED);
    assertEquals(List.of(), violations, "layering broken:\n" + String.join("\n",
        violations.stream().map(Layering.Violation::toString).toList()));
  }

  @Test
  void everyParentModuleIsInTheTable() throws IOException {
    Path root = root();
    Map<String, Layering.Module> table = Layering.table(Files.readString(root.resolve("docs/architecture.md")));
    String pom = Files.readString(root.resolve("pom.xml"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    while (m.find()) {
      assertTrue(table.containsKey(m.group(1)), "module " + m.group(1) + " is missing from docs/architecture.md");
    }
  }

  // ---------------------------------------------------------------- the checker on planted trees

  private static final String TABLE = """
      | layer | module | opens sockets |
      |---|---|---|
      | 0 | `low` | no |
      | 1 | `mid` | yes |
      | 2 | `high` | no |
      """;

  private static void write(Path root, String module, String pkg, String name, String body) throws IOException {
    Path dir = root.resolve(module + "/src/main/java/" + pkg.replace('.', '/'));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name + ".java"), "package " + pkg + ";\n" + body);
  }

  private static List<Layering.Violation> planted(Path root, String lowBody) throws IOException {
    write(root, "mid", "org.framewire.mid", "Mid", "public class Mid {}\n");
    write(root, "high", "org.framewire.high", "High", "import org.framewire.mid.Mid;\npublic class High {}\n");
    write(root, "low", "org.framewire.low", "Low", lowBody);
    return Layering.check(root, Layering.table(TABLE), List.of());
  }

  @Test
  void cleanPlantedTreePasses(@TempDir Path root) throws IOException {
    assertEquals(List.of(), planted(root, "// org.framewire.high.High in a comment\n"
        + "public class Low { String s = \"org.framewire.high.High\"; }\n"));
  }

  @Test
  void upwardImportFails(@TempDir Path root) throws IOException {
    List<Layering.Violation> v = planted(root, "import org.framewire.high.High;\npublic class Low {}\n");
    assertEquals(1, v.size(), v.toString());
    assertTrue(v.get(0).message().contains("uses org.framewire.high.High of module high"), v.toString());
  }

  @Test
  void upwardQualifiedNameFails(@TempDir Path root) throws IOException {
    List<Layering.Violation> v = planted(root, "public class Low { org.framewire.mid.Mid m; }\n");
    assertEquals(1, v.size(), v.toString());
  }

  @Test
  void socketOutsideTheSocketModulesFails(@TempDir Path root) throws IOException {
    List<Layering.Violation> v = planted(root, "import java.net.*;\npublic class Low { Socket s; }\n");
    assertEquals(1, v.size(), v.toString());
    assertTrue(v.get(0).message().contains("java.net.Socket"), v.toString());
    v = planted(root, "public class Low { Object c = java.net.http.HttpClient.newHttpClient(); }\n");
    assertEquals(1, v.size(), v.toString());
  }

  /** A package named {@code target} is scanned (it once was skipped as a build directory); a build directory is not. */
  @Test
  void aPackageNamedTargetIsSourceAndABuildDirectoryIsNot() {
    assertTrue(Layering.isMainSource("src/main/java/org/framewire/conformance/target/HttpTarget.java"));
    assertTrue(Layering.isMainSource("basic/src/main/java/org/framewire/examples/target/A.java"));
    assertFalse(Layering.isMainSource("target/generated/src/main/java/A.java"));
    assertFalse(Layering.isMainSource("basic/target/src/main/java/A.java"));
    assertFalse(Layering.isMainSource("src/test/java/org/framewire/A.java"));
  }

  @Test
  void staleAllowanceFails(@TempDir Path root) throws IOException {
    List<Layering.Violation> v = Layering.check(root, Layering.table(TABLE), List.of(
        new Layering.Allowance("low/src/main/java/org/framewire/low/Gone.java", "java.net.Socket", "test")));
    assertEquals(1, v.size(), v.toString());
    assertTrue(v.get(0).message().contains("no longer needed"), v.toString());
  }

  @Test
  void socketInASocketModuleAndAnAllowanceDoNotFail(@TempDir Path root) throws IOException {
    write(root, "mid", "org.framewire.mid", "Net", "import java.net.ServerSocket;\nclass Net {}\n");
    write(root, "low", "org.framewire.low", "Low", "import java.net.Socket;\nclass Low {}\n");
    List<Layering.Violation> v = Layering.check(root, Layering.table(TABLE), List.of(
        new Layering.Allowance("low/src/main/java/org/framewire/low/Low.java", "java.net.Socket", "test")));
    assertEquals(List.of(), v);
  }
}
