package org.framewire.session;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.framewire.cbor.CborValue;
import org.framewire.spec.Requirement;

/**
 * What a {@link ClientSession} tells its application after it was fed input or a timeout.
 *
 * <p>Every request sent ends with exactly one <em>terminal</em> event: {@link ResponseComplete},
 * {@link CommandError}, {@link ErrorResponse} or {@link RequestTimedOut} — or, for every request
 * still open, the session's {@link Closed}. Before it, a request may get {@link ResponseObject}s
 * (or {@link ResponseChunk}s), one {@link Redirect}, and any number of {@link TextOutput} and
 * {@link Progress} events.
 */
public sealed interface ClientEvent
    permits ClientEvent.ResponseObject,
        ClientEvent.ResponseChunk,
        ClientEvent.Redirect,
        ClientEvent.ResponseComplete,
        ClientEvent.CommandError,
        ClientEvent.ErrorResponse,
        ClientEvent.TextOutput,
        ClientEvent.Progress,
        ClientEvent.RequestTimedOut,
        ClientEvent.ProtocolFailure,
        ClientEvent.Closed {

  /** The request an event is about, or 0 for events about the whole session. */
  default int requestId() {
    return 0;
  }

  /**
   * Emitted when one more value of an ok response (SPEC.md §6.3) has been received in full — as
   * soon as its last byte arrives, before the response ends. The status map is not one of them.
   *
   * @param requestId the request answered
   * @param value the value
   */
  record ResponseObject(int requestId, CborValue value) implements ClientEvent {
    public ResponseObject {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Emitted with {@link ClientConfig.ByteStringMode#STREAM} for each chunk of a top-level
   * indefinite-length byte string of an ok response, as soon as the chunk is complete.
   *
   * @param requestId the request answered
   * @param chunk the chunk's bytes, owned by the event; empty for the closing event
   * @param last whether the byte string ended: the closing event, carrying an empty chunk
   */
  record ResponseChunk(int requestId, byte[] chunk, boolean last) implements ClientEvent {
    public ResponseChunk {
      Objects.requireNonNull(chunk, "chunk");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ResponseChunk c
          && c.requestId == requestId && c.last == last && Arrays.equals(c.chunk, chunk);
    }

    @Override
    public int hashCode() {
      return Objects.hash(requestId, last, Arrays.hashCode(chunk));
    }

    @Override
    public String toString() {
      return "ResponseChunk[" + requestId + ", h'" + HexFormat.of().formatHex(chunk) + "'" + (last ? ", last]" : "]");
    }
  }

  /**
   * Emitted when the status map of a response says {@code redirect} (SPEC.md §6.4): the content is
   * to be fetched from {@code location}. {@link ResponseComplete} follows.
   *
   * @param requestId the request answered
   * @param location the location map: {@code url}, {@code mediatype} and optional integrity data
   */
  record Redirect(int requestId, CborValue.MapValue location) implements ClientEvent {
    public Redirect {
      Objects.requireNonNull(location, "location");
    }
  }

  /**
   * Terminal. Emitted when an ok or redirect response ended with its eos frame (CMD-8).
   *
   * @param requestId the request answered
   */
  record ResponseComplete(int requestId) implements ClientEvent {}

  /**
   * Terminal. Emitted when a response whose status map says {@code error} ended (CMD-10).
   *
   * @param requestId the request answered
   * @param message the error message, a formatting string whose {@code %s} take the args
   * @param args the message's arguments, as sent
   */
  record CommandError(int requestId, String message, List<CborValue> args) implements ClientEvent {
    public CommandError {
      Objects.requireNonNull(message, "message");
      args = List.copyOf(args);
    }
  }

  /**
   * Terminal. Emitted when the server sent an error-response frame (SPEC.md §7.1): one of type
   * {@code server} ends its request (ERR-4); one of type {@code protocol} — request id 0 (ERR-3) —
   * fails every request in flight and ends the session: {@link Closed} with {@link
   * CloseReason#PEER_ERROR} follows (ERR-5).
   *
   * @param requestId the request it ends; 0 for a protocol error
   * @param type the error type: {@code server} or {@code protocol}
   * @param message the message atoms
   * @param requirement for a protocol error, the id of the requirement the client broke, as the
   *     server named it; else {@code null}
   */
  record ErrorResponse(int requestId, String type, List<TextAtom> message, String requirement)
      implements ClientEvent {
    public ErrorResponse {
      Objects.requireNonNull(type, "type");
      message = List.copyOf(message);
    }

    /** The atoms formatted and joined. */
    public String formatted() {
      StringBuilder sb = new StringBuilder();
      for (TextAtom a : message) {
        sb.append(a.format());
      }
      return sb.toString();
    }
  }

  /**
   * Emitted for each text-output frame (SPEC.md §7.3): text for people, sent alongside a response.
   *
   * @param requestId the request it belongs to
   * @param atoms the text atoms
   */
  record TextOutput(int requestId, List<TextAtom> atoms) implements ClientEvent {
    public TextOutput {
      atoms = List.copyOf(atoms);
    }
  }

  /**
   * Emitted for each progress frame (SPEC.md §7.4).
   *
   * @param requestId the request it belongs to
   * @param update the progress
   */
  record Progress(int requestId, ProgressUpdate update) implements ClientEvent {
    public Progress {
      Objects.requireNonNull(update, "update");
    }
  }

  /**
   * Terminal. Emitted when a request's response did not end within the request timeout. The
   * session stays open; the request id stays reserved, and what still arrives for it is dropped,
   * until the server ends the response.
   *
   * @param requestId the request that timed out
   */
  record RequestTimedOut(int requestId) implements ClientEvent {}

  /**
   * Emitted once, when the server broke the protocol (SPEC.md §7.2): the session stops processing
   * input and closes — {@link Closed} follows at once. A client sends no error frame (ERR-2): close
   * the connection.
   *
   * @param requirement the requirement the server broke
   * @param message what was wrong, for logs; informative only
   */
  record ProtocolFailure(Requirement requirement, String message) implements ClientEvent {
    public ProtocolFailure {
      Objects.requireNonNull(requirement, "requirement");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Emitted once, when the session reaches its final state; nothing follows. Requests still open
   * get no terminal event of their own: this is theirs.
   *
   * @param reason why the session closed
   * @param openRequests the ids of the requests that were still open, in increasing order
   */
  record Closed(CloseReason reason, List<Integer> openRequests) implements ClientEvent {
    public Closed {
      Objects.requireNonNull(reason, "reason");
      openRequests = List.copyOf(openRequests);
    }
  }
}
