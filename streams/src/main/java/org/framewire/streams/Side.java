package org.framewire.streams;

/**
 * The side of a connection a registry serves, which fixes the parity of the stream ids it opens
 * (SPEC.md §3.1, {@code STREAM-1}): clients open odd ids, servers even ids, and id 0 is never
 * used. Streams are unidirectional, so a side sends on ids of its own parity and receives on ids
 * of its peer's.
 */
public enum Side {
  /** Opens odd stream ids 1, 3, ..., 255. */
  CLIENT(1),
  /** Opens even stream ids 2, 4, ..., 254. */
  SERVER(0);

  private final int parity;

  Side(int parity) {
    this.parity = parity;
  }

  /** Whether this side opens the stream with this id. False for 0 and for ids outside 0..255. */
  public boolean opens(int streamId) {
    return streamId > 0 && streamId <= 0xFF && (streamId & 1) == parity;
  }

  /** The other side. */
  public Side peer() {
    return this == CLIENT ? SERVER : CLIENT;
  }

  /** The lowest stream id this side opens. */
  int firstId() {
    return parity == 1 ? 1 : 2;
  }
}
