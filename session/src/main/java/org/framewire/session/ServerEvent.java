package org.framewire.session;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.spec.Requirement;

/**
 * What a {@link ServerSession} tells its application after it was fed input or a timeout. Events
 * are immutable values; consume them with {@code instanceof} patterns or a {@code switch} over the
 * sealed type. Frames to send are not events: they wait in the session's outbound queue.
 */
public sealed interface ServerEvent
    permits ServerEvent.RunCommand,
        ServerEvent.CommandData,
        ServerEvent.DataTruncated,
        ServerEvent.ProtocolFailure,
        ServerEvent.Closed {

  /**
   * Emitted when a command request has been received in full (SPEC.md §6.1): run the command and
   * answer through {@link ServerSession#response(int)}. In {@link ServerConfig.DataMode#BUFFER}
   * mode it comes after the request's last command-data frame, with all of the data; in {@link
   * ServerConfig.DataMode#STREAM} mode it comes as soon as the request map is complete and, when
   * {@code dataFollows}, {@link CommandData} events follow.
   *
   * @param requestId the client's odd request id, unique among requests in flight
   * @param command the command name: the bytes of the request's {@code name} byte string read as
   *     Latin-1, so every byte maps to one char and back
   * @param args the {@code args} map; empty when the request had none
   * @param files the {@code files} array (SPEC.md §6.1): the paths the command applies to; empty
   *     when the request had none
   * @param redirect the {@code redirect} map the client advertised (SPEC.md §6.4), or {@code null}:
   *     a content redirect may be sent only when it is present (CMD-9)
   * @param data in BUFFER mode the complete command data (a read-only buffer the event owns), or
   *     {@code null} when the request had no data; always {@code null} in STREAM mode
   * @param dataFollows in STREAM mode, whether {@link CommandData} events for this request follow;
   *     always {@code false} in BUFFER mode
   */
  record RunCommand(
      int requestId,
      String command,
      CborValue.MapValue args,
      List<CborValue.Bytes> files,
      CborValue.MapValue redirect,
      ByteBuffer data,
      boolean dataFollows)
      implements ServerEvent {
    public RunCommand {
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(args, "args");
      files = List.copyOf(files);
      if (data != null && !data.isReadOnly()) {
        data = data.asReadOnlyBuffer();
      }
    }

    /** The command data as a fresh array, empty when there is none. */
    public byte[] dataBytes() {
      if (data == null) {
        return new byte[0];
      }
      byte[] b = new byte[data.remaining()];
      data.duplicate().get(b);
      return b;
    }
  }

  /**
   * Emitted in {@link ServerConfig.DataMode#STREAM} mode for each command-data frame (SPEC.md
   * §6.2) of a request already announced by {@link RunCommand} with {@code dataFollows}.
   *
   * @param requestId the request the data belongs to
   * @param chunk the frame's (decoded) payload, read-only; it may be a view into the bytes the
   *     caller fed and is valid only until the caller reuses them: copy what must be kept
   * @param eos whether this is the last chunk of the request's data
   */
  record CommandData(int requestId, ByteBuffer chunk, boolean eos) implements ServerEvent {
    public CommandData {
      Objects.requireNonNull(chunk, "chunk");
      if (!chunk.isReadOnly()) {
        chunk = chunk.asReadOnlyBuffer();
      }
    }
  }

  /**
   * Emitted in {@link ServerConfig.DataMode#STREAM} mode when the client's input ended (TRANS-6)
   * before a dispatched request's data reached its eos: the data is incomplete and no more of it
   * will come. The request still needs its response.
   *
   * @param requestId the request whose data was cut off
   */
  record DataTruncated(int requestId) implements ServerEvent {}

  /**
   * Emitted once, when the client broke the protocol (SPEC.md §7.2, ERR-2): the session queued
   * {@code errorFrame} — an error-response of type {@code protocol} with request id 0, naming the
   * requirement (ERR-3) — and a {@link Closed} event follows at once. Write out the outbound queue,
   * then close the connection.
   *
   * @param requirement the requirement the client broke
   * @param message what was wrong, for logs; informative only
   * @param errorFrame the error-response frame queued for the client
   */
  record ProtocolFailure(Requirement requirement, String message, Frame errorFrame)
      implements ServerEvent {
    public ProtocolFailure {
      Objects.requireNonNull(requirement, "requirement");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(errorFrame, "errorFrame");
    }
  }

  /**
   * Emitted once, when the session reaches its final state {@link ServerState#CLOSED}; nothing
   * follows. Requests still in flight are abandoned: their response handles ignore further writes.
   * Frames queued before the close (an error frame, finished responses) are still in the outbound
   * queue: write them out before closing the connection.
   *
   * @param reason why the session closed
   */
  record Closed(CloseReason reason) implements ServerEvent {
    public Closed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
