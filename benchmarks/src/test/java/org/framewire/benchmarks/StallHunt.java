package org.framewire.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.framewire.netty.NettyTcpServer;
import org.framewire.transport.TcpServer;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;

/**
 * Hunts the stall of {@link TransportStreamsBenchmark} outside JMH: the same server and two
 * clients, in short bursts with stops, restarts and drains (as JMH's iterations do); fails and
 * dumps the threads when a response is outstanding for more than 5 s. A main, not a test:
 * {@code StallHunt netty|nio LOOPS SECONDS [CONNECTION_MILLIS]}.
 */
public final class StallHunt {
  private StallHunt() {}

  public static void main(String[] args) throws Exception {
    String host = args.length > 0 ? args[0] : "netty";
    int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    long seconds = args.length > 2 ? Long.parseLong(args[2]) : 60;
    long connectionMillis = args.length > 3 ? Long.parseLong(args[3]) : 20_000;
    ExecutorService handlers = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "corpus-handler");
      t.setDaemon(true);
      return t;
    });
    InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    AutoCloseable server;
    InetSocketAddress address;
    if (host.equals("nio")) {
      TcpServer s = TcpServer.start(bind, TransportConfig.DEFAULTS, RpcStacks.corpusCommands(), handlers, TransportListener.NONE);
      server = s;
      address = s.localAddress();
    } else {
      NettyTcpServer s = NettyTcpServer.start(bind, loops, TransportConfig.DEFAULTS, RpcStacks.corpusCommands(), handlers,
          TransportListener.NONE);
      server = s;
      address = s.localAddress();
    }
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicBoolean failed = new AtomicBoolean();
    AtomicLong requests = new AtomicLong();
    AtomicLong trials = new AtomicLong();
    Thread[] threads = new Thread[2];
    for (int n = 0; n < threads.length; n++) {
      int conn = n + 1;
      threads[n] = new Thread(() -> {
        try {
          while (System.nanoTime() < end && !failed.get()) {
            // One "trial": a connection, iterations of bursts with pauses between, a drain.
            try (RpcStacks.Client client = RpcStacks.framewireClient(address, true)) {
              RpcStacks.Window w = new RpcStacks.Window(client, RpcVsGrpcBenchmark.IN_FLIGHT,
                  "connection " + conn + " trial " + trials.incrementAndGet(), 5_000);
              long closeAt = System.nanoTime() + connectionMillis * 1_000_000L;
              while (System.nanoTime() < closeAt && System.nanoTime() < end && !failed.get()) {
                long stop = System.nanoTime() + ThreadLocalRandom.current().nextLong(100_000, 20_000_000);
                while (System.nanoTime() < stop) {
                  w.sendNext(RpcVsGrpcBenchmark.BATCH);
                  requests.addAndGet(RpcVsGrpcBenchmark.BATCH);
                }
                w.drain(); // a stall shows when nothing follows the last response
                Thread.sleep(ThreadLocalRandom.current().nextInt(5));
              }
              w.drain();
            }
          }
        } catch (Throwable e) {
          if (failed.compareAndSet(false, true)) {
            e.printStackTrace();
            dump();
          }
        }
      }, "hunt-" + conn);
      threads[n].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    System.out.println(host + " loops=" + loops + ": " + requests.get() + " requests, " + trials.get() + " connections, "
        + (failed.get() ? "STALLED" : "no stall"));
    server.close();
    handlers.shutdownNow();
    System.exit(failed.get() ? 1 : 0);
  }

  private static void dump() {
    try {
      Process p = new ProcessBuilder("jstack", Long.toString(ProcessHandle.current().pid())).inheritIO().start();
      p.waitFor();
    } catch (Exception e) {
      e.printStackTrace();
    }
  }
}
