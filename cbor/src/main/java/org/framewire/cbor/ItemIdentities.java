package org.framewire.cbor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Which data items are equal, for duplicate map keys and set items (SPEC.md §5.1, {@code CBOR-5}),
 * in time proportional to the size of the items times the logarithm of their number, whatever a
 * peer sends.
 *
 * <p>Two data items are equal when they have the same type and the same value, however they were
 * encoded: integers by value whatever the width of their head ({@code 01} and {@code 1801}); floats
 * by value whatever their precision ({@code f93c00} and {@code fb3ff0000000000000}), {@code 0.0}
 * and {@code -0.0} being different and all NaNs one value, as in {@link CborValue.FloatValue}; byte
 * and text strings by content, definite or chunked ({@code 4161} and {@code 5f4161ff}); arrays and
 * tagged items by their content in order; maps by their entries and sets by their items, in any
 * order. {@link CborValue#equals} is stricter: it keeps chunk boundaries and order.
 *
 * <p>Each item is reduced to an <em>identity</em> of at most 33 bytes that two items share when,
 * and (short of a SHA-256 collision) only when, they are equal: a marker byte, then the item's
 * <em>form</em> when that is at most 32 bytes, else the SHA-256 digest of the form. The form of a
 * scalar is its deterministic encoding (RFC 8949 §4.2.1: shortest heads, definite lengths; floats
 * always in double precision); the form of a container is its head followed by the identities of
 * its children, each preceded by its length, with map entries and set items sorted by identity.
 *
 * <p>Identities are kept in sorted sets and compared bytewise: keys whose hash codes collide, which
 * a peer can pick at will, would make a {@code HashSet} quadratic. A container's identity is
 * remembered for that object until {@link #clear()}, so an item nested in a key of a key is reduced
 * once; reduction walks nested items with an explicit stack, never recursing.
 *
 * <p>Not thread-safe.
 */
final class ItemIdentities {
  /** Forms up to this size are their own identity; longer ones are digested. */
  private static final int LARGEST_PLAIN_FORM = 32;

  private static final byte PLAIN = 0;
  private static final byte DIGEST = 1;

  /** Identities of containers reduced since the last {@link #clear()}; made at first use. */
  private IdentityHashMap<CborValue, byte[]> containers;

  private MessageDigest sha256;

  /** An empty set of identities in bytewise order. */
  static NavigableSet<byte[]> newSet() {
    return new TreeSet<>(Arrays::compareUnsigned);
  }

  /** Forgets the identities remembered for containers. */
  void clear() {
    containers = null;
  }

  /** The identity of {@code v}: equal arrays exactly when the data items are equal. */
  byte[] of(CborValue v) {
    byte[] id = known(v);
    return id != null ? id : ofContainer(v);
  }

  /** The identity of a scalar or of a container already reduced; {@code null} for another container. */
  private byte[] known(CborValue v) {
    if (v instanceof CborValue.Bytes b) {
      return ofString(CborEncoder.MAJOR_BYTES, List.of(b.value()));
    } else if (v instanceof CborValue.IndefiniteBytes ib) {
      return ofString(CborEncoder.MAJOR_BYTES, ib.chunks());
    } else if (v instanceof CborValue.Text t) {
      return ofString(CborEncoder.MAJOR_TEXT, List.of(t.value().getBytes(StandardCharsets.UTF_8)));
    } else if (isContainer(v)) {
      return containers == null ? null : containers.get(v);
    }
    // Ints, floats (always fb and the bits of the double), false, true, null, undefined.
    return identity(CborEncoder.encode(v));
  }

  private static boolean isContainer(CborValue v) {
    return v instanceof CborValue.Array
        || v instanceof CborValue.MapValue
        || v instanceof CborValue.SetValue
        || v instanceof CborValue.Tagged;
  }

  /**
   * Reduces a container and every container in it not reduced yet, children before parents, with
   * an explicit stack: however deep the nesting the limits allow, this does not recurse.
   */
  private byte[] ofContainer(CborValue root) {
    if (containers == null) {
      containers = new IdentityHashMap<>();
    }
    ArrayDeque<Pending> stack = new ArrayDeque<>();
    stack.push(new Pending(root));
    while (true) {
      Pending top = stack.peek();
      if (top.next < top.ids.length) {
        CborValue child = top.child(top.next);
        byte[] id = known(child);
        if (id == null) {
          stack.push(new Pending(child));
        } else {
          top.ids[top.next++] = id;
        }
        continue;
      }
      byte[] id = identity(top.form());
      containers.put(top.value, id);
      stack.pop();
      if (stack.isEmpty()) {
        return id;
      }
      Pending parent = stack.peek();
      parent.ids[parent.next++] = id;
    }
  }

  /** A container being reduced: the identities of its children so far. */
  private static final class Pending {
    final CborValue value;
    /** Children in order; a map's are key, value, key, value, ... */
    final byte[][] ids;
    int next;

    Pending(CborValue value) {
      this.value = value;
      int n;
      if (value instanceof CborValue.Array a) {
        n = a.items().size();
      } else if (value instanceof CborValue.MapValue m) {
        n = 2 * m.size();
      } else if (value instanceof CborValue.SetValue s) {
        n = s.items().size();
      } else {
        n = 1;
      }
      this.ids = new byte[n][];
    }

    CborValue child(int i) {
      if (value instanceof CborValue.Array a) {
        return a.items().get(i);
      } else if (value instanceof CborValue.MapValue m) {
        CborValue.Entry e = m.entries().get(i / 2);
        return i % 2 == 0 ? e.key() : e.value();
      } else if (value instanceof CborValue.SetValue s) {
        return s.items().get(i);
      }
      return ((CborValue.Tagged) value).content();
    }

    /** The container's form, from the identities of all its children. */
    byte[] form() {
      ByteArrayOutputStream form = new ByteArrayOutputStream();
      if (value instanceof CborValue.Array) {
        CborEncoder.writeHead(form, CborEncoder.MAJOR_ARRAY, ids.length);
        for (byte[] id : ids) {
          writeIdentity(form, id);
        }
      } else if (value instanceof CborValue.MapValue) {
        CborEncoder.writeHead(form, CborEncoder.MAJOR_MAP, ids.length / 2);
        Integer[] order = new Integer[ids.length / 2];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
          int byKey = Arrays.compareUnsigned(ids[2 * x], ids[2 * y]);
          return byKey != 0 ? byKey : Arrays.compareUnsigned(ids[2 * x + 1], ids[2 * y + 1]);
        });
        for (int entry : order) {
          writeIdentity(form, ids[2 * entry]);
          writeIdentity(form, ids[2 * entry + 1]);
        }
      } else if (value instanceof CborValue.SetValue) {
        CborEncoder.writeHead(form, CborEncoder.MAJOR_TAG, CborEncoder.TAG_SET);
        CborEncoder.writeHead(form, CborEncoder.MAJOR_ARRAY, ids.length);
        byte[][] sorted = ids.clone();
        Arrays.sort(sorted, Arrays::compareUnsigned);
        for (byte[] id : sorted) {
          writeIdentity(form, id);
        }
      } else {
        CborEncoder.writeHead(form, CborEncoder.MAJOR_TAG, ((CborValue.Tagged) value).tag());
        writeIdentity(form, ids[0]);
      }
      return form.toByteArray();
    }
  }

  private static void writeIdentity(ByteArrayOutputStream form, byte[] id) {
    form.write(id.length);
    form.writeBytes(id);
  }

  /** A string's identity: its definite-length encoding, digested without copying when long. */
  private byte[] ofString(int major, List<byte[]> chunks) {
    long length = 0;
    for (byte[] c : chunks) {
      length += c.length;
    }
    ByteArrayOutputStream head = new ByteArrayOutputStream(9);
    CborEncoder.writeHead(head, major, length);
    if (head.size() + length <= LARGEST_PLAIN_FORM) {
      byte[] id = new byte[1 + head.size() + (int) length];
      id[0] = PLAIN;
      int at = 1 + head.size();
      System.arraycopy(head.toByteArray(), 0, id, 1, head.size());
      for (byte[] c : chunks) {
        System.arraycopy(c, 0, id, at, c.length);
        at += c.length;
      }
      return id;
    }
    MessageDigest d = sha256();
    d.update(head.toByteArray());
    chunks.forEach(d::update);
    return digestIdentity(d.digest());
  }

  private byte[] identity(byte[] form) {
    if (form.length <= LARGEST_PLAIN_FORM) {
      byte[] id = new byte[1 + form.length];
      id[0] = PLAIN;
      System.arraycopy(form, 0, id, 1, form.length);
      return id;
    }
    return digestIdentity(sha256().digest(form));
  }

  private static byte[] digestIdentity(byte[] digest) {
    byte[] id = new byte[1 + digest.length];
    id[0] = DIGEST;
    System.arraycopy(digest, 0, id, 1, digest.length);
    return id;
  }

  private MessageDigest sha256() {
    if (sha256 == null) {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform provides SHA-256", e);
      }
    }
    return sha256;
  }
}
