package org.framewire.benchmarks;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientSession;
import org.framewire.session.ServerConfig;
import org.framewire.session.ServerSession;
import org.framewire.session.SessionMulti;
import org.framewire.session.commands.CommandRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Nanoseconds per event handled by a {@link SessionMulti} holding 1 and 10 000 server sessions:
 * one readable event carrying one small request ({@code echo} of a one-entry map, 36 bytes), the
 * command run, its response taken ({@link SessionMulti#outbound}) and reported written, the
 * connection's timer moved ({@link SessionMulti#timer}: an application idle deadline, so every
 * event re-sifts one heap entry) and the interest changes drained. The events visit the sessions
 * round-robin, so with 10 000 the session, its handle and its heap entry are cold each time. Ratio
 * {@code multi_event_10k_vs_1} = ns at 10000 / ns at 1 (issue 16: flat, within 1.5).
 *
 * <p>Same setup in every fork, as {@link ReactorBenchmark} (issue 20): each fork starts on a fresh
 * heap, builds the 10 000-session multi and runs {@value #HISTORY_EVENTS} events through it; a fork
 * measuring one session then builds its own beside it. The forks run with {@code -Xbatch}, and setup
 * ends once the JIT compilers are quiet ({@link JitQuiet}). The sessions' own timers are off (their
 * deadlines would not move per event); the clock is the benchmark's counter, one for every session
 * as a loop's {@code System::nanoTime} is.
 *
 * <p>The heap is fixed and touched before the fork starts ({@code -Xms2g -Xmx2g
 * -XX:+AlwaysPreTouch}): without it, eden pages are first touched while measuring, each a page
 * fault, and a fork ran at 5 000 to 11 000 ns per event for one to three seconds until the first
 * young collection after setup (or after G1 grew the heap), at either size, in some forks and not
 * others. That is the JVM's warm-up, not the multi handle's cost; a server with thousands of
 * connections would be started the same way (docs/embedding.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xbatch", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class SessionMultiBenchmark extends SuiteBenchmark {

  /** Sessions in the multi every fork builds first. */
  static final int HISTORY_SESSIONS = 10_000;

  /** Events run through it in every fork. */
  static final int HISTORY_EVENTS = 200_000;

  /** How far ahead each event moves its connection's timer. */
  static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** Sessions under the multi handle. */
  @Param({"1", "10000"})
  public int sessions;

  private Loop loop;

  @Setup(Level.Trial)
  public void setUp() {
    Loop history = new Loop(HISTORY_SESSIONS);
    for (int i = 0; i < HISTORY_EVENTS; i++) {
      history.event();
    }
    loop = sessions == HISTORY_SESSIONS ? history : new Loop(sessions);
    JitQuiet.settle(() -> {
      for (int i = 0; i < 1024; i++) {
        loop.event();
      }
    });
  }

  /** One event: a request read, its answer written, the timer moved. Returns the bytes written. */
  @Benchmark
  public long event() {
    return loop.event();
  }

  /** A multi handle over {@code n} server sessions and the bytes of one steady request. */
  static final class Loop {
    private final SessionMulti multi = new SessionMulti();
    private final SessionMulti.Handle[] handles;
    private final ByteBuffer request;
    private long now = 1;
    private int next;

    Loop(int n) {
      ServerConfig config = ServerConfig.DEFAULTS.withTimeouts(Duration.ZERO, Duration.ZERO, Duration.ZERO);
      CommandRegistry commands = CommandRegistry.conformance();
      // The first request opens the client's stream (stream-begin); every later one is like the second.
      ClientSession client = new ClientSession(ClientConfig.DEFAULTS.withContentEncodings(List.of()), () -> now);
      CommandRequest echo = CommandRequest.of("echo", CborValue.MapValue.of(CborValue.bytes("k"), CborValue.bytes("v")));
      client.sendCommand(echo);
      ByteBuffer first = copy(client.pollOutbound());
      client.sendCommand(echo);
      request = copy(client.pollOutbound());
      handles = new SessionMulti.Handle[n];
      LongSupplier clock = () -> now; // one clock for every session, as a loop's System::nanoTime
      for (int i = 0; i < n; i++) {
        handles[i] = multi.addServer(new ServerSession(config, clock), commands, i);
        multi.readable(handles[i], first.duplicate());
        take(handles[i]);
      }
      long bytes = event();
      if (bytes <= 0 || handles[0].server().isClosed() || handles[0].server().requestCount() != 0) {
        throw new IllegalStateException("an event wrote " + bytes + " bytes; session " + handles[0].server().state());
      }
    }

    long event() {
      SessionMulti.Handle h = handles[next];
      next = next + 1 == handles.length ? 0 : next + 1;
      now += 1_000;
      multi.readable(h, request.clear());
      long bytes = take(h);
      multi.timer(h, now + IDLE_NANOS);
      while (multi.nextChange() != null) {
        // a loop would set each changed key's interest here
      }
      return bytes;
    }

    /** Takes what the session owes, as a socket that takes everything would, and reports it written. */
    private long take(SessionMulti.Handle h) {
      long bytes = 0;
      for (ByteBuffer b : multi.outbound(h)) {
        bytes += b.remaining();
        b.position(b.limit());
      }
      multi.written(h, bytes);
      return bytes;
    }

    private static ByteBuffer copy(ByteBuffer[] buffers) {
      int n = 0;
      for (ByteBuffer b : buffers) {
        n += b.remaining();
      }
      ByteBuffer out = ByteBuffer.allocate(n);
      for (ByteBuffer b : buffers) {
        out.put(b);
      }
      return out.flip();
    }
  }
}
