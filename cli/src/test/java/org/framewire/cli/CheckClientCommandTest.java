package org.framewire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.framewire.conformance.client.ClientCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code framewire check-client} in process, with {@code --self}. */
@Timeout(120)
class CheckClientCommandTest {

  private static CliRun run(String... args) {
    return CliRun.command("check-client", args);
  }

  @Test
  void listFiltersBySectionAndExclude() {
    CliRun r = run("--list", "--section", "3", "--exclude", "client/stream/odd-*");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("client/stream/no-begin"), r.out());
    assertTrue(!r.out().contains("client/stream/odd-server-stream"), r.out());
    assertTrue(!r.out().contains("client/cbor/"), r.out());
  }

  @Test
  void selfPassesTheSelectedCases() {
    CliRun r = run("--self", "--case", "client/cbor/*", "--case", "client/cmd/interleaved");
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().contains("pass           client/cmd/interleaved"), r.out());
  }

  @Test
  void knownFailuresRatchetFailsOnAnUnexpectedPass(@TempDir Path dir) throws Exception {
    Path known = dir.resolve("known.txt");
    Files.writeString(known, "# not failing any more\nclient/cmd/echo\n");
    CliRun r = run("--self", "--case", "client/cmd/echo", "--known-failures", known.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("unexpected pass"), r.out());
  }

  @Test
  void capabilitiesMakeCasesNotApplicable(@TempDir Path dir) throws Exception {
    Path caps = dir.resolve("caps.json");
    Files.writeString(caps, "{\"encodings\": [\"identity\"]}");
    CliRun r = run("--self", "--case", "client/enc/zlib-context-spans-requests", "--capabilities", caps.toString());
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().contains("not-applicable"), r.out());
  }

  /** The HTTP cases run on the HTTP script server (SPEC.md §9.2) against framewire's client, which declares http. */
  @Test
  void selfPassesTheHttpCases() {
    CliRun r = run("--self", "--case", "client/http/*");
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().contains("pass           client/http/media-type"), r.out());
    assertTrue(r.out().contains("pass           client/http/single-command"), r.out());
  }

  @Test
  void bundledCasesAreTheFilesOfTheClientFolder() throws Exception {
    Path dir = Path.of("..", "protocol-spec", "conformance", "client");
    assertEquals(ClientCases.load(dir).stream().map(c -> c.id()).toList(), ClientCases.bundled().stream().map(c -> c.id()).toList());
    assertTrue(ClientCases.bundled().size() >= 100);
  }
}
