package org.framewire.transport;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.framewire.session.CloseReason;
import org.framewire.session.commands.CommandRegistry;

/**
 * Serves one session of the raw transport (SPEC.md §9.1, TRANS-1) over a blocking stream pair: a
 * process's stdin and stdout ({@code framewire serve --stdio}), a pair of pipes, a socket's streams.
 *
 * <p>Two daemon threads run it: {@code framewire-stream-reader} reads the input and feeds the
 * session, pausing while the outbound queue is over its limit (LIMIT-3); {@code
 * framewire-stream-writer} writes the output (a {@link java.io.FileOutputStream} through its channel,
 * with gathering writes) and drives the session's timers. Commands run on the caller's executor.
 * When the input ends between frames, the requests received are answered, then the session ends
 * (TRANS-6). Neither stream is closed: the caller owns them.
 */
public final class StreamServer {
  private final StreamConnection connection;

  private StreamServer(StreamConnection connection) {
    this.connection = connection;
  }

  /**
   * Starts serving {@code in} and {@code out} and returns at once.
   *
   * @param name how the listener names the session, e.g. {@code stdio}
   */
  public static StreamServer start(String name, InputStream in, OutputStream out, TransportConfig config,
      CommandRegistry commands, Executor executor, TransportListener listener) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    StreamConnection c = new StreamConnection(Objects.requireNonNull(name, "name"), config, commands, executor,
        listener, null);
    listener.connectionOpened(name);
    Thread reader = new Thread(() -> c.readLoop(in), "framewire-stream-reader");
    Thread writer = new Thread(() -> c.writeLoop(out), "framewire-stream-writer");
    reader.setDaemon(true);
    writer.setDaemon(true);
    writer.start();
    reader.start();
    return new StreamServer(c);
  }

  /** Serves {@code in} and {@code out} until the session ends; returns why it ended. */
  public static CloseReason serve(String name, InputStream in, OutputStream out, TransportConfig config,
      CommandRegistry commands, Executor executor, TransportListener listener) throws InterruptedException {
    return start(name, in, out, config, commands, executor, listener).awaitClose();
  }

  /** Waits until the session has ended and its last frame is written; returns why it ended. */
  public CloseReason awaitClose() throws InterruptedException {
    connection.awaitWriter(Long.MAX_VALUE);
    return connection.closeReason();
  }

  /** Waits at most {@code timeout}; true when the session ended and its output is written. */
  public boolean awaitClose(Duration timeout) throws InterruptedException {
    return connection.awaitWriter(timeout.toNanos());
  }

  /**
   * Begins a graceful shutdown: no more input; responses being produced get {@code grace} to
   * finish, then end with an error-response of type {@code server}.
   */
  public void shutdown(Duration grace) {
    connection.shutdown(grace);
  }
}
