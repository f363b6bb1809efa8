package org.framewire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's commands end to end, in process, with stdin/stdout redirected. */
class CliTest {
  private static CliRun run(byte[] stdin, String... args) {
    return CliRun.withInput(stdin, args);
  }

  @Test
  void vectorsPassAndEndWithTheSummaryLine() {
    CliRun r = run(new byte[0], "vectors", "../protocol-spec/vectors");
    String[] lines = r.out().strip().split("\n");
    assertTrue(lines[lines.length - 1].matches("\\d+ passed, 0 failed(, \\d+ skipped)?"), lines[lines.length - 1]);
    assertEquals(0, r.code(), r.out());
  }

  @Test
  void vectorsFailOnABrokenCase(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.json"), "{\"schema\":\"framewire-vectors/1\",\"kind\":\"cbor\","
        + "\"cases\":[{\"id\":\"bad-one\",\"value\":{\"int\":1},\"hex\":\"02\"}]}");
    CliRun r = run(new byte[0], "vectors", dir.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains("bad-one"), r.out());
    assertTrue(r.out().strip().endsWith("0 passed, 1 failed"), r.out());
  }

  @Test
  void encodeThenDecodeRoundTrips() {
    String notation = "1 1 stream-begin command-request new|more cbor:{b'name': b'echo'}\n"
        + "1 1 0 command-request continuation cbor:{b'args': {b'x': 1}}\n"
        + "1 2 stream-begin|encoded command-response eos b'\\x00\\xff'\n";
    CliRun enc = run(notation.getBytes(StandardCharsets.UTF_8), "encode");
    assertEquals(0, enc.code(), enc.err());
    CliRun dec = run(enc.stdout(), "decode", "-");
    assertEquals(0, dec.code(), dec.err());
    CliRun again = run(dec.stdout(), "encode");
    assertEquals(new String(enc.stdout(), StandardCharsets.ISO_8859_1), new String(again.stdout(), StandardCharsets.ISO_8859_1));
    assertEquals(3, dec.out().strip().split("\n").length);
  }

  @Test
  void decodeReportsTruncationWithItsRequirement() {
    CliRun r = run(new byte[] {5, 0, 0, 1, 0, 1, 1, 0x11, 1, 2}, "decode");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("FRAME-6"), r.err());
  }

  @Test
  void encodeNamesTheBadLine() {
    CliRun r = run("1 1 0 command-request new\nnot a frame\n".getBytes(StandardCharsets.UTF_8), "encode");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("line 2"), r.err());
  }
}
