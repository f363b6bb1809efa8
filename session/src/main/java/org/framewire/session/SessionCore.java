package org.framewire.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.framewire.frames.Frame;
import org.framewire.spec.ProtocolException;
import org.framewire.streams.StreamRegistry;

/**
 * What {@link ServerSession} and {@link ClientSession} share, composed by each (SPEC.md §7.2,
 * §10): the clock, the timers (frame-read, idle, and the role's own), the input path from bytes
 * or frames to checked frames ({@link FrameInput}), the stream registry, and the queue of events a
 * call returns. The receive loop and the timer loop are written here once; a role supplies its
 * reactions as an {@link Owner}.
 *
 * @param <E> the role's event type
 */
final class SessionCore<E> {

  /**
   * What a session role does with the frames, failures and timers the core hands it: one object
   * per session (its methods delegate to the role), so that a frame's way through the core touches
   * one more object, not one per reaction (with thousands of sessions, each a cache miss).
   */
  interface Owner {
    /** Whether the session is closed: the core then takes no frame and runs no timer. */
    boolean closed();

    /** The role's reaction to a checked frame (its stream and type rules). */
    void onFrame(Frame frame) throws ProtocolException;

    /**
     * Asked after each frame decoded from bytes: whether the role takes no further frame now (the
     * server's admission pause, CMD-11), having held what is left.
     */
    boolean paused();

    /** The first violation: report it and close. */
    void fail(ProtocolException e);

    /** The frame-read timer expired (LIMIT-4) at {@code now}. */
    void frameReadExpired(long now);

    /** Whether a request is known: the idle timeout (LIMIT-5) runs only while none is. */
    boolean hasRequests();

    /** The idle timeout expired: close. */
    void idleExpired();

    /** A timer of the role's own expired (a request's, the send timeout). */
    void timerExpired(DeadlineQueue.Timer<Object> timer, long now);
  }

  /** A step of a call into the session that may find a violation. */
  interface Step {
    void run() throws ProtocolException;
  }

  /** Timer payload of the idle timeout. */
  private static final Object IDLE = new Object() {
    @Override
    public String toString() {
      return "idle";
    }
  };

  final LongSupplier clock;
  final DeadlineQueue<Object> timers;
  final FrameInput input;
  final StreamRegistry streams;
  private final long idleTimeoutNanos;
  private final DeadlineQueue.Timer<Object> idleTimer;
  private Owner owner;
  /** When input last arrived, or the last request was answered: the idle timeout counts from it. */
  long lastInput;
  /** Events of the call in progress. */
  /**
   * The events of the call in progress; {@code null} while there are none, so that between calls a
   * session holds no list it made for the last one (with thousands of sessions, each such young
   * object held by an old session is work for every young collection).
   */
  private List<E> events;

  SessionCore(LongSupplier clock, DeadlineQueue<Object> timers, FrameInput input, StreamRegistry streams,
      long idleTimeoutNanos) {
    this.clock = Objects.requireNonNull(clock, "nanoClock");
    this.timers = timers;
    this.input = input;
    this.streams = streams;
    this.idleTimeoutNanos = idleTimeoutNanos;
    this.lastInput = clock.getAsLong();
    this.idleTimer = idleTimeoutNanos > 0 ? timers.schedule(lastInput + idleTimeoutNanos, IDLE) : null;
  }

  /** Binds the role; called once, from the role's constructor. */
  void bind(Owner owner) {
    this.owner = owner;
  }

  long now() {
    return clock.getAsLong();
  }

  /** Input arrived (or the last answer went out): the idle timeout counts from now. */
  void touch() {
    lastInput = clock.getAsLong();
  }

  void add(E event) {
    if (events == null) {
      events = new ArrayList<>(4);
    }
    events.add(event);
  }

  /** The events of the call in progress, for a role that withdraws some at a close. */
  List<E> pending() {
    if (events == null) {
      events = new ArrayList<>(4);
    }
    return events;
  }

  /** Runs {@code step}, failing the session on its violation, and returns the call's events. */
  List<E> call(Step step) {
    try {
      step.run();
    } catch (ProtocolException e) {
      owner.fail(e);
    }
    return takeEvents();
  }

  /** Feeds bytes and reacts to every complete frame; see {@link #takeFrames()}. */
  void feed(ByteBuffer bytes) throws ProtocolException {
    input.feed(bytes);
    takeFrames();
  }

  /**
   * Decodes and hands over the fed frames until the session closes or the owner pauses; then runs
   * the frame-read timer for a frame left incomplete (LIMIT-4).
   */
  void takeFrames() throws ProtocolException {
    for (Frame f; !owner.closed() && (f = input.next()) != null; ) {
      owner.onFrame(f);
      if (!owner.closed() && owner.paused()) {
        break;
      }
    }
    input.drained(lastInput);
  }

  /** A frame fed directly: the header checks, then the owner's reaction. */
  void feedFrame(Frame frame) throws ProtocolException {
    input.checkDirect(frame);
    owner.onFrame(frame);
  }

  /**
   * Runs the timers expired at {@code now}, oldest first, while the session is open: the
   * frame-read and idle timeouts here, the role's own through its {@link Owner}.
   */
  List<E> onTimeout(long now) {
    for (DeadlineQueue.Timer<Object> t; !owner.closed() && (t = timers.pollExpired(now)) != null; ) {
      if (t.payload() == FrameInput.FRAME_READ) {
        owner.frameReadExpired(now);
      } else if (t.payload() == IDLE) {
        long idleUntil = lastInput + idleTimeoutNanos;
        boolean busy = owner.hasRequests();
        if (busy || idleUntil - now > 0) {
          timers.reschedule(idleTimer, busy ? now + idleTimeoutNanos : idleUntil);
        } else {
          owner.idleExpired();
        }
      } else {
        owner.timerExpired(t, now);
      }
    }
    return takeEvents();
  }

  /** The session closed: no timer runs any more, and every stream is released. */
  void close() {
    timers.clear();
    streams.close();
  }

  List<E> takeEvents() {
    if (events == null || events.isEmpty()) {
      return List.of();
    }
    List<E> out = events;
    events = null;
    return out;
  }
}
