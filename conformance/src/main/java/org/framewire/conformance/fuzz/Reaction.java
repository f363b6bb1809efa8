package org.framewire.conformance.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.framewire.frames.Frame;
import org.framewire.fuzz.Oracle;
import org.framewire.fuzz.Transcript;
import org.framewire.fuzz.Verdict;
import org.framewire.spec.Requirement;

/**
 * What a server did with one fuzz input followed by the probe ({@link Probe}): its verdict class,
 * the requirement a rejection names, everything it sent, and for a child process its exit status
 * and the last lines of its stderr.
 *
 * @param kind the verdict class
 * @param transcript the server's output (the probe's answer included)
 * @param probeId the probe's request id, or -1 when no probe was sent (an input ending in a partial frame)
 * @param detail what else is known: an exit status and stderr lines, an I/O error, a wait that ran out; or empty
 */
public record Reaction(Kind kind, Transcript transcript, int probeId, String detail) {

  /**
   * The verdict classes (docs/fuzzing.md): only a server that answered the probe accepted; one
   * that closed first crashed or gave up, and is never graded as accepting.
   */
  public enum Kind {
    /** No protocol error, and the probe after the input answered. */
    ACCEPTED("accepted"),
    /** An error-response of type protocol (SPEC.md §7.2), naming a requirement or not. */
    REJECTED("rejected"),
    /** The session ended (connection closed, child exited with status 0) before the probe's answer, with no error frame. */
    CLOSED("closed without an error frame"),
    /** Neither the probe's answer, nor an error frame, nor the end of the session within the watchdog. */
    TIMED_OUT("timed out"),
    /** The adapter threw, the connection could not be made, or the child exited with a failure status or a signal. */
    CRASHED("crashed");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** The requirement a rejection names; empty otherwise. */
  public Optional<Requirement> requirement() {
    return transcript.verdict().requirement();
  }

  /**
   * The verdict class as a signature shows it: {@code accepted}, {@code rejected FRAME-7}, {@code
   * rejected (no requirement named)}, {@code closed without an error frame}, {@code timed out},
   * {@code crashed}.
   */
  public String verdictClass() {
    if (kind != Kind.REJECTED) {
      return kind.toString();
    }
    return "rejected " + requirement().map(Requirement::id).orElse("(no requirement named)");
  }

  /** The requests whose response ended, the probe's left out. */
  public Set<Integer> answeredRequests() {
    Set<Integer> ids = new TreeSet<>(transcript.answeredRequests());
    ids.remove(probeId);
    return ids;
  }

  @Override
  public String toString() {
    return verdictClass() + (detail.isEmpty() ? "" : " (" + detail + ")");
  }

  /**
   * Classifies a server's output.
   *
   * @param server the target's name
   * @param output every byte the server sent
   * @param ended whether the session ended (EOF, reset, child exit) before the wait ran out
   * @param timedOut whether the wait ran out
   * @param probeId the probe's request id, or -1 when none was sent
   * @param crashed whether the child failed (exit status or signal) or the transport failed
   * @param detail exit status, stderr lines, error, or empty
   */
  static Reaction classify(String server, byte[] output, boolean ended, boolean timedOut, int probeId, boolean crashed,
      String detail) {
    List<Frame> frames = new ArrayList<>();
    boolean wellFramed = Oracle.decodeServerFrames(output, frames);
    Verdict verdict = Verdict.of(frames);
    Transcript t = new Transcript(server, output, frames, wellFramed, ended, verdict);
    Kind kind;
    if (verdict.rejected()) {
      kind = Kind.REJECTED;
    } else if (crashed) {
      kind = Kind.CRASHED;
    } else if (probeId >= 0 && t.answeredRequests().contains(probeId)) {
      kind = Kind.ACCEPTED;
    } else if (timedOut) {
      kind = Kind.TIMED_OUT;
    } else {
      kind = Kind.CLOSED;
    }
    return new Reaction(kind, t, probeId, detail);
  }

  /** Whether {@code output} so far holds the probe's answer or an error-response of type protocol. */
  static boolean settled(byte[] output, int probeId) {
    List<Frame> frames = new ArrayList<>();
    Oracle.decodeServerFrames(output, frames);
    if (Verdict.of(frames).rejected()) {
      return true;
    }
    return probeId >= 0 && new Transcript("", output, frames, true, false, Verdict.ACCEPTED).answeredRequests().contains(probeId);
  }
}
