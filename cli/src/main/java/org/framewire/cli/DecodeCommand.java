package org.framewire.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameNotation;
import org.framewire.spec.ProtocolException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code framewire decode [FILE|-]}: prints a raw frame stream in frame notation, one frame a
 * line. A protocol error ends the listing with a line on stderr naming the requirement and the
 * byte offset of the frame that broke it; the exit code is then 1.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = "Print a raw frame stream in frame notation, one frame a line.")
final class DecodeCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "FILE", description = "Raw frames; '-' or none for stdin.")
  String file;

  @Option(names = "--max-frame-size", paramLabel = "N",
      description = "Largest payload accepted (default ${DEFAULT-VALUE}, at most 16777215).")
  int maxFrameSize = FrameHeader.MAX_PAYLOAD_LENGTH;

  @Option(names = "--strict",
      description = "Reject reserved frame types and undefined flag bits (FRAME-3/4/5) instead of printing them.")
  boolean strict;

  @Override
  public Integer call() throws IOException {
    PrintStream out = System.out;
    FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Options(maxFrameSize, strict));
    byte[] buf = new byte[64 * 1024];
    long offset = 0;
    try (InputStream in = file == null || file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        decoder.feed(ByteBuffer.wrap(buf, 0, n));
        for (Frame f; (f = decoder.next()) != null; ) {
          out.println(FrameNotation.format(f));
          offset += FrameHeader.SIZE + f.header().payloadLength();
        }
      }
      decoder.endOfInput();
    } catch (ProtocolException e) {
      out.flush();
      System.err.println("framewire decode: protocol error at byte " + offset + ": " + e.getMessage());
      return 1;
    }
    return 0;
  }
}
