package org.framewire.streams;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The frame-size work buffers that response emitters fill, shared by every {@link OutboundStream}
 * of the process: a bounded set of {@value #SLOTS} slots. A stream borrows one for a response and
 * gives it back when the response no longer refers to it, so a stream between responses — an
 * idle connection — holds none (SPEC.md §10: what a connection holds at rest stays small), while a
 * busy stream in steady state takes the same buffer back again and allocates nothing.
 *
 * <p>Taking and giving are one compare-and-set on a slot, with no allocation and no lock; the
 * compare-and-set also hands the buffer's contents safely to whichever thread takes it next. Only
 * buffers no frame refers to may be given back (the emitter copies out partly filled ones; see
 * {@link ResponseEmitter}). When every slot is empty a borrower allocates; when every slot is full
 * a returned buffer is left to the collector, so the pool never holds more than {@value #SLOTS}
 * buffers.
 */
final class WorkBufferPool {

  /** Buffers kept at most (32 of the default 32 KiB: 1 MiB for the whole process). */
  static final int SLOTS = 32;

  private static final AtomicReferenceArray<ByteBuffer> SLOT = new AtomicReferenceArray<>(SLOTS);

  private WorkBufferPool() {}

  /** A cleared heap buffer of {@code capacity} bytes: a pooled one if there is one, else a new one. */
  static ByteBuffer take(int capacity) {
    for (int i = 0; i < SLOTS; i++) {
      ByteBuffer b = SLOT.get(i);
      if (b != null && b.capacity() == capacity && SLOT.compareAndSet(i, b, null)) {
        return b.clear();
      }
    }
    return ByteBuffer.allocate(capacity);
  }

  /** Keeps {@code b} for the next borrower if a slot is free; read-only buffers are ignored. */
  static void give(ByteBuffer b) {
    if (b.isReadOnly() || !b.hasArray()) {
      return;
    }
    for (int i = 0; i < SLOTS; i++) {
      if (SLOT.get(i) == null && SLOT.compareAndSet(i, null, b)) {
        return;
      }
    }
    // full: a buffer of another size (a peer with a smaller maximum frame size) makes room
    for (int i = 0; i < SLOTS; i++) {
      ByteBuffer old = SLOT.get(i);
      if (old != null && old.capacity() != b.capacity() && SLOT.compareAndSet(i, old, b)) {
        return;
      }
    }
  }

  /** Whether {@code b} is in the pool (for tests). */
  static boolean holds(ByteBuffer b) {
    for (int i = 0; i < SLOTS; i++) {
      if (SLOT.get(i) == b) {
        return true;
      }
    }
    return false;
  }

  /** Empties the pool (for tests that follow one buffer through it). */
  static void clear() {
    for (int i = 0; i < SLOTS; i++) {
      SLOT.set(i, null);
    }
  }
}
