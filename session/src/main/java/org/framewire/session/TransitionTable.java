package org.framewire.session;

import java.util.Objects;
import org.framewire.spec.Requirement;

/**
 * A session's transition table, python-hyper/h2 style (docs/sessions.md): for each state, the
 * events it accepts and the state they lead to, or the requirement an event breaks there, which
 * leads to the machine's one absorbing failed state. A pair with no row is one the machine's session
 * never asks for. {@link ServerStateMachine} and {@link ClientStateMachine} are each one table of
 * this kind, with their own states, events and rows.
 *
 * <p>Built once, from rows, before use; a lookup is two array indexes into cells made up front,
 * so the sessions consult it per frame without allocating.
 *
 * @param <S> the states
 * @param <E> the events
 */
final class TransitionTable<S extends Enum<S>, E extends Enum<E>> {

  /**
   * One cell of a table: the next state, or the requirement an event breaks in this state.
   *
   * @param next the state to move to; the failed state for a violation
   * @param violation the requirement broken, or {@code null} when the event is allowed
   */
  record Transition<S>(S next, Requirement violation) {
    boolean allowed() {
      return violation == null;
    }
  }

  private final Transition<S>[][] cells;
  private final S failed;

  /**
   * An empty table over every state of {@code states} and every event of {@code events}; {@code
   * failed} is the state a {@link #forbid forbidden} event leads to.
   */
  @SuppressWarnings("unchecked")
  TransitionTable(Class<S> states, Class<E> events, S failed) {
    this.cells = new Transition[states.getEnumConstants().length][events.getEnumConstants().length];
    this.failed = Objects.requireNonNull(failed, "failed");
  }

  /** The row: {@code event} in state {@code from} leads to {@code to}. */
  TransitionTable<S, E> allow(S from, E event, S to) {
    return put(from, event, new Transition<>(Objects.requireNonNull(to, "to"), null));
  }

  /** The row: {@code event} in state {@code from} breaks {@code violation}, and leads to the failed state. */
  TransitionTable<S, E> forbid(S from, E event, Requirement violation) {
    return put(from, event, new Transition<>(failed, Objects.requireNonNull(violation, "violation")));
  }

  /** The cell of {@code event} in state {@code from}, or {@code null} when the table has no row for it. */
  Transition<S> next(S from, E event) {
    return cells[from.ordinal()][event.ordinal()];
  }

  private TransitionTable<S, E> put(S from, E event, Transition<S> cell) {
    if (cells[from.ordinal()][event.ordinal()] != null) {
      throw new IllegalArgumentException("two rows for " + event + " in state " + from);
    }
    cells[from.ordinal()][event.ordinal()] = cell;
    return this;
  }
}
