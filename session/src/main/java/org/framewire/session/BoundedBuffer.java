package org.framewire.session;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;

/**
 * A growable byte buffer that refuses to grow past a limit: the limit is checked before any
 * allocation, and breaking it is the peer's {@link ProtocolException} citing the requirement given
 * at construction. Used to assemble payloads that span frames (settings, request maps, buffered
 * command data).
 */
final class BoundedBuffer {
  private static final byte[] EMPTY = new byte[0];

  private final int limit;
  private final Requirement requirement;
  private final String what;
  /** The request the bytes belong to, named in the violation; -1 for none. */
  private final int requestId;
  private byte[] bytes = EMPTY;
  private int size;

  BoundedBuffer(int limit, Requirement requirement, String what) {
    this(limit, requirement, what, -1);
  }

  /**
   * A buffer for the bytes of request {@code requestId}: its violation names "{@code what}
   * {@code requestId}", a message built only if the limit is broken, not for every request.
   */
  BoundedBuffer(int limit, Requirement requirement, String what, int requestId) {
    this.limit = limit;
    this.requirement = requirement;
    this.what = what;
    this.requestId = requestId;
  }

  /** Appends {@code src}'s remaining bytes without moving its position. */
  void append(ByteBuffer src) throws ProtocolException {
    int n = src.remaining();
    if (n > limit - size) {
      String whose = requestId < 0 ? what : what + " " + requestId;
      throw new ProtocolException(requirement, whose + " exceeds " + limit + " bytes (" + size + " + " + n + ")");
    }
    if (size + n > bytes.length) {
      int grown = (int) Math.min(limit, Math.max((long) size + n, Math.max(64L, 2L * bytes.length)));
      bytes = Arrays.copyOf(bytes, grown);
    }
    src.duplicate().get(bytes, size, n);
    size += n;
  }

  /** Forgets the bytes appended so far, keeping the array for reuse. */
  void reset() {
    size = 0;
  }

  int size() {
    return size;
  }

  /** The bytes appended so far, in a new array of exactly that length. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  /** A read-only view of the bytes appended so far; valid until the next append. */
  ByteBuffer view() {
    return ByteBuffer.wrap(bytes, 0, size).slice().asReadOnlyBuffer();
  }
}
