package org.framewire.conformance.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.fuzz.ProtocolLimits;
import org.framewire.fuzz.ReferenceServerAdapter;
import org.framewire.fuzz.ServerAdapter;
import org.framewire.fuzz.ServerConnection;
import org.framewire.session.ServerConfig;

/** Servers with planted bugs, for testing that {@code framewire fuzz} finds them. */
final class MutantServers {

  /**
   * The limits of the mutants and the tests' references: SPEC.md §10's, with smaller request and
   * data bounds (CMD-6 violations of kilobytes, not megabytes, keep the tests fast).
   */
  static final ProtocolLimits LIMITS = ProtocolLimits.SPEC_DEFAULTS.withMaxRequestBytes(8192).withMaxDataBytes(1 << 17);

  private MutantServers() {}

  /** The reference session, but it throws (crashes) on the first command-data frame it sees. */
  static ServerAdapter crashesOnCommandData() {
    return crashesOnCommandData(ReferenceServerAdapter.forLimits(LIMITS));
  }

  /** {@code inner}, but it throws (crashes) on the first command-data frame it sees. */
  static ServerAdapter crashesOnCommandData(ServerAdapter inner) {
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
    return new ReferenceServerAdapter(ReferenceServerAdapter.forLimits(LIMITS).config()
        .withMaxInboundFrameSize(FrameHeader.MAX_PAYLOAD_LENGTH));
  }

  /** A server that closes every session at once without a byte: what a crashing server looks like from outside. */
  static ServerAdapter closesSilently() {
    return new ServerAdapter() {
      @Override
      public String name() {
        return "mutant-closes-silently";
      }

      @Override
      public ServerConnection connect() {
        return new ServerConnection() {
          @Override
          public Output send(ByteBuffer bytes) {
            bytes.position(bytes.limit());
            return new Output(new byte[0], true);
          }

          @Override
          public Output endInput() {
            return new Output(new byte[0], true);
          }

          @Override
          public void close() {}
        };
      }
    };
  }

  /** {@link #crashesOnCommandData()} over {@link #noMaxFrameSize()}: two bugs with two signatures. */
  static ServerAdapter crashesOnCommandDataWithoutFrameSizeCheck() {
    return crashesOnCommandData(noMaxFrameSize());
  }
}
