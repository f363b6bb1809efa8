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
 * What {@link ServerSession} and {@link ClientSession} share (SPEC.md §7.2, §10): the clock, the
 * timers (frame-read, idle, and the role's own), the input path from bytes or frames to checked
 * frames (the {@link FrameInput} it extends), the stream registry, and the queue of events a call
 * returns. The receive loop and the timer loop are written here once; a role supplies its
 * reactions by implementing the abstract methods, as an anonymous subclass made in its
 * constructor.
 *
 * <p>One object, not three: the input path, the core and the role's reactions were a {@code
 * FrameInput}, a core and an owner adapter each, and a frame's way through them touched all three.
 * With thousands of sessions under one loop each is a cache miss per event (issue 16,
 * docs/benchmarks.md "Where the cost turns").
 *
 * @param <E> the role's event type
 */
abstract class SessionCore<E> extends FrameInput {

  /** Whether the session is closed: the core then takes no frame and runs no timer. */
  abstract boolean closed();

  /** The role's reaction to a checked frame (its stream and type rules). */
  abstract void onFrame(Frame frame) throws ProtocolException;

  /**
   * Asked after each frame decoded from bytes: whether the role takes no further frame now (the
   * server's admission pause, CMD-11), having held what is left.
   */
  abstract boolean paused();

  /** The first violation: report it and close. */
  abstract void fail(ProtocolException e);

  /** The frame-read timer expired (LIMIT-4) at {@code now}. */
  abstract void frameReadExpired(long now);

  /** Whether a request is known: the idle timeout (LIMIT-5) runs only while none is. */
  abstract boolean hasRequests();

  /** The idle timeout expired: close. */
  abstract void idleExpired();

  /** A timer of the role's own expired (a request's, the send timeout). */
  abstract void timerExpired(DeadlineQueue.Timer<Object> timer, long now);

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
  final StreamRegistry streams;
  private final long idleTimeoutNanos;
  private final DeadlineQueue.Timer<Object> idleTimer;
  /** When input last arrived, or the last request was answered: the idle timeout counts from it. */
  long lastInput;
  /**
   * The events of the call in progress; {@code null} while there are none, so that between calls a
   * session holds no list it made for the last one (with thousands of sessions, each such young
   * object held by an old session is work for every young collection).
   */
  private List<E> events;

  /**
   * A core on {@code clock} and {@code timers} over {@code streams}; {@code rules} say how frames
   * from the peer are checked, {@code idleTimeoutNanos} is LIMIT-5's timeout (0 for none).
   */
  SessionCore(LongSupplier clock, DeadlineQueue<Object> timers, StreamRegistry streams, Rules rules,
      long idleTimeoutNanos) {
    super(rules, timers);
    this.clock = Objects.requireNonNull(clock, "nanoClock");
    this.streams = streams;
    this.idleTimeoutNanos = idleTimeoutNanos;
    this.lastInput = clock.getAsLong();
    this.idleTimer = idleTimeoutNanos > 0 ? timers.schedule(lastInput + idleTimeoutNanos, IDLE) : null;
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
      fail(e);
    }
    return takeEvents();
  }

  /** Feeds bytes and reacts to every complete frame; see {@link #takeFrames()}. */
  void receive(ByteBuffer bytes) throws ProtocolException {
    feed(bytes);
    takeFrames();
  }

  /**
   * Decodes and hands over the fed frames until the session closes or the owner pauses; then runs
   * the frame-read timer for a frame left incomplete (LIMIT-4).
   */
  void takeFrames() throws ProtocolException {
    for (Frame f; !closed() && (f = nextChecked()) != null; ) {
      onFrame(f);
      if (!closed() && paused()) {
        break;
      }
    }
    drained(lastInput);
  }

  /** A frame fed directly: the header checks, then the owner's reaction. */
  void feedFrame(Frame frame) throws ProtocolException {
    checkDirect(frame);
    onFrame(frame);
  }

  /**
   * Runs the timers expired at {@code now}, oldest first, while the session is open: the
   * frame-read and idle timeouts here, the role's own through {@link #timerExpired}.
   */
  List<E> onTimeout(long now) {
    for (DeadlineQueue.Timer<Object> t; !closed() && (t = timers.pollExpired(now)) != null; ) {
      if (t.payload() == FRAME_READ) {
        frameReadExpired(now);
      } else if (t.payload() == IDLE) {
        long idleUntil = lastInput + idleTimeoutNanos;
        boolean busy = hasRequests();
        if (busy || idleUntil - now > 0) {
          timers.reschedule(idleTimer, busy ? now + idleTimeoutNanos : idleUntil);
        } else {
          idleExpired();
        }
      } else {
        timerExpired(t, now);
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
