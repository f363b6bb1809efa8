package org.framewire.conformance.fuzz;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.framewire.fuzz.ServerAdapter;

/**
 * How {@code framewire fuzz} plays one input on the target: a fresh session, the input, the {@link
 * Probe}, the half-close once the probe is answered (or an error frame came), then everything the
 * server sends until it closes, all within the watchdog; the {@link Reaction} says what happened.
 * Synchronising on the probe's answer instead of on a quiet period makes a sequence cost a round
 * trip, not a timeout.
 */
public interface TargetRunner {

  /** A short name for reports. */
  String name();

  /**
   * Plays {@code input} then {@code probe} (none when null) on a fresh session.
   *
   * @throws IOException only for a failure of the tool itself, never for one of the target
   */
  Reaction run(byte[] input, Probe probe, Duration watchdog) throws IOException;

  /** The raw transport over TCP (SPEC.md §9.1), one connection per session. */
  static TargetRunner tcp(String host, int port) {
    return new StreamRunner.Tcp(host, port);
  }

  /**
   * The raw transport over a child's stdin and stdout (SPEC.md §9.1): {@code sh -c CMD} started for
   * every session; closing its stdin is the half-close. Its exit status and the last lines of its
   * stderr are read: a child that exits with a failure status or dies of a signal has crashed.
   */
  static TargetRunner exec(String command) {
    return new StreamRunner.Exec(command);
  }

  /**
   * Any {@link ServerAdapter} (in process, HTTP): the input and the probe in one send, then the
   * end of input, under the watchdog; a throwing adapter has crashed.
   */
  static TargetRunner adapter(ServerAdapter adapter) {
    return new AdapterRunner(adapter);
  }

  /** Threads that write inputs while the caller reads, and run adapters under a watchdog. */
  ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "framewire-fuzz-io");
    t.setDaemon(true);
    return t;
  });
}
