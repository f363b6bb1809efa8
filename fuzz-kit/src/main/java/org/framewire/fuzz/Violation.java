package org.framewire.fuzz;

import java.util.Objects;
import org.framewire.spec.Requirement;

/**
 * The one protocol violation of a generated conversation.
 *
 * @param kind what was broken, and so which requirement
 * @param frameIndex the index in {@link Conversation#frames()} of the violating frame; for a
 *     truncation, the number of frames (the violation is the partial frame after them)
 * @param detail what exactly was done, for reports
 */
public record Violation(ViolationKind kind, int frameIndex, String detail) {

  public Violation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  /** The requirement a receiver must report: {@code kind().requirement()}. */
  public Requirement requirement() {
    return kind.requirement();
  }

  @Override
  public String toString() {
    return kind + " (" + kind.requirement() + ") at frame " + frameIndex + ": " + detail;
  }
}
