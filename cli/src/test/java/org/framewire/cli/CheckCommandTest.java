package org.framewire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code framewire check --capabilities} in process, with {@code --self}. */
@Timeout(60)
class CheckCommandTest {

  private static CliRun run(String... args) {
    return CliRun.command("check", args);
  }


  @Test
  void selfDeclaresItsFrameReadTimeoutSoTheLimit4CaseRuns() {
    CliRun r = run("--self", "--color", "never", "--case", "limit/frame-read-timeout");
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().contains("pass           limit/frame-read-timeout"), r.out());
  }

  @Test
  void aCapabilitiesFileSizesTheCasesAndUndeclaredLimitsAreNotApplicable(@TempDir Path dir) throws Exception {
    Path caps = dir.resolve("caps.json");
    // the reference allows 32 open streams: declaring 40 makes the case send 41, still an error;
    // declaring 20 makes "exactly 20 are accepted" pass; the frame-read timeout is not declared
    Files.writeString(caps, "{\"limits\": {\"maxOpenStreams\": 20, \"frameReadTimeoutMillis\": null, \"maxEmptyFrames\": null}}");
    CliRun r = run("--self", "--color", "never", "--capabilities", caps.toString(),
        "--case", "stream/open-limit-reached", "--case", "limit/frame-read-timeout", "--case", "limit/empty-frame-flood");
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().contains("pass           stream/open-limit-reached"), r.out());
    assertTrue(r.out().contains("not-applicable limit/frame-read-timeout"), r.out());
    assertTrue(r.out().contains("not-applicable limit/empty-frame-flood"), r.out());
  }

  @Test
  void aDeclaredLimitAboveTheTargetsFailsItsCase(@TempDir Path dir) throws Exception {
    Path caps = dir.resolve("caps.json");
    Files.writeString(caps, "{\"limits\": {\"maxOpenStreams\": 40}}");
    CliRun r = run("--self", "--color", "never", "--capabilities", caps.toString(), "--case", "stream/open-limit-reached");
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("--capabilities " + caps), "the repro names the file: " + r.out());
  }
}
