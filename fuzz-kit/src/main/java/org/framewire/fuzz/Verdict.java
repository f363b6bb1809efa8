package org.framewire.fuzz;

import java.util.List;
import java.util.Optional;
import org.framewire.frames.Frame;
import org.framewire.spec.Requirement;

/**
 * What a server made of a client's input, read from its output alone (SPEC.md §7.2): it either
 * accepted the input, or reported a protocol violation with an error-response of type {@code
 * protocol}, which names the broken requirement (ERR-3).
 */
public sealed interface Verdict permits Verdict.Accepted, Verdict.Rejected {

  /** The server sent no error-response of type {@code protocol}. */
  record Accepted() implements Verdict {
    @Override
    public String toString() {
      return "accepted";
    }
  }

  /**
   * The server sent an error-response of type {@code protocol}.
   *
   * @param requirement the requirement it names — under the payload key {@code requirement}
   *     (ERR-3), or failing that as the id its message begins with — or empty when it names none
   *     this specification defines
   * @param message the error's message atoms, formatted, for reports
   */
  record Rejected(Optional<Requirement> requirement, String message) implements Verdict {
    @Override
    public String toString() {
      return "rejected " + requirement.map(Requirement::id).orElse("(no requirement named)") + ": " + message;
    }
  }

  /** The accepted verdict. */
  Verdict ACCEPTED = new Accepted();

  /** The requirement a rejection names; empty when accepted or when none is named. */
  default Optional<Requirement> requirement() {
    return this instanceof Rejected r ? r.requirement() : Optional.empty();
  }

  /**
   * The verdict's class, without the message: {@code accepted}, {@code rejected REQ} or {@code
   * rejected (no requirement named)}. Findings of one kind share it (see {@link FindingLock}).
   */
  default String verdictClass() {
    return this instanceof Rejected r
        ? "rejected " + r.requirement().map(Requirement::id).orElse("(no requirement named)")
        : "accepted";
  }

  /** Whether the server rejected the input. */
  default boolean rejected() {
    return this instanceof Rejected;
  }

  /** The verdict expressed by {@code serverFrames}: the first protocol error-response decides. */
  static Verdict of(List<Frame> serverFrames) {
    return VerdictReader.read(serverFrames);
  }
}
