package org.framewire.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, with its reports captured instead of logged so tests can assert there are
 * none. Installed before the first {@link ByteBuf} class loads (every test class calls {@link
 * #install()} from a static initializer); the level is PARANOID by the module's surefire config.
 */
final class LeakWatch {
  static final List<String> REPORTS = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
      @Override
      @SuppressWarnings("deprecation")
      public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
          long maxActive) {
        return new ResourceLeakDetector<>(resource, samplingInterval) {
          @Override
          protected boolean needReport() {
            return true;
          }

          @Override
          protected void reportTracedLeak(String resourceType, String records) {
            REPORTS.add("LEAK " + resourceType + records);
          }

          @Override
          protected void reportUntracedLeak(String resourceType) {
            REPORTS.add("LEAK " + resourceType);
          }
        };
      }
    });
  }

  private LeakWatch() {}

  static void install() {
    if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
      throw new AssertionError("tests must run with -Dio.netty.leakDetection.level=PARANOID");
    }
  }

  /**
   * Collects garbage, then allocates so the detector polls its queue of collected, unreleased
   * buffers; fails with its reports if there are any.
   */
  static void assertNoLeaks() throws InterruptedException {
    for (int round = 0; round < 3; round++) {
      System.gc();
      Thread.sleep(20);
      for (int i = 0; i < 64; i++) {
        UnpooledByteBufAllocator.DEFAULT.buffer(8).release();
        PooledByteBufAllocator.DEFAULT.buffer(8).release();
        PooledByteBufAllocator.DEFAULT.directBuffer(8).release();
      }
    }
    assertEquals(List.of(), REPORTS, "Netty's leak detector reported");
  }
}
