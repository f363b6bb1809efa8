package org.framewire.session;

import java.util.Arrays;

/**
 * Timers of one session ordered by expiry: a binary min-heap whose entries remember their heap
 * index, so scheduling, cancelling and rescheduling are O(log n) and finding the next deadline is
 * O(1) (the design of Netty's {@code DefaultPriorityQueue}). It serves a session's own timers and
 * {@link SessionMulti}'s one deadline per connection alike.
 *
 * <p>Deadlines are instants on the session's injected nanosecond clock and are compared the way
 * {@link System#nanoTime()} values must be, by the sign of their difference; all timers of one
 * queue must therefore lie within 2^63 ns (292 years) of each other. Timers with equal deadlines
 * expire in the order they were scheduled.
 *
 * <p>Not thread-safe, like the sessions that own it.
 *
 * @param <T> what a timer carries back when it expires
 */
public final class DeadlineQueue<T> {

  /** A scheduled (or cancelled, or expired) timer. Obtained from {@link #schedule}. */
  public static final class Timer<T> {
    private final DeadlineQueue<T> owner;
    private final T payload;
    private long deadline;
    private int index = -1;

    private Timer(DeadlineQueue<T> owner, T payload) {
      this.owner = owner;
      this.payload = payload;
    }

    /** What the timer carries back when it expires. */
    public T payload() {
      return payload;
    }

    /** The instant it expires (or expired), in clock nanoseconds. */
    public long deadline() {
      return deadline;
    }

    /** Whether it is in the queue, neither cancelled nor expired. */
    public boolean isScheduled() {
      return index >= 0;
    }

    @Override
    public String toString() {
      return "Timer[" + payload + " at " + deadline + (isScheduled() ? "" : ", idle") + "]";
    }
  }

  private static final Timer<?>[] NO_TIMERS = new Timer<?>[0];
  private static final long[] NO_KEYS = new long[0];
  private static final int FIRST_CAPACITY = 4;

  /**
   * The heap of timers, and beside it each entry's deadline and sequence in arrays of their own, in
   * heap order: sifting compares keys in these arrays, where a node's children sit side by side,
   * and touches a timer object only to move it (its index). With thousands of timers the objects
   * are scattered over the heap; reading two of them per level would be a cache miss each. The
   * arrays are made at the first timer, {@value #FIRST_CAPACITY} long, and double: a session's
   * queue holds a timer or two, and ten thousand of them should not hold eight each.
   */
  private Timer<?>[] heap = NO_TIMERS;
  private long[] deadlines = NO_KEYS;
  private long[] sequences = NO_KEYS;
  private int size;
  private long nextSequence;

  /** Timers scheduled now. */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Schedules a new timer expiring at {@code deadline}. O(log n). */
  public Timer<T> schedule(long deadline, T payload) {
    Timer<T> t = new Timer<>(this, payload);
    reschedule(t, deadline);
    return t;
  }

  /**
   * Moves {@code timer} to expire at {@code deadline}, scheduling it again if it was cancelled or
   * expired. O(log n).
   *
   * @throws IllegalArgumentException if the timer belongs to another queue
   */
  public void reschedule(Timer<T> timer, long deadline) {
    checkOwner(timer);
    long sequence = nextSequence++;
    timer.deadline = deadline;
    int i = timer.index;
    if (i >= 0) {
      // Moved in place: a later key (the new sequence breaks a tie as later) sinks, an earlier rises.
      boolean earlier = deadline - deadlines[i] < 0;
      deadlines[i] = deadline;
      sequences[i] = sequence;
      if (earlier) {
        siftUp(i);
      } else {
        siftDown(i);
      }
      return;
    }
    if (size == heap.length) {
      int grown = Math.max(FIRST_CAPACITY, size * 2);
      heap = Arrays.copyOf(heap, grown);
      deadlines = Arrays.copyOf(deadlines, grown);
      sequences = Arrays.copyOf(sequences, grown);
    }
    i = size++;
    heap[i] = timer;
    deadlines[i] = deadline;
    sequences[i] = sequence;
    timer.index = i;
    siftUp(i);
  }

  /**
   * Cancels {@code timer}. O(log n); a no-op for a timer that is not scheduled.
   *
   * @return whether it was scheduled
   */
  public boolean cancel(Timer<T> timer) {
    if (timer == null || !timer.isScheduled()) {
      return false;
    }
    checkOwner(timer);
    remove(timer);
    return true;
  }

  /** The earliest deadline, or {@link Long#MAX_VALUE} when no timer is scheduled. */
  public long nextDeadline() {
    return size == 0 ? Long.MAX_VALUE : deadlines[0];
  }

  /** The earliest timer, left scheduled, or {@code null} when none is. */
  @SuppressWarnings("unchecked")
  public Timer<T> peek() {
    return size == 0 ? null : (Timer<T>) heap[0];
  }

  /**
   * Removes the earliest timer if it has expired at {@code now} (its deadline is not after {@code
   * now}) and returns it; otherwise returns {@code null}. Call repeatedly to drain every expired
   * timer in deadline order.
   */
  @SuppressWarnings("unchecked")
  public Timer<T> pollExpired(long now) {
    if (size == 0 || deadlines[0] - now > 0) {
      return null;
    }
    Timer<T> t = (Timer<T>) heap[0];
    remove(t);
    return t;
  }

  /** Cancels every timer. */
  public void clear() {
    for (int i = 0; i < size; i++) {
      heap[i].index = -1;
      heap[i] = null;
    }
    size = 0;
  }

  private void checkOwner(Timer<T> timer) {
    if (timer.owner != this) {
      throw new IllegalArgumentException("timer of another queue: " + timer);
    }
  }

  private void remove(Timer<?> t) {
    int i = t.index;
    t.index = -1;
    size--;
    if (i == size) {
      heap[size] = null;
      return;
    }
    Timer<?> last = heap[size];
    heap[size] = null;
    heap[i] = last;
    deadlines[i] = deadlines[size];
    sequences[i] = sequences[size];
    last.index = i;
    siftDown(i);
    if (last.index == i) {
      siftUp(i);
    }
  }

  private void siftUp(int i) {
    Timer<?> t = heap[i];
    long d = deadlines[i];
    long s = sequences[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(d, s, deadlines[parent], sequences[parent])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    place(t, d, s, i);
  }

  private void siftDown(int i) {
    Timer<?> t = heap[i];
    long d = deadlines[i];
    long s = sequences[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(deadlines[right], sequences[right], deadlines[child], sequences[child])) {
        child = right;
      }
      if (!before(deadlines[child], sequences[child], d, s)) {
        break;
      }
      move(child, i);
      i = child;
    }
    place(t, d, s, i);
  }

  /** Moves the entry at {@code from} to {@code to}. */
  private void move(int from, int to) {
    Timer<?> t = heap[from];
    heap[to] = t;
    deadlines[to] = deadlines[from];
    sequences[to] = sequences[from];
    t.index = to;
  }

  private void place(Timer<?> t, long deadline, long sequence, int i) {
    heap[i] = t;
    deadlines[i] = deadline;
    sequences[i] = sequence;
    t.index = i;
  }

  /** Whether the key (deadline {@code da}, sequence {@code sa}) comes before ({@code db}, {@code sb}). */
  private static boolean before(long da, long sa, long db, long sb) {
    long d = da - db;
    return d < 0 || (d == 0 && sa < sb);
  }
}
