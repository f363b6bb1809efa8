package org.framewire.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.session.CallException;
import org.framewire.session.ClientCalls;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientSession;
import org.framewire.session.Response;

/**
 * The blocking convenience on top of {@link ClientCalls}: {@link #call} sends a command and waits
 * for its response, driving the session itself over two blocking channels the caller supplies
 * (a socket's, a process's pipes, ...). It does its I/O on the calling thread only; it starts no
 * thread.
 *
 * <p>While one call waits, the responses of other calls sent through {@link #calls()} arrive too
 * and complete their futures. Timers run after each read, so a request timeout fires no later than
 * the next read returns: give the channel a read timeout (a socket's {@code SO_TIMEOUT}) to bound
 * the wait.
 *
 * <p>It reads only after it has written everything queued: a write that blocks holds the one
 * thread, which cannot read meanwhile, and a server that stopped reading because its answers are
 * not taken (SPEC.md §10, LIMIT-3) then waits for this client while it waits for the server. So
 * keep what is sent ahead of the reads (the calls of {@link #calls()} with their command data)
 * within the connection's buffers, as LIMIT-8 asks of a client with one blocking thread; {@link
 * RawClient} reads while it writes, for deeper pipelines.
 *
 * <p><b>Not thread-safe:</b> one thread at a time.
 */
public final class BlockingClient implements AutoCloseable {
  private static final int READ_BUFFER = 64 * 1024;

  private final ClientCalls calls;
  private final ReadableByteChannel in;
  private final WritableByteChannel out;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
  private boolean inputEnded;

  /** A client over a new session with {@code config}, reading from {@code in}, writing to {@code out}. */
  public BlockingClient(ClientConfig config, ReadableByteChannel in, WritableByteChannel out) {
    this(new ClientCalls(new ClientSession(config)), in, out);
  }

  /** A client driving {@code calls}' session over {@code in} and {@code out}. */
  public BlockingClient(ClientCalls calls, ReadableByteChannel in, WritableByteChannel out) {
    this.calls = Objects.requireNonNull(calls, "calls");
    this.in = Objects.requireNonNull(in, "in");
    this.out = Objects.requireNonNull(out, "out");
  }

  /** The futures layer underneath, to send calls without waiting for each. */
  public ClientCalls calls() {
    return calls;
  }

  /** Sends {@code command} with {@code args} and waits for the response. */
  public Response call(String command, CborValue.MapValue args) throws IOException, CallException {
    return await(calls.call(command, args));
  }

  /** Sends a command request and waits for the response. */
  public Response call(CommandRequest request) throws IOException, CallException {
    return await(calls.call(request));
  }

  /** Sends a command request with command data and waits for the response. */
  public Response call(CommandRequest request, ByteBuffer data) throws IOException, CallException {
    return await(calls.call(request, data));
  }

  /**
   * Writes what the session has queued, then reads and feeds the server's bytes until {@code
   * future} is done, and returns its result.
   *
   * @throws CallException the call's failure
   * @throws IOException a read or write failed; the session is left as it was
   * @throws java.util.concurrent.CancellationException the future was cancelled
   */
  public <T> T await(CompletableFuture<T> future) throws IOException, CallException {
    while (!future.isDone()) {
      flush();
      if (future.isDone()) {
        break;
      }
      if (inputEnded) {
        throw new IllegalStateException("input ended, yet the call is still open");
      }
      readOnce();
    }
    return CallResults.get(future);
  }

  /** Writes every queued outbound frame. */
  public void flush() throws IOException {
    ByteBuffer[] buffers = calls.session().pollOutbound();
    if (out instanceof GatheringByteChannel g) {
      long left = 0;
      for (ByteBuffer b : buffers) {
        left += b.remaining();
      }
      while (left > 0) {
        left -= g.write(buffers);
      }
    } else {
      for (ByteBuffer b : buffers) {
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
    }
  }

  private void readOnce() throws IOException {
    readBuffer.clear();
    int n = in.read(readBuffer);
    if (n < 0) {
      inputEnded = true;
      calls.receiveEnd();
    } else {
      readBuffer.flip();
      calls.receive(readBuffer);
    }
    ClientSession s = calls.session();
    long now = s.now();
    if (s.nextDeadline() != Long.MAX_VALUE && s.nextDeadline() - now <= 0) {
      calls.onTimeout(now);
    }
  }

  /** Closes the session (open calls fail) and writes what it queued; the channels stay open. */
  @Override
  public void close() throws IOException {
    calls.close();
    flush();
  }
}
