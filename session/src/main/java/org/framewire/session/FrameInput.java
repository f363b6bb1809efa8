package org.framewire.session;

import java.util.EnumSet;
import java.util.Set;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.frames.StreamFlags;
import org.framewire.spec.Requirement;

/**
 * The checks both sessions make on every frame before its stream and its type judge it (SPEC.md
 * §2.5, §7.2): the frame decoder for bytes (this object is one: the session's bytes are {@linkplain
 * #feed fed} to it), the header checks for frames fed directly, the run of empty frames (LIMIT-2),
 * the direction of the frame (FRAME-9), and the frame-read timeout (LIMIT-4), which it schedules in
 * the session's {@link DeadlineQueue}. {@link SessionCore} extends it, so that a session's decoder,
 * input path and core are one object (issue 16).
 */
class FrameInput extends FrameDecoder {

  /**
   * How a session checks its peer's frames: the largest payload it takes (FRAME-2), the run of
   * empty frames it allows (LIMIT-2), the frame-read timeout in nanoseconds (LIMIT-4, 0 for none),
   * the frame types the peer sends (FRAME-9) and the peer's name in messages.
   */
  record Rules(int maxFrameSize, int maxEmptyFrames, long frameReadNanos, Set<FrameType> peerTypes, String peer) {

    private static volatile Rules last;

    /**
     * These rules, or an equal instance made before: sessions of one config then share one object,
     * read by every frame, instead of holding a copy of its fields each (issue 16).
     */
    Rules shared() {
      Rules l = last;
      if (equals(l)) {
        return l;
      }
      last = this;
      return this;
    }
  }

  /** Timer payload of the frame-read timeout. */
  static final Object FRAME_READ = new Object() {
    @Override
    public String toString() {
      return "frame-read";
    }
  };

  /** Frame types a client may send (SPEC.md §2.2). */
  static final Set<FrameType> FROM_CLIENT = EnumSet.of(FrameType.COMMAND_REQUEST, FrameType.COMMAND_DATA,
      FrameType.SENDER_PROTOCOL_SETTINGS, FrameType.STREAM_SETTINGS);
  /** Frame types a server may send (SPEC.md §2.2). */
  static final Set<FrameType> FROM_SERVER = EnumSet.of(FrameType.COMMAND_RESPONSE, FrameType.ERROR_RESPONSE,
      FrameType.TEXT_OUTPUT, FrameType.PROGRESS, FrameType.STREAM_SETTINGS);

  private final Rules rules;
  final DeadlineQueue<Object> timers;
  private DeadlineQueue.Timer<Object> frameReadTimer;
  private int emptyFrames;
  /** A frame completed since the last {@link #drained}: an incomplete one left now began in that feed. */
  private boolean frameCompleted;

  FrameInput(Rules rules, DeadlineQueue<Object> timers) {
    super(FrameDecoder.Options.DEFAULTS.withMaxFrameSize(rules.maxFrameSize()));
    this.rules = rules.shared();
    this.timers = timers;
  }

  /**
   * The next complete frame of the bytes {@linkplain #feed fed}, checked by {@link #checkRun}, or
   * null.
   */
  final Frame nextChecked() throws ProtocolException {
    Frame f = next();
    if (f != null) {
      frameCompleted = true;
      checkRun(f);
    }
    return f;
  }

  /**
   * After a feed is drained: runs the frame-read timer while a frame is incomplete (LIMIT-4). The
   * timer starts when the bytes that began the frame were fed: when a frame completed in this feed,
   * the incomplete one began in it, however long its predecessor took.
   */
  void drained(long now) {
    boolean began = frameCompleted;
    frameCompleted = false;
    if (isIdle()) {
      timers.cancel(frameReadTimer);
    } else if (rules.frameReadNanos() > 0 && (frameReadTimer == null || !frameReadTimer.isScheduled() || began)) {
      if (frameReadTimer == null) {
        frameReadTimer = timers.schedule(now + rules.frameReadNanos(), FRAME_READ);
      } else {
        timers.reschedule(frameReadTimer, now + rules.frameReadNanos());
      }
    }
  }

  /**
   * Restarts the frame-read timer of an incomplete frame from {@code now}: the host did not read
   * while the session's output was over its limit (LIMIT-3), so the time the rest of the frame
   * waited unread was the session's doing, not the peer's.
   */
  void restartFrameReadTimer(long now) {
    if (!isIdle() && frameReadTimer != null) {
      timers.reschedule(frameReadTimer, now + rules.frameReadNanos());
    }
  }

  /** The frame-read timer expired: a frame has been incomplete for too long. */
  ProtocolException frameReadTimeout() {
    return new ProtocolException(Requirement.LIMIT_FRAME_READ_TIMEOUT,
        "a frame was not complete within " + rules.frameReadNanos() / 1_000_000 + " ms of its first byte");
  }

  /** The peer ended its output: FRAME-6 when it stopped inside a frame. */
  void end() throws ProtocolException {
    timers.cancel(frameReadTimer);
    endOfInput();
  }

  /**
   * The checks of a frame fed directly rather than decoded here: the header checks in the order of
   * FRAME-10 (FRAME-2, FRAME-3, FRAME-5, FRAME-4), then those of {@link #checkRun}.
   */
  void checkDirect(Frame frame) throws ProtocolException {
    if (frame.header().payloadLength() > rules.maxFrameSize()) {
      throw new ProtocolException(Requirement.FRAME_MAX_SIZE,
          "payload length " + frame.header().payloadLength() + " exceeds maximum " + rules.maxFrameSize());
    }
    FrameType type = frame.type();
    if (type == null) {
      throw new ProtocolException(Requirement.FRAME_TYPE_KNOWN, "reserved frame type " + frame.header().typeCode());
    }
    if ((frame.streamFlags() & ~StreamFlags.DEFINED) != 0) {
      throw new ProtocolException(Requirement.FRAME_STREAM_FLAGS_DEFINED,
          "undefined stream flags 0x" + Integer.toHexString(frame.streamFlags()));
    }
    if ((frame.flags() & ~type.definedFlags()) != 0) {
      throw new ProtocolException(Requirement.FRAME_FLAGS_DEFINED,
          "flags 0x" + Integer.toHexString(frame.flags()) + " undefined for " + type);
    }
    checkRun(frame);
  }

  /** LIMIT-2, then FRAME-9. */
  private void checkRun(Frame frame) throws ProtocolException {
    if (frame.header().payloadLength() > 0) {
      emptyFrames = 0;
    } else if (++emptyFrames > rules.maxEmptyFrames()) {
      throw new ProtocolException(Requirement.LIMIT_EMPTY_FRAMES,
          "more than " + rules.maxEmptyFrames() + " frames with an empty payload in a row");
    }
    if (!rules.peerTypes().contains(frame.type())) {
      throw new ProtocolException(Requirement.FRAME_DIRECTION, "a " + rules.peer() + " sends no " + frame.type() + " frames");
    }
  }
}
