package org.framewire.transport;

import java.util.function.Consumer;
import org.framewire.session.ServerSession;
import org.framewire.spec.Requirement;

/**
 * What a transport offers the code that works on one of its server sessions from other threads: a
 * way to run a task with the session (on the thread or under the lock that owns it), the
 * connection's outbound budget, and a way to report a violation the transport itself detected.
 */
interface SessionHost {

  /**
   * Runs {@code task} with exclusive access to the session, now or later, then sends what it
   * queued. Tasks submitted by one thread run in submission order. Never blocks on I/O.
   */
  default void execute(Consumer<ServerSession> task) {
    execute(task, 0);
  }

  /**
   * As {@link #execute(Consumer)}, for a task that hands the session {@code handedOver} bytes the
   * caller already counted in the {@link #budget()}: the host releases them only once the frames
   * the task produced are queued (and counted) for writing, so the budget never dips in between.
   */
  void execute(Consumer<ServerSession> task, long handedOver);

  /** The connection's outbound budget (LIMIT-3). */
  OutboundBudget budget();

  /** The session's maximum frame size, for checks a writer makes before handing work on. */
  int maxFrameSize();

  /** What TLS established about the peer (SPEC.md §9.3); {@code null} on a connection without TLS. */
  default org.framewire.session.commands.TlsPeer tls() {
    return null;
  }

  /**
   * Ends the session for a protocol violation found by the transport rather than the session
   * (TRANS-5): sends what the session queued, then an error-response of type {@code protocol}
   * citing {@code requirement} (ERR-2, ERR-3), then closes it. Call with the session's access.
   */
  void violation(Requirement requirement, String detail);
}
