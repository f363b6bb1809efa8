package org.framewire.session;

import java.util.function.LongSupplier;

/** A nanosecond clock tests move by hand; it starts near the end of the long range on purpose. */
final class FakeClock implements LongSupplier {
  private long now = Long.MAX_VALUE - 1_000_000_000_000L;

  @Override
  public long getAsLong() {
    return now;
  }

  long advanceMillis(long millis) {
    now += millis * 1_000_000L;
    return now;
  }
}
