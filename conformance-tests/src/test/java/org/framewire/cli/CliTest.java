package org.framewire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's commands end to end, in process, with stdin/stdout redirected. */
class CliTest {
  private record Run(int code, byte[] out, String err) {
    String outText() {
      return new String(out, StandardCharsets.UTF_8);
    }
  }

  private static synchronized Run run(byte[] stdin, String... args) {
    InputStream oldIn = System.in;
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream(stdin));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      System.out.flush();
      return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setIn(oldIn);
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void vectorsPassAndEndWithTheSummaryLine() {
    Run r = run(new byte[0], "vectors", "../protocol-spec/vectors");
    String[] lines = r.outText().strip().split("\n");
    assertTrue(lines[lines.length - 1].matches("\\d+ passed, 0 failed(, \\d+ skipped)?"), lines[lines.length - 1]);
    assertEquals(0, r.code(), r.outText());
  }

  @Test
  void vectorsFailOnABrokenCase(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.json"), "{\"schema\":\"framewire-vectors/1\",\"kind\":\"cbor\","
        + "\"cases\":[{\"id\":\"bad-one\",\"value\":{\"int\":1},\"hex\":\"02\"}]}");
    Run r = run(new byte[0], "vectors", dir.toString());
    assertEquals(1, r.code());
    assertTrue(r.outText().contains("bad-one"), r.outText());
    assertTrue(r.outText().strip().endsWith("0 passed, 1 failed"), r.outText());
  }

  @Test
  void encodeThenDecodeRoundTrips() {
    String notation = "1 1 stream-begin command-request new|more cbor:{b'name': b'echo'}\n"
        + "1 1 0 command-request continuation cbor:{b'args': {b'x': 1}}\n"
        + "1 2 stream-begin|encoded command-response eos b'\\x00\\xff'\n";
    Run enc = run(notation.getBytes(StandardCharsets.UTF_8), "encode");
    assertEquals(0, enc.code(), enc.err());
    Run dec = run(enc.out(), "decode", "-");
    assertEquals(0, dec.code(), dec.err());
    Run again = run(dec.out(), "encode");
    assertEquals(new String(enc.out(), StandardCharsets.ISO_8859_1), new String(again.out(), StandardCharsets.ISO_8859_1));
    assertEquals(3, dec.outText().strip().split("\n").length);
  }

  @Test
  void decodeReportsTruncationWithItsRequirement() {
    Run r = run(new byte[] {5, 0, 0, 1, 0, 1, 1, 0x11, 1, 2}, "decode");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("FRAME-6"), r.err());
  }

  @Test
  void encodeNamesTheBadLine() {
    Run r = run("1 1 0 command-request new\nnot a frame\n".getBytes(StandardCharsets.UTF_8), "encode");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("line 2"), r.err());
  }
}
