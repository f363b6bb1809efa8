package org.framewire.conformance.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.frames.ProtocolException;
import org.framewire.fuzz.ProtocolLimits;
import org.framewire.fuzz.ReferenceServerAdapter;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.fuzz.ServerConnection;
import org.framewire.session.ServerConfig;

/** Servers with planted bugs, for testing that {@code framewire fuzz} finds them. */
final class MutantServers {

  private MutantServers() {}

  /** The reference session, but it throws (crashes) on the first command-data frame it sees. */
  static ServerAdapter crashesOnCommandData() {
    ServerAdapter inner = ReferenceServerAdapter.forLimits(ProtocolLimits.SPEC_DEFAULTS);
    return new ServerAdapter() {
      @Override
      public String name() {
        return "mutant-crashes-on-command-data";
      }

      @Override
      public ServerConnection connect() throws IOException {
        ServerConnection c = inner.connect();
        FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Options(FrameHeader.MAX_PAYLOAD_LENGTH, false));
        return new ServerConnection() {
          @Override
          public Output send(ByteBuffer bytes) throws IOException {
            try {
              decoder.feed(bytes.duplicate());
              for (Frame f; (f = decoder.next()) != null; ) {
                if (f.type() == FrameType.COMMAND_DATA) {
                  throw new IllegalStateException("planted bug: command-data");
                }
              }
            } catch (ProtocolException e) {
              // not framed: the inner session reports it
            }
            return c.send(bytes);
          }

          @Override
          public Output endInput() throws IOException {
            return c.endInput();
          }

          @Override
          public void close() throws IOException {
            c.close();
          }
        };
      }
    };
  }

  /** The reference session without its maximum frame size check (FRAME-2). */
  static ServerAdapter noMaxFrameSize() {
    return new ReferenceServerAdapter(ReferenceServerAdapter.forLimits(ProtocolLimits.SPEC_DEFAULTS).config()
        .withMaxInboundFrameSize(FrameHeader.MAX_PAYLOAD_LENGTH));
  }
}
