package org.framewire.cli;

import java.io.BufferedReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameNotation;
import picocli.CommandLine.Command;

/**
 * {@code framewire encode}: reads frame notation from stdin, one frame a line, and writes the raw
 * frames to stdout. Blank lines and lines starting with {@code #} are skipped. A line that is not
 * valid notation stops the run with its line number on stderr and exit code 1; frames before it
 * have been written.
 */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description = "Turn frame notation lines (stdin) into raw frames (stdout).")
final class EncodeCommand implements Callable<Integer> {
  @Override
  public Integer call() throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    OutputStream out = new BufferedOutputStream(System.out, 64 * 1024);
    int lineNumber = 0;
    try {
      for (String line; (line = in.readLine()) != null; ) {
        lineNumber++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        Frame frame = FrameNotation.parse(line);
        out.write(frame.toBytes());
      }
    } catch (IllegalArgumentException e) {
      out.flush();
      System.err.println("framewire encode: line " + lineNumber + ": " + e.getMessage());
      return 1;
    }
    out.flush();
    return 0;
  }
}
