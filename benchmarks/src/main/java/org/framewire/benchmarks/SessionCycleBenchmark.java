package org.framewire.benchmarks;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.ClientSession;
import org.framewire.session.ServerConfig;
import org.framewire.session.ServerEvent;
import org.framewire.session.ServerSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Request+response cycles per second between a {@link ClientSession} and a {@link ServerSession}
 * in one thread, through bytes: the client's request frames are copied into a wire buffer and fed
 * to the server, which answers with one value ({@link SessionWorkload}); the response frames go
 * back the same way and the client decodes the value. No content encoding (the client advertises
 * none, as Mercurial's client does by default). {@code mercurial-baseline.py} runs the same cycle
 * with Mercurial's {@code clientreactor} and {@code serverreactor}. Ratio {@code
 * vs_mercurial_session}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class SessionCycleBenchmark extends SuiteBenchmark {

  private ClientSession client;
  private ServerSession server;
  private final ByteBuffer wire = ByteBuffer.allocate(64 * 1024);

  @Setup(Level.Trial)
  public void setUp() {
    client = new ClientSession(ClientConfig.DEFAULTS.withContentEncodings(List.of()), () -> 0L);
    server = new ServerSession(ServerConfig.DEFAULTS, () -> 0L);
    ClientEvent last = cycle();
    if (!(last instanceof ClientEvent.ResponseComplete)) {
      throw new IllegalStateException("the cycle ended with " + last);
    }
  }

  /** One request and its response; returns the client's last event, {@code ResponseComplete}. */
  @Benchmark
  public ClientEvent cycle() {
    int id = client.sendCommand(SessionWorkload.REQUEST);
    for (ServerEvent e : server.receive(transfer(client.pollOutbound()))) {
      if (e instanceof ServerEvent.RunCommand run) {
        server.response(run.requestId()).writeObject(SessionWorkload.RESPONSE).end();
      } else {
        throw new IllegalStateException("server event " + e);
      }
    }
    List<ClientEvent> events = client.receive(transfer(server.pollOutbound()));
    ClientEvent last = events.get(events.size() - 1);
    if (events.size() != 2 || last instanceof ClientEvent.ResponseComplete done && done.requestId() != id) {
      throw new IllegalStateException("client events " + events);
    }
    return last;
  }

  /** Copies gather buffers into the wire buffer, as a socket pair would, and returns it for reading. */
  private ByteBuffer transfer(ByteBuffer[] buffers) {
    wire.clear();
    for (ByteBuffer b : buffers) {
      wire.put(b);
    }
    return wire.flip();
  }
}
