package org.framewire.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.framewire.spec.Requirement;
import org.junit.jupiter.api.Test;

/** The table both session state machines are built from, and their rows as SPEC.md states them. */
class TransitionTableTest {
  private enum S { A, B, FAILED }

  private enum E { GO, BAD, NEVER }

  private static TransitionTable<S, E> table() {
    return new TransitionTable<>(S.class, E.class, S.FAILED)
        .allow(S.A, E.GO, S.B)
        .forbid(S.B, E.BAD, Requirement.SET_FIRST);
  }

  @Test
  void allowedForbiddenAndMissingCells() {
    TransitionTable<S, E> t = table();
    assertEquals(new TransitionTable.Transition<>(S.B, null), t.next(S.A, E.GO));
    assertTrue(t.next(S.A, E.GO).allowed());
    assertEquals(new TransitionTable.Transition<>(S.FAILED, Requirement.SET_FIRST), t.next(S.B, E.BAD));
    assertNull(t.next(S.A, E.NEVER));
    assertNull(t.next(S.FAILED, E.GO));
  }

  /** A lookup hands out the cell made when the row was added: nothing is allocated per frame. */
  @Test
  void lookupsReturnTheCellsMadeUpFront() {
    TransitionTable<S, E> t = table();
    assertSame(t.next(S.A, E.GO), t.next(S.A, E.GO));
  }

  @Test
  void twoRowsForOnePairAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> table().allow(S.A, E.GO, S.A));
    assertThrows(IllegalArgumentException.class, () -> table().forbid(S.A, E.GO, Requirement.SET_FIRST));
  }

  @Test
  void serverRowsCiteTheirRequirements() {
    assertEquals(Requirement.SET_FIRST,
        ServerStateMachine.next(ServerState.OPEN, ServerStateMachine.Input.SETTINGS_EOS).violation());
    assertEquals(ServerState.CLOSED,
        ServerStateMachine.next(ServerState.RECEIVING_SETTINGS, ServerStateMachine.Input.INPUT_END).next());
    assertEquals(ServerState.OPEN,
        ServerStateMachine.next(ServerState.INITIAL, ServerStateMachine.Input.COMMAND_FRAME).next());
    assertNull(ServerStateMachine.next(ServerState.CLOSED, ServerStateMachine.Input.TERMINATE));
  }

  @Test
  void clientRowsAndTheMissingPairs() {
    assertEquals(ClientStateMachine.State.OPEN,
        ClientStateMachine.next(ClientStateMachine.State.INITIAL, ClientStateMachine.Input.REQUEST_SENT));
    assertThrows(IllegalStateException.class,
        () -> ClientStateMachine.next(ClientStateMachine.State.CLOSED, ClientStateMachine.Input.SERVER_FRAME));
  }
}
