package org.framewire.session;

import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * The requests of one session, indexed by their odd 16-bit request id (SPEC.md §6.5).
 *
 * <p>Lookup, insertion and removal are O(1): a request id {@code id} lives in slot {@code id >>> 1}
 * of a two-level array — 128 pages of 256 slots — whose pages are allocated on first use and
 * dropped when they empty, so an idle session holds 128 null references (and at most one emptied
 * page, kept for reuse) and a busy one only the pages its ids touch. The kept page spares a
 * session that runs one request at a time a page allocation per request (found by the benchmarks
 * module's session cycle).
 *
 * <p>Beside each entry the table keeps a one-byte <em>tag</em> ({@link #tag(int)}) in one flat
 * {@code byte[]}, the way curl keeps a transfer's state in tables indexed by its id: small routing
 * state (a server session's request phase) that a session reads and checks for every frame without
 * touching the entry object. The array is contiguous whatever order the entries were created in, so
 * the cost of a frame does not depend on where the collector put the entries or when it last moved
 * them. It covers a <em>window</em> of slots, a power of two long, that starts at {@code tagBase}
 * and wraps from slot 32767 to slot 0 as the ids do; every entry's slot is in it. Ids in use at
 * once are close together (a client allocates them in increasing order), so the window follows
 * them: an entry stored while the table is empty starts the window at its own slot, and one stored
 * beyond the window moves it to start at the lowest slot in use (or at the new slot, when that is
 * the shorter way round), made twice as long as the slots in use span, rounded up to a power of
 * two. So a long-lived connection whose client went round its ids holds tags for the ids in use,
 * not 32 KiB; a window of more than {@value #KEPT_TAGS} slots is dropped when the table empties,
 * and a client that runs one request at a time keeps its first {@value #FIRST_TAGS} for good.
 *
 * <p>A client also allocates ids here ({@link #allocate(IntFunction)}), the way curl hands out transfer
 * ids: odd ids in increasing order from 1, wrapping after 65535 back to 1, skipping ids still in
 * use. An id that was just released is therefore not handed out again until the cursor has gone
 * round all 32768 odd ids, so a late frame for a finished request cannot be mistaken for a new
 * request that reuses its id. The table is bounded: {@link #capacity()} entries at most, never more
 * than 32768.
 *
 * <p>Not thread-safe, like the sessions that own it.
 *
 * @param <V> the per-request state
 */
public final class RequestTable<V> {
  /** Number of odd request ids: 1, 3, ..., 65535. */
  public static final int ID_COUNT = 1 << 15;

  private static final int PAGE_BITS = 8;
  private static final int PAGE_SIZE = 1 << PAGE_BITS;
  private static final int PAGE_MASK = PAGE_SIZE - 1;
  private static final int PAGES = ID_COUNT >>> PAGE_BITS;
  private static final byte[] NO_TAGS = new byte[0];
  /** The tag window's first length. */
  static final int FIRST_TAGS = 64;
  /** The longest tag window an empty table keeps; a longer one is dropped when the table empties. */
  static final int KEPT_TAGS = 256;
  private static final int SLOT_MASK = ID_COUNT - 1;

  private final Object[][] pages = new Object[PAGES][];
  /**
   * The tags of the slots {@code tagBase} to {@code tagBase + tags.length - 1} (modulo 32768): the
   * tag of slot {@code s} is at {@code (s - tagBase) & SLOT_MASK}; 0 where there is no entry.
   */
  private byte[] tags = NO_TAGS;
  private int tagBase;
  private final short[] pageCounts = new short[PAGES];
  private final int capacity;
  private int size;
  /** A page that emptied, all nulls, reused by the next page allocation; null when none. */
  private Object[] sparePage;
  /** The next id {@link #allocate} tries first. */
  private int cursor = 1;

  /**
   * A table holding at most {@code capacity} requests.
   *
   * @throws IllegalArgumentException unless 1 &lt;= capacity &lt;= 32768
   */
  public RequestTable(int capacity) {
    if (capacity < 1 || capacity > ID_COUNT) {
      throw new IllegalArgumentException("capacity " + capacity + " outside 1.." + ID_COUNT);
    }
    this.capacity = capacity;
  }

  /** Whether {@code id} is an odd 16-bit request id, the only kind this table holds (FRAME-7). */
  public static boolean isValidId(int id) {
    return (id & 1) == 1 && id > 0 && id <= 0xFFFF;
  }

  /** The most entries the table holds. */
  public int capacity() {
    return capacity;
  }

  /** Entries held now. */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Whether no further entry fits. */
  public boolean isFull() {
    return size == capacity;
  }

  /** The entry for {@code id}, or {@code null}; {@code null} too for an even or out-of-range id. */
  @SuppressWarnings("unchecked")
  public V get(int id) {
    if (!isValidId(id)) {
      return null;
    }
    int slot = id >>> 1;
    Object[] page = pages[slot >>> PAGE_BITS];
    return page == null ? null : (V) page[slot & PAGE_MASK];
  }

  public boolean contains(int id) {
    return get(id) != null;
  }

  /**
   * The tag of the entry for {@code id}: 0 when there is no entry (or the id is not a request id),
   * else the last value {@link #setTag} stored for it, 0 until then. Reads one byte of the flat
   * tag array, never the entry.
   */
  public int tag(int id) {
    if (!isValidId(id)) {
      return 0;
    }
    byte[] t = tags;
    int i = tagIndex(id >>> 1);
    return i < t.length ? t[i] : 0;
  }

  /**
   * Sets the tag of the entry for {@code id}, a value from 0 to 127; removing the entry resets it
   * to 0.
   *
   * @throws IllegalArgumentException if the tag is outside 0..127
   * @throws IllegalStateException if {@code id} holds no entry
   */
  public void setTag(int id, int tag) {
    if (tag < 0 || tag > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("tag " + tag + " outside 0..127");
    }
    if (!contains(id)) {
      throw new IllegalStateException("request id " + id + " holds no entry");
    }
    tags[tagIndex(id >>> 1)] = (byte) tag;
  }

  /**
   * Stores {@code value} under the caller-chosen {@code id} (a server storing a client's request).
   *
   * @throws IllegalArgumentException if the id is not an odd 16-bit id or the value is null
   * @throws IllegalStateException if the id is in use or the table is full
   */
  public void put(int id, V value) {
    if (!isValidId(id)) {
      throw new IllegalArgumentException("request id " + id + " is not an odd 16-bit id");
    }
    if (value == null) {
      throw new IllegalArgumentException("null value");
    }
    if (contains(id)) {
      throw new IllegalStateException("request id " + id + " in use");
    }
    if (isFull()) {
      throw new IllegalStateException("request table full: " + capacity);
    }
    store(id, value);
  }

  /**
   * Allocates the next free odd id at or after the cursor, wrapping from 65535 to 1, stores the
   * value {@code factory} makes for that id under it and moves the cursor past it. The scan visits
   * at most {@link #size()} + 1 ids.
   *
   * @return the allocated id
   * @throws IllegalStateException if the table is full
   */
  public int allocate(IntFunction<? extends V> factory) {
    if (isFull()) {
      throw new IllegalStateException("request table full: " + capacity);
    }
    int id = cursor;
    while (contains(id)) {
      id = next(id);
    }
    V value = factory.apply(id);
    if (value == null) {
      throw new IllegalArgumentException("null value");
    }
    store(id, value);
    cursor = next(id);
    return id;
  }

  /** The length of the tag window: the bytes of tags held (for tests). */
  int tagCapacity() {
    return tags.length;
  }

  /** The id {@link #allocate} will try first. */
  public int cursor() {
    return cursor;
  }

  /** Removes and returns the entry for {@code id}, or returns {@code null} if there is none. */
  @SuppressWarnings("unchecked")
  public V remove(int id) {
    if (!isValidId(id)) {
      return null;
    }
    int slot = id >>> 1;
    int pageIndex = slot >>> PAGE_BITS;
    Object[] page = pages[pageIndex];
    if (page == null) {
      return null;
    }
    V old = (V) page[slot & PAGE_MASK];
    if (old != null) {
      page[slot & PAGE_MASK] = null;
      tags[tagIndex(slot)] = 0;
      size--;
      if (size == 0 && tags.length > KEPT_TAGS) {
        tags = NO_TAGS;
      }
      if (--pageCounts[pageIndex] == 0) {
        pages[pageIndex] = null;
        sparePage = page;
      }
    }
    return old;
  }

  /**
   * Calls {@code action} with each id and entry in increasing id order. Visits only allocated
   * pages; the action may remove the entry it is given but must not add any.
   */
  @SuppressWarnings("unchecked")
  public void forEach(BiConsumer<Integer, ? super V> action) {
    for (int p = 0; p < PAGES; p++) {
      Object[] page = pages[p];
      if (page == null) {
        continue;
      }
      for (int i = 0; i < PAGE_SIZE && pages[p] != null; i++) {
        Object v = page[i];
        if (v != null) {
          action.accept((((p << PAGE_BITS) | i) << 1) | 1, (V) v);
        }
      }
    }
  }

  /** Removes every entry. */
  public void clear() {
    java.util.Arrays.fill(pages, null);
    tags = NO_TAGS;
    tagBase = 0;
    java.util.Arrays.fill(pageCounts, (short) 0);
    size = 0;
    sparePage = null;
  }

  private void store(int id, V value) {
    int slot = id >>> 1;
    int pageIndex = slot >>> PAGE_BITS;
    Object[] page = pages[pageIndex];
    if (page == null) {
      page = sparePage != null ? sparePage : new Object[PAGE_SIZE];
      pages[pageIndex] = page;
      sparePage = null;
    }
    if (tagIndex(slot) >= tags.length) {
      moveTagWindow(slot);
    }
    page[slot & PAGE_MASK] = value;
    pageCounts[pageIndex]++;
    size++;
  }

  /** Where slot {@code slot}'s tag is in the window; {@code tags.length} or more when outside it. */
  private int tagIndex(int slot) {
    return (slot - tagBase) & SLOT_MASK;
  }

  /**
   * Makes the tag window cover {@code slot} (not yet stored) as well as every slot in use. An empty
   * table starts the window at {@code slot}: its tags are all 0 already. Otherwise the new window
   * spans the slots in use and {@code slot}, from the lowest slot in use forward to {@code slot} or
   * from {@code slot} forward to the highest in use, whichever is shorter, and is twice that span
   * rounded up to a power of two: the next move is at least half a window of new ids away, so the
   * scans and the copy here cost O(1) per stored entry, amortized.
   */
  private void moveTagWindow(int slot) {
    if (size == 0) {
      tagBase = slot;
      if (tags.length == 0) {
        tags = new byte[FIRST_TAGS];
      }
      return;
    }
    byte[] old = tags;
    int first = 0;
    while (!inUse(tagBase + first)) {
      first++;
    }
    int last = old.length - 1;
    while (!inUse(tagBase + last)) {
      last--;
    }
    int low = (tagBase + first) & SLOT_MASK;
    int high = (tagBase + last) & SLOT_MASK;
    int forward = ((slot - low) & SLOT_MASK) + 1;
    int backward = ((high - slot) & SLOT_MASK) + 1;
    int start = forward <= backward ? low : slot;
    int span = Math.min(forward, backward);
    int length = Math.min(ID_COUNT, Math.max(FIRST_TAGS, Integer.highestOneBit(2 * span - 1) << 1));
    byte[] moved = new byte[length];
    for (int i = first; i <= last; i++) {
      moved[(tagBase + i - start) & SLOT_MASK] = old[i];
    }
    tags = moved;
    tagBase = start;
  }

  /** Whether slot {@code slot} (taken modulo 32768) holds an entry. */
  private boolean inUse(int slot) {
    int s = slot & SLOT_MASK;
    Object[] page = pages[s >>> PAGE_BITS];
    return page != null && page[s & PAGE_MASK] != null;
  }

  private static int next(int id) {
    return id == 0xFFFF ? 1 : id + 2;
  }
}
