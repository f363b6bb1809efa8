package org.framewire.conformance.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream that cuts the client's bytes into frames, lets a mutant rewrite, drop or add
 * frames, and writes the result to the server: {@link FrameFilter}'s counterpart for what the
 * client sends.
 */
final class OutboundFrameFilter extends OutputStream {
  private final OutputStream out;
  private final FrameFilter.Rewrite rewrite;
  private byte[] held = new byte[0];

  OutboundFrameFilter(OutputStream out, FrameFilter.Rewrite rewrite) {
    this.out = out;
    this.rewrite = rewrite;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
    held = FrameFilter.rewriteFrames(held, b, off, len, rewrite, rewritten);
    out.write(rewritten.toByteArray());
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
