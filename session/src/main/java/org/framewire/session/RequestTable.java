package org.framewire.session;

import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * The requests of one session, indexed by their odd 16-bit request id (SPEC.md §6.5).
 *
 * <p>Lookup, insertion and removal are O(1), in one of two layouts:
 *
 * <ul>
 *   <li><b>A window</b>, while the ids in use are close together — the common case, since a client
 *       allocates its ids in increasing order: one flat array of entries covering a window of
 *       slots (slot {@code id >>> 1}), a power of two long, from {@value #FIRST_WINDOW} up to
 *       {@value #MAX_ENTRY_WINDOW} slots. It starts at {@code base}, wraps from slot 32767 to slot 0
 *       as the ids do, and slot {@code s} sits at index {@code s & (length - 1)}, so moving the
 *       window along with the ids copies nothing: a slot leaving it is empty, and the index a slot
 *       entering it takes was that slot's. A client running one request at a time, or a few
 *       pipelined, therefore allocates nothing per request, and a session holds one small array,
 *       not a directory and a page.
 *   <li><b>Pages</b>, once the window would have to grow past {@value #MAX_ENTRY_WINDOW} slots
 *       (when it must move, the ids in use span more than half of that: deep pipelining, or a
 *       long request pinned while later ids go round): a two-level array, 128 pages of 256
 *       slots, whose pages are allocated on first use and dropped when they empty, one emptied
 *       page kept for reuse. When the table empties it goes back to a window.
 * </ul>
 *
 * <p>Beside each entry the table keeps a one-byte <em>tag</em> ({@link #tag(int)}) in one flat
 * {@code byte[]}, the way curl keeps a transfer's state in tables indexed by its id: small routing
 * state (a server session's request phase) that a session reads and checks for every frame without
 * touching the entry object. The array is contiguous whatever order the entries were created in, so
 * the cost of a frame does not depend on where the collector put the entries or when it last moved
 * them. The tags cover the same window as the entries, in either layout; with pages the window
 * grows on (up to 32768 slots, 32 KiB) while the entries do not. A moved window starts at the lowest
 * slot in use (or at the new slot, when that is the shorter way round) and, when the slots in use
 * fill more than half of it, doubles to twice their span, so it moves once per at least half a
 * window of new ids and the scan for the lowest slot costs O(1) per stored entry, amortized. So a
 * long-lived connection whose client went round its ids holds tags for the ids in use, not 32 KiB;
 * a window of more than {@value #KEPT_WINDOW} slots is dropped when the table empties.
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

  private static final int SLOT_MASK = ID_COUNT - 1;
  private static final int PAGE_BITS = 8;
  private static final int PAGE_SIZE = 1 << PAGE_BITS;
  private static final int PAGE_MASK = PAGE_SIZE - 1;
  private static final int PAGES = ID_COUNT >>> PAGE_BITS;
  private static final byte[] NO_TAGS = new byte[0];
  private static final Object[] NO_ENTRIES = new Object[0];
  /** The window's first length: a session running one request at a time holds no more. */
  static final int FIRST_WINDOW = 16;
  /** The longest window of entries; ids in use that need more go to pages. */
  static final int MAX_ENTRY_WINDOW = 256;
  /** The longest window an empty table keeps; a longer one is dropped when the table empties. */
  static final int KEPT_WINDOW = 256;

  /** The first slot of the window; every slot in use is within {@code tags.length} slots from it. */
  private int base;
  /** The tags of the window's slots, slot {@code s} at {@code s & (length - 1)}; 0 where no entry. */
  private byte[] tags = NO_TAGS;
  /** The entries of the window's slots, as the tags; {@code null} while the entries are in pages. */
  private Object[] window = NO_ENTRIES;
  /** The pages, {@code null} while the entries are in the window. */
  private Object[][] pages;
  private short[] pageCounts;
  /** A page that emptied, all nulls, reused by the next page allocation; null when none. */
  private Object[] sparePage;
  private final int capacity;
  private int size;
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
    return isValidId(id) ? (V) at(id >>> 1) : null;
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
    int slot = id >>> 1;
    byte[] t = tags;
    return isValidId(id) && inWindow(slot, t.length) ? t[slot & (t.length - 1)] : 0;
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
    tags[(id >>> 1) & (tags.length - 1)] = (byte) tag;
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
    store(id >>> 1, value);
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
    store(id >>> 1, value);
    cursor = next(id);
    return id;
  }

  /** The id {@link #allocate} will try first. */
  public int cursor() {
    return cursor;
  }

  /** The window's length: the slots tags are held for (for tests). */
  int windowLength() {
    return tags.length;
  }

  /** Whether the entries are in pages rather than in the window (for tests). */
  boolean paged() {
    return pages != null;
  }

  /** Removes and returns the entry for {@code id}, or returns {@code null} if there is none. */
  @SuppressWarnings("unchecked")
  public V remove(int id) {
    if (!isValidId(id)) {
      return null;
    }
    int slot = id >>> 1;
    V old = (V) at(slot);
    if (old == null) {
      return null;
    }
    tags[slot & (tags.length - 1)] = 0;
    Object[] w = window;
    if (w != null) {
      w[slot & (w.length - 1)] = null;
    } else {
      int pageIndex = slot >>> PAGE_BITS;
      Object[] page = pages[pageIndex];
      page[slot & PAGE_MASK] = null;
      if (--pageCounts[pageIndex] == 0) {
        pages[pageIndex] = null;
        sparePage = page;
      }
    }
    if (--size == 0) {
      emptied();
    }
    return old;
  }

  /**
   * Calls {@code action} with each id and entry in increasing id order. Visits only the window or
   * the allocated pages; the action may remove the entry it is given but must not add any.
   */
  @SuppressWarnings("unchecked")
  public void forEach(BiConsumer<Integer, ? super V> action) {
    Object[] w = window;
    if (w != null) {
      // increasing slots: those past the wrap (below the window's start) first, then the rest; a
      // removal clears its entry in this array, which an emptied table keeps (no longer than 256)
      int length = w.length;
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < length; i++) {
          int slot = (base + i) & SLOT_MASK;
          if ((pass == 0) == (slot < base)) {
            Object v = w[slot & (length - 1)];
            if (v != null) {
              action.accept((slot << 1) | 1, (V) v);
            }
          }
        }
      }
      return;
    }
    for (int p = 0; p < PAGES && pages != null; p++) {
      Object[] page = pages[p];
      if (page == null) {
        continue;
      }
      for (int i = 0; i < PAGE_SIZE && pages != null && pages[p] != null; i++) {
        Object v = page[i];
        if (v != null) {
          action.accept((((p << PAGE_BITS) | i) << 1) | 1, (V) v);
        }
      }
    }
  }

  /** Removes every entry. */
  public void clear() {
    tags = NO_TAGS;
    window = NO_ENTRIES;
    pages = null;
    pageCounts = null;
    sparePage = null;
    base = 0;
    size = 0;
  }

  /** The entry in slot {@code slot}, or {@code null}. */
  private Object at(int slot) {
    Object[] w = window;
    if (w != null) {
      return inWindow(slot, w.length) ? w[slot & (w.length - 1)] : null;
    }
    Object[] page = pages[slot >>> PAGE_BITS];
    return page == null ? null : page[slot & PAGE_MASK];
  }

  private boolean inWindow(int slot, int length) {
    return ((slot - base) & SLOT_MASK) < length;
  }

  private void store(int slot, V value) {
    if (!inWindow(slot, tags.length)) {
      moveWindow(slot);
    }
    Object[] w = window;
    if (w != null) {
      w[slot & (w.length - 1)] = value;
    } else {
      putInPage(slot, value);
    }
    size++;
  }

  /** Puts {@code value} in slot {@code slot}'s page, made (or the spare taken) if there is none. */
  private void putInPage(int slot, Object value) {
    int pageIndex = slot >>> PAGE_BITS;
    Object[] page = pages[pageIndex];
    if (page == null) {
      page = sparePage != null ? sparePage : new Object[PAGE_SIZE];
      pages[pageIndex] = page;
      sparePage = null;
    }
    page[slot & PAGE_MASK] = value;
    pageCounts[pageIndex]++;
  }

  /** The last entry went: back to a window, a small one kept, a long one dropped. */
  private void emptied() {
    if (window == null || tags.length > KEPT_WINDOW) {
      tags = NO_TAGS;
      window = NO_ENTRIES;
    }
    pages = null;
    pageCounts = null;
    sparePage = null;
  }

  /**
   * Makes the window cover {@code slot} (not yet stored) as well as every slot in use. An empty
   * table starts it at {@code slot}. Otherwise it starts at the lowest slot in use, or at {@code
   * slot} when going forward from there to the highest slot in use is shorter; while that span fits
   * in half the window, only the start moves (no slot in use changes index); else the window
   * doubles to twice the span, rounded up to a power of two, and the entries move to pages if the
   * entry window would exceed {@value #MAX_ENTRY_WINDOW} slots.
   */
  private void moveWindow(int slot) {
    int length = tags.length;
    if (size == 0) {
      base = slot;
      if (length == 0) {
        tags = new byte[FIRST_WINDOW];
        window = new Object[FIRST_WINDOW];
      }
      return;
    }
    int first = 0;
    while (!inUse(base + first)) {
      first++;
    }
    int last = length - 1;
    while (!inUse(base + last)) {
      last--;
    }
    int low = (base + first) & SLOT_MASK;
    int high = (base + last) & SLOT_MASK;
    int forward = ((slot - low) & SLOT_MASK) + 1;
    int backward = ((high - slot) & SLOT_MASK) + 1;
    int start = forward <= backward ? low : slot;
    int span = Math.min(forward, backward);
    if (2 * span <= length) {
      base = start;
      return;
    }
    int grown = Math.min(ID_COUNT, Integer.highestOneBit(2 * span - 1) << 1);
    byte[] newTags = new byte[grown];
    Object[] newWindow = window != null && grown <= MAX_ENTRY_WINDOW ? new Object[grown] : null;
    if (window != null && newWindow == null) {
      pages = new Object[PAGES][];
      pageCounts = new short[PAGES];
    }
    for (int i = first; i <= last; i++) {
      int s = (base + i) & SLOT_MASK;
      newTags[s & (grown - 1)] = tags[s & (length - 1)];
      if (window != null) {
        Object v = window[s & (length - 1)];
        if (newWindow != null) {
          newWindow[s & (grown - 1)] = v;
        } else if (v != null) {
          putInPage(s, v);
        }
      }
    }
    tags = newTags;
    window = newWindow;
    base = start;
  }

  /** Whether slot {@code slot} (taken modulo 32768) holds an entry. */
  private boolean inUse(int slot) {
    return at(slot & SLOT_MASK) != null;
  }

  private static int next(int id) {
    return id == 0xFFFF ? 1 : id + 2;
  }
}
