package org.framewire.streams.encoding;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;

/**
 * The {@code zlib} decoder: one {@link Inflater} for the whole stream. Input after the end of the
 * zlib stream is corrupt (SPEC.md §4.2, {@code ENC-8}).
 */
final class ZlibDecoder implements ContentDecoder {

  private final Inflater inflater = new Inflater(false);
  private final ByteBuffer empty = ByteBuffer.allocate(0);
  private boolean closed;

  @Override
  public void decode(ByteBuffer src, ByteBuffer dst) throws ProtocolException {
    Profiles.ensureOpen(closed, "decoder");
    try {
      while (dst.hasRemaining()) {
        if (inflater.finished()) {
          if (src.hasRemaining()) {
            throw ProtocolException.violation(
                Requirement.ENC_CORRUPT, "%d bytes after the end of the zlib stream", src.remaining());
          }
          break;
        }
        inflater.setInput(src);
        int before = src.remaining();
        int n = inflater.inflate(dst);
        if (inflater.needsDictionary()) {
          throw new ProtocolException(
              Requirement.ENC_CORRUPT, "zlib data asks for a preset dictionary");
        }
        if (n == 0 && src.remaining() == before && !inflater.finished()) {
          // No progress with room in dst: the input is exhausted (or zlib needs more of it).
          break;
        }
      }
    } catch (DataFormatException e) {
      throw new ProtocolException(Requirement.ENC_CORRUPT, "invalid zlib data: " + e.getMessage(), e);
    } finally {
      inflater.setInput(empty);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      inflater.end();
    }
  }
}
