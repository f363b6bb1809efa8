package org.framewire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.framewire.conformance.client.ClientCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code framewire check-client} in process, with {@code --self}. */
@Timeout(120)
class CheckClientCommandTest {

  private record Run(int code, String out) {}

  private static synchronized Run run(String... args) {
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      String[] full = new String[args.length + 1];
      full[0] = "check-client";
      System.arraycopy(args, 0, full, 1, args.length);
      int code = Main.run(full);
      return new Run(code, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
    }
  }

  @Test
  void listFiltersBySectionAndExclude() {
    Run r = run("--list", "--section", "3", "--exclude", "client/stream/odd-*");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("client/stream/no-begin"), r.out());
    assertTrue(!r.out().contains("client/stream/odd-server-stream"), r.out());
    assertTrue(!r.out().contains("client/cbor/"), r.out());
  }

  @Test
  void selfPassesTheSelectedCases() {
    Run r = run("--self", "--case", "client/cbor/*", "--case", "client/cmd/interleaved");
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().contains("pass           client/cmd/interleaved"), r.out());
  }

  @Test
  void knownFailuresRatchetFailsOnAnUnexpectedPass(@TempDir Path dir) throws Exception {
    Path known = dir.resolve("known.txt");
    Files.writeString(known, "# not failing any more\nclient/cmd/echo\n");
    Run r = run("--self", "--case", "client/cmd/echo", "--known-failures", known.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("unexpected pass"), r.out());
  }

  @Test
  void capabilitiesMakeCasesNotApplicable(@TempDir Path dir) throws Exception {
    Path caps = dir.resolve("caps.json");
    Files.writeString(caps, "{\"encodings\": [\"identity\"]}");
    Run r = run("--self", "--case", "client/enc/zlib-context-spans-requests", "--capabilities", caps.toString());
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().contains("not-applicable"), r.out());
  }

  @Test
  void bundledCasesAreTheFilesOfTheClientFolder() throws Exception {
    Path dir = Path.of("..", "protocol-spec", "conformance", "client");
    assertEquals(ClientCases.load(dir).stream().map(c -> c.id()).toList(), ClientCases.bundled().stream().map(c -> c.id()).toList());
    assertTrue(ClientCases.bundled().size() >= 100);
  }
}
