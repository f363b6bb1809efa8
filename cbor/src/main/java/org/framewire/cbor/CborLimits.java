package org.framewire.cbor;

/**
 * The bounds a {@link CborDecoder} enforces on peer input (SPEC.md §5, §10; requirement {@code
 * CBOR-2}). Every bound is checked against the declared size in an item's head, before anything is
 * allocated for the item; exceeding one is a {@link org.framewire.spec.Requirement#CBOR_LIMITS}
 * protocol error.
 *
 * @param maxDepth the most containers open at once: arrays, maps, tags and indefinite-length
 *     strings each open one level. A scalar at top level has depth 0; {@code [[1]]} has depth 2.
 *     At least 1. The decoder itself never recurses, but {@link CborValue}'s {@code equals},
 *     {@code hashCode} and {@code toString} and {@link CborEncoder} do: keep this bound in the
 *     hundreds or low thousands when values are used that way.
 * @param maxItems the most data items in one top-level value, counting the value itself, every
 *     nested item (a map entry counts as two: its key and its value) and every chunk of an
 *     indefinite-length string. The count restarts at each top-level value, so a long-lived
 *     response stream is bounded per value, not over its lifetime. A container's declared count
 *     is checked against the items still allowed as soon as its head is read. From 1 to {@link
 *     #LARGEST_BOUND}.
 * @param maxLength the longest byte or text string in bytes: the declared length of a
 *     definite-length string, or the sum of the chunks of an indefinite-length one. From 0 to
 *     {@link #LARGEST_BOUND}.
 */
public record CborLimits(int maxDepth, long maxItems, long maxLength) {

  /** Default nesting bound: protocol payloads nest a handful of levels; 64 leaves ample room. */
  public static final int DEFAULT_MAX_DEPTH = 64;

  /**
   * Default item bound per top-level value, 2^20: a million items is far beyond any protocol
   * payload yet keeps the lists a hostile value can make the decoder hold to a few tens of MiB.
   */
  public static final long DEFAULT_MAX_ITEMS = 1L << 20;

  /**
   * Default string bound, 64 MiB: four times the largest frame payload (2^24-1 bytes), so a string
   * spanning several frames of a response still decodes, while a declared length of gigabytes is
   * refused at its head.
   */
  public static final long DEFAULT_MAX_LENGTH = 64L << 20;

  /**
   * The largest item or length bound, 2^31-9: a string is held in one Java array and a container's
   * items in one list, neither of which can be longer.
   */
  public static final long LARGEST_BOUND = Integer.MAX_VALUE - 8;

  /** Depth 64, 2^20 items per top-level value, strings up to 64 MiB. */
  public static final CborLimits DEFAULT =
      new CborLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_ITEMS, DEFAULT_MAX_LENGTH);

  public CborLimits {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
    }
    if (maxItems < 1 || maxItems > LARGEST_BOUND) {
      throw new IllegalArgumentException("maxItems must be from 1 to " + LARGEST_BOUND + ", got " + maxItems);
    }
    if (maxLength < 0 || maxLength > LARGEST_BOUND) {
      throw new IllegalArgumentException("maxLength must be from 0 to " + LARGEST_BOUND + ", got " + maxLength);
    }
  }
}
