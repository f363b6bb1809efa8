package org.framewire.streams;

import java.util.Arrays;

/**
 * Decoded bytes per message not yet ended ({@code ENC-6}, SPEC.md §4.4), keyed by an int (a request
 * id times 4 plus the message kind): an open-addressing table of primitive keys and counts in two
 * flat arrays, linear probing, backward-shift deletion. It replaces a {@code HashMap<Integer,
 * long[]>}, which boxed the key and allocated a counter per message and, with thousands of
 * messages under way, put each counter wherever the collector had left it; here a frame's lookup
 * reads two arrays that hold only the messages under way (grown by doubling at half full, never
 * below 8 slots), and allocates nothing once they are large enough.
 *
 * <p>The common case, one message under way on the stream at a time, never reaches the table: the
 * first entry is held in two fields of this object ({@link #soloKey}), and the arrays are made only
 * when a second message is under way beside it. An event on one of thousands of connections then
 * reads this object and no cold array (issue 16's multi-handle benchmark).
 *
 * <p>Keys are non-negative. Not thread-safe; confined like the stream that owns it.
 */
final class MessageCounters {
  private static final int EMPTY = -1;

  /** The entry held outside the table, {@link #EMPTY} for none, and its count. */
  private int soloKey = EMPTY;
  private long soloCount;
  /** The table of the other entries; null until two messages are under way at once. */
  private int[] keys;
  private long[] counts;
  private int size;

  private static int[] empty(int n) {
    int[] k = new int[n];
    Arrays.fill(k, EMPTY);
    return k;
  }

  /** Adds {@code n} to the count of {@code key} (0 when absent) and returns the new count. */
  long add(int key, long n) {
    if (key == soloKey) {
      return soloCount += n;
    }
    if (soloKey == EMPTY) {
      int i = keys == null ? -1 : indexOf(key);
      if (i >= 0) {
        return counts[i] += n;
      }
      soloKey = key;
      soloCount = n;
      size++;
      return n;
    }
    if (keys == null) {
      keys = empty(8);
      counts = new long[8];
    }
    return addToTable(key, n);
  }

  private long addToTable(int key, long n) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != EMPTY) {
      if (keys[i] == key) {
        return counts[i] += n;
      }
      i = (i + 1) & mask;
    }
    if (2 * (tableSize() + 1) > keys.length) {
      grow();
      place(key, n);
    } else {
      keys[i] = key;
      counts[i] = n;
    }
    size++;
    return n;
  }

  /** The count of {@code key}, 0 when absent. */
  long get(int key) {
    if (key == soloKey) {
      return soloCount;
    }
    int i = keys == null ? -1 : indexOf(key);
    return i < 0 ? 0 : counts[i];
  }

  /** Forgets {@code key}; nothing when absent. */
  void remove(int key) {
    if (key == soloKey) {
      soloKey = EMPTY;
      soloCount = 0;
      size--;
      return;
    }
    int i = keys == null ? -1 : indexOf(key);
    if (i < 0) {
      return;
    }
    int mask = keys.length - 1;
    // Backward shift: move later entries of the probe run into the hole they may have probed past.
    int hole = i;
    for (int j = (hole + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
      int home = slot(keys[j], mask);
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        keys[hole] = keys[j];
        counts[hole] = counts[j];
        hole = j;
      }
    }
    keys[hole] = EMPTY;
    counts[hole] = 0;
    size--;
  }

  /** Messages counted now. */
  int size() {
    return size;
  }

  /** Whether the table was made (a second message was under way beside the first); for tests. */
  boolean hasTable() {
    return keys != null;
  }

  private int tableSize() {
    return soloKey == EMPTY ? size : size - 1;
  }

  /** The table index of {@code key}, or -1 when the table does not hold it. */
  private int indexOf(int key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); keys[i] != EMPTY; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return i;
      }
    }
    return -1;
  }

  /** Stores {@code key}, which the table does not hold, in the first free slot of its probe run. */
  private void place(int key, long count) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    counts[i] = count;
  }

  private void grow() {
    int[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = empty(oldKeys.length * 2);
    counts = new long[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        place(oldKeys[i], oldCounts[i]);
      }
    }
  }

  private static int slot(int key, int mask) {
    int h = key * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
