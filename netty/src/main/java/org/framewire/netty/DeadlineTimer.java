package org.framewire.netty;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * A session's next deadline (SPEC.md §10's timeouts, as the sessions implement them) as one task
 * on its channel's event loop, for {@link FramewireServerHandler} and {@link
 * FramewireClientHandler}: {@link #moveTo(long)} re-arms it when the deadline moved, and when it
 * passes the handler's timeout work runs on the event loop. Event loop only.
 */
final class DeadlineTimer {
  private final EventExecutor loop;
  private final LongConsumer due;
  private ScheduledFuture<?> task;
  private long at = Long.MAX_VALUE;

  /**
   * @param due the timeout work, given {@link System#nanoTime()} at the time it runs
   */
  DeadlineTimer(EventExecutor loop, LongConsumer due) {
    this.loop = loop;
    this.due = due;
  }

  /** Runs the timeout work at {@code deadline} ({@link System#nanoTime()}; {@link Long#MAX_VALUE}: never). */
  void moveTo(long deadline) {
    if (deadline == at) {
      return;
    }
    cancel();
    at = deadline;
    if (deadline != Long.MAX_VALUE) {
      task = loop.schedule(this::fire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }

  /** Drops the scheduled timeout work, if any (the channel went away). */
  void cancel() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private void fire() {
    task = null;
    at = Long.MAX_VALUE;
    due.accept(System.nanoTime());
  }
}
