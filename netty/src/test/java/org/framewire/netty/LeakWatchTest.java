package org.framewire.netty;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak watch itself sees a leak: the other tests' silence means something. */
class LeakWatchTest {
  static {
    LeakWatch.install();
  }

  @Test
  void aBufferDroppedUnreleasedIsReported() throws Exception {
    leak();
    try {
      for (int i = 0; i < 20 && LeakWatch.REPORTS.isEmpty(); i++) {
        System.gc();
        Thread.sleep(20);
        UnpooledByteBufAllocator.DEFAULT.buffer(8).release();
      }
      assertFalse(LeakWatch.REPORTS.isEmpty(), "the detector reported nothing for a leaked buffer");
    } finally {
      LeakWatch.REPORTS.clear();
    }
  }

  private static void leak() {
    ByteBuf b = UnpooledByteBufAllocator.DEFAULT.buffer(16);
    b.writeLong(1);
  }
}
