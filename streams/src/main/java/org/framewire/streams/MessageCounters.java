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
 * <p>Keys are non-negative. Not thread-safe; confined like the stream that owns it.
 */
final class MessageCounters {
  private static final int EMPTY = -1;

  private int[] keys = empty(8);
  private long[] counts = new long[8];
  private int size;

  private static int[] empty(int n) {
    int[] k = new int[n];
    Arrays.fill(k, EMPTY);
    return k;
  }

  /** Adds {@code n} to the count of {@code key} (0 when absent) and returns the new count. */
  long add(int key, long n) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != EMPTY) {
      if (keys[i] == key) {
        return counts[i] += n;
      }
      i = (i + 1) & mask;
    }
    if (2 * (size + 1) > keys.length) {
      grow();
      return add(key, n);
    }
    keys[i] = key;
    counts[i] = n;
    size++;
    return n;
  }

  /** The count of {@code key}, 0 when absent. */
  long get(int key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); keys[i] != EMPTY; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return counts[i];
      }
    }
    return 0;
  }

  /** Forgets {@code key}; nothing when absent. */
  void remove(int key) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != key) {
      if (keys[i] == EMPTY) {
        return;
      }
      i = (i + 1) & mask;
    }
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

  private void grow() {
    int[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = empty(oldKeys.length * 2);
    counts = new long[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        add(oldKeys[i], oldCounts[i]);
      }
    }
  }

  private static int slot(int key, int mask) {
    int h = key * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
