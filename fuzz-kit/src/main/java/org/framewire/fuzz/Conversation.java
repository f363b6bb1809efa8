package org.framewire.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.framewire.frames.Frame;
import org.framewire.spec.Requirement;

/**
 * What a client sends a server over one session (SPEC.md §1.2), generated from a model of the
 * protocol's state: either valid, or valid up to one violation, labelled with the requirement it
 * breaks.
 *
 * <p>A valid conversation completes every request it starts and every stream setting, then ends:
 * a server must accept it, answer every request in {@link #completedRequests()}, and close when the
 * input ends (TRANS-6). A violating one stops right after its violation: a server must answer it with
 * a protocol error naming {@link #expected()} (ERR-2, ERR-3).
 *
 * @param frames the frames, in order
 * @param trailing bytes after the frames: the start of a frame the input ends in (FRAME-6), else
 *     empty
 * @param violation the violation, or {@code null} for a valid conversation
 * @param completedRequests the ids of the requests whose frames were all sent, in order
 */
public record Conversation(List<Frame> frames, byte[] trailing, Violation violation, List<Integer> completedRequests) {

  public Conversation {
    frames = List.copyOf(frames);
    completedRequests = List.copyOf(completedRequests);
    trailing = trailing.clone();
  }

  /** Whether a server must accept the conversation. */
  public boolean valid() {
    return violation == null;
  }

  /** The requirement a server must report, or empty when it must accept. */
  public Optional<Requirement> expected() {
    return violation == null ? Optional.empty() : Optional.of(violation.requirement());
  }

  /** The violation's kind, or empty. */
  public Optional<ViolationKind> kind() {
    return violation == null ? Optional.empty() : Optional.of(violation.kind());
  }

  /** The bytes the client sends: every frame, then the trailing partial frame. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Frame f : frames) {
      out.writeBytes(f.toBytes());
    }
    out.writeBytes(trailing);
    return out.toByteArray();
  }

  /** The frames in the notation of SPEC.md §1.4, one per line, then the label. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Conversation[").append(valid() ? "valid" : violation.toString());
    for (int i = 0; i < frames.size(); i++) {
      sb.append("\n  ").append(i == (violation == null ? -1 : violation.frameIndex()) ? "! " : "> ");
      String line = frames.get(i).toString();
      sb.append(line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }
    if (trailing.length > 0) {
      sb.append("\n  ! partial frame ").append(HexFormat.of().formatHex(trailing, 0, Math.min(trailing.length, 40)))
          .append(trailing.length > 40 ? "..." : "");
    }
    return sb.append(']').toString();
  }
}
