package org.framewire.session;

import java.nio.ByteBuffer;
import org.framewire.frames.Frame;
import org.framewire.frames.ProtocolException;
import org.framewire.frames.StreamFlags;
import org.framewire.spec.Requirement;

/** INTERIM seam to the stream layer until branch streams lands. */
interface InboundSeam {
  ByteBuffer accept(Frame frame) throws ProtocolException;

  static InboundSeam create() {
    return frame -> {
      if ((frame.streamFlags() & StreamFlags.ENCODED) != 0) {
        throw new ProtocolException(Requirement.STREAM_ENCODED_NEEDS_SETTINGS, "interim");
      }
      return frame.payload();
    };
  }
}
