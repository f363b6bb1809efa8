package org.framewire.benchmarks;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.framewire.netty.NettyTcpServer;
import org.framewire.transport.TcpServer;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.framewire.session.commands.CommandRegistry;

/**
 * Heap and direct memory a server holds per idle connection: the server runs in this JVM, {@value
 * #CONNECTIONS} idle connections ({@link IdleClients}, in a child JVM, each having sent its
 * settings and one request) are opened to it, and the memory in use after a full collection is
 * compared with what it was before they connected. Heap: {@code MemoryMXBean} heap in use after
 * {@code System.gc()} (the smallest of three readings); direct: the JDK's {@code direct} buffer
 * pool plus, for Netty, its default allocator's direct memory. For framewire's NIO host ({@link
 * TcpServer}) and the Netty host ({@link NettyTcpServer}, one event loop) side by side, each with
 * the connection cap raised to 20000. Not timed; the report's {@code idle_connection_heap_bytes}
 * is the NIO host's heap plus direct bytes per connection.
 */
public final class IdleConnectionCost {
  /** Idle connections opened to each host. */
  public static final int CONNECTIONS = 2000;

  /** Bytes per idle connection. */
  public record Cost(double heapBytes, double directBytes) {
    public double total() {
      return heapBytes + directBytes;
    }
  }

  private IdleConnectionCost() {}

  /** Measures both hosts: {@code nio} and {@code netty}. */
  public static Map<String, Cost> measure() throws Exception {
    Map<String, Cost> out = new LinkedHashMap<>();
    out.put("nio", measure("nio"));
    out.put("netty", measure("netty"));
    return out;
  }

  /** Measures one host. */
  public static Cost measure(String host) throws Exception {
    ExecutorService handlers = HandlerPool.start();
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    TransportConfig config = TransportConfig.DEFAULTS.withConnectionLimits(20_000, 64);
    AutoCloseable server;
    InetSocketAddress address;
    IntSupplier open;
    if (host.equals("nio")) {
      TcpServer s = TcpServer.start(any, config, CommandRegistry.conformance(), handlers, TransportListener.NONE);
      server = s;
      address = s.localAddress();
      open = () -> s.connections().size();
    } else if (host.equals("netty")) {
      NettyTcpServer s = NettyTcpServer.start(any, 1, config, CommandRegistry.conformance(), handlers,
          TransportListener.NONE);
      server = s;
      address = s.localAddress();
      open = null;
    } else {
      throw new IllegalArgumentException("host " + host);
    }
    try {
      // one connection first, so that what every server allocates once (buffers, pools) is not counted
      try (AutoCloseable first = IdleClients.start(address, 1)) {
        Thread.sleep(500);
        long heapBefore = heapAfterGc();
        long directBefore = direct();
        try (AutoCloseable idle = IdleClients.start(address, CONNECTIONS)) {
          if (open != null) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (open.getAsInt() < CONNECTIONS + 1 && System.nanoTime() - deadline < 0) {
              Thread.sleep(50);
            }
          }
          Thread.sleep(open == null ? 3000 : 1000); // every request answered (Netty: no count to wait on), idle
          long heapAfter = heapAfterGc();
          long directAfter = direct();
          return new Cost((double) (heapAfter - heapBefore) / CONNECTIONS,
              (double) (directAfter - directBefore) / CONNECTIONS);
        }
      }
    } finally {
      server.close();
      handlers.shutdownNow();
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  private static long direct() {
    long n = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        n += pool.getMemoryUsed();
      }
    }
    if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p) {
      n += p.metric().usedDirectMemory();
    }
    return n;
  }

  /** Prints both hosts' costs: {@code java -cp benchmarks.jar org.framewire.benchmarks.IdleConnectionCost}. */
  public static void main(String[] args) throws Exception {
    measure().forEach((host, c) -> System.out.printf("%s: %.0f heap bytes, %.0f direct bytes per idle connection%n",
        host, c.heapBytes(), c.directBytes()));
  }
}
