package org.framewire.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The command handlers' threads of a server a benchmark runs in process: a cached pool of daemon
 * threads named {@code handler}, so that a trial that fails before its tear-down never keeps the
 * forked JVM alive. Shut it down with the server ({@link ExecutorService#shutdownNow()}).
 */
final class HandlerPool {
  private HandlerPool() {}

  /** A new pool. */
  static ExecutorService start() {
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "handler");
      t.setDaemon(true);
      return t;
    });
  }
}
