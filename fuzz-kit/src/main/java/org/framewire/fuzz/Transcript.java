package org.framewire.fuzz;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;

/**
 * Everything a server sent in one session, as the {@link Oracle} recorded it.
 *
 * @param server the adapter's name
 * @param output the server's bytes, in order
 * @param frames the frames those bytes hold (a trailing partial frame, or bytes that are not
 *     frames, end the list; see {@link #outputWellFramed()})
 * @param outputWellFramed whether the output is a clean sequence of frames
 * @param closed whether the server closed the session
 * @param verdict what the output says of the client's input
 */
public record Transcript(
    String server, byte[] output, List<Frame> frames, boolean outputWellFramed, boolean closed, Verdict verdict) {

  public Transcript {
    frames = List.copyOf(frames);
  }

  /**
   * The requests whose response ended (SPEC.md §6.3, CMD-8): a command-response frame with {@code
   * eos}, or an error-response of type {@code server} for that request id.
   */
  public Set<Integer> answeredRequests() {
    Set<Integer> ids = new TreeSet<>();
    for (Frame f : frames) {
      if (f.type() == FrameType.COMMAND_RESPONSE && f.header().hasFlag(FrameType.FLAG_EOS)) {
        ids.add(f.requestId());
      } else if (f.type() == FrameType.ERROR_RESPONSE && "server".equals(VerdictReader.errorType(f))) {
        ids.add(f.requestId());
      }
    }
    return ids;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(server).append(": ").append(verdict)
        .append(closed ? ", closed" : ", open").append(outputWellFramed ? "" : ", output not well framed");
    for (Frame f : frames) {
      sb.append("\n    < ").append(f);
    }
    return sb.toString();
  }
}
