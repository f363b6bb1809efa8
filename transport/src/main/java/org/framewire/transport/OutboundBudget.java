package org.framewire.transport;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes one connection owes its peer and has not written yet — frames queued for the socket plus
 * response data handlers have handed over but the session has not framed yet — against the outbound
 * queue limit of SPEC.md §10 (LIMIT-3). Over the limit, the connection stops reading input and
 * handlers' data writes wait; both resume once writes have brought it back to the limit.
 *
 * <p>Thread-safe: handlers add from their threads, the I/O side releases from its own.
 */
final class OutboundBudget {
  private final long limit;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();
  private final AtomicInteger waiters = new AtomicInteger();
  private final Object monitor = new Object();
  private volatile boolean closed;

  OutboundBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("outbound limit " + limit + " is not positive");
    }
    this.limit = limit;
  }

  long limit() {
    return limit;
  }

  /** Bytes owed now. */
  long bytes() {
    return bytes.get();
  }

  /** The most bytes ever owed at once. */
  long peak() {
    return peak.get();
  }

  /** Producers waiting now. */
  int waiters() {
    return waiters.get();
  }

  /** Whether more than the limit is owed: stop reading and producing (LIMIT-3). */
  boolean overLimit() {
    return bytes.get() > limit;
  }

  /** {@code n} more bytes are owed. */
  void add(long n) {
    long now = bytes.addAndGet(n);
    for (long p = peak.get(); now > p && !peak.compareAndSet(p, now); p = peak.get()) {
      // retry until the peak is at least now
    }
  }

  /** {@code n} owed bytes were written or handed on; wakes waiting producers once at the limit. */
  void release(long n) {
    long now = bytes.addAndGet(-n);
    // Read waiters after the decrement: a producer increments waiters before it re-reads bytes,
    // so either it sees the decrement or this sees it waiting.
    if (now <= limit && waiters.get() > 0) {
      synchronized (monitor) {
        monitor.notifyAll();
      }
    }
  }

  /**
   * Waits while more than the limit is owed. Returns at once when the budget is closed: a closed
   * connection drops writes, so there is nothing to wait for.
   */
  void awaitBelowLimit() throws InterruptedException {
    if (bytes.get() <= limit || closed) {
      return;
    }
    synchronized (monitor) {
      waiters.incrementAndGet();
      try {
        while (bytes.get() > limit && !closed) {
          monitor.wait();
        }
      } finally {
        waiters.decrementAndGet();
      }
    }
  }

  /** The connection closed: wakes every waiting producer for good. */
  void close() {
    closed = true;
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  boolean isClosed() {
    return closed;
  }
}
