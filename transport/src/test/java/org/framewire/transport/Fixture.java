package org.framewire.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.framewire.cbor.CborValue;
import org.framewire.session.CloseReason;
import org.framewire.spec.Requirement;
import org.framewire.session.commands.CommandRegistry;

/**
 * Test fixture: a handler pool, servers on loopback ephemeral ports, and a listener recording what
 * the transports report. Closing it closes every server it started and the pool.
 */
final class Fixture implements AutoCloseable {
  static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  final ExecutorService handlers;
  final Recorder recorder = new Recorder();
  private final List<AutoCloseable> opened = new ArrayList<>();

  Fixture() {
    AtomicInteger n = new AtomicInteger();
    handlers = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "test-handler-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  TcpServer tcp() throws IOException {
    return tcp(TransportConfig.DEFAULTS, CommandRegistry.conformance());
  }

  TcpServer tcp(TransportConfig config, CommandRegistry commands) throws IOException {
    return track(TcpServer.start(LOOPBACK, config, commands, handlers, recorder));
  }

  TcpServer tls(org.framewire.transport.tls.ServerTls tls, TransportConfig config, CommandRegistry commands)
      throws IOException {
    return track(TcpServer.start(LOOPBACK, config, tls, commands, handlers, recorder));
  }

  HttpApiServer http() throws IOException {
    return http(TransportConfig.DEFAULTS, CommandRegistry.conformance());
  }

  HttpApiServer http(TransportConfig config, CommandRegistry commands) throws IOException {
    return track(HttpApiServer.start(LOOPBACK, HttpApi.DEFAULT_PREFIX, config, commands, handlers, recorder));
  }

  <T extends AutoCloseable> T track(T resource) {
    opened.add(resource);
    return resource;
  }

  @Override
  public void close() {
    try {
      for (int i = opened.size() - 1; i >= 0; i--) {
        opened.get(i).close();
      }
    } catch (Exception e) {
      throw new AssertionError("closing a server failed", e);
    } finally {
      handlers.shutdownNow();
    }
  }

  /** Waits for a future with a bound; the failure's cause is rethrown as is. */
  static <T> T await(CompletableFuture<T> f) throws Throwable {
    try {
      return f.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 20 s", e);
    }
  }

  /** A map with byte-string keys; values: String → byte string, Number → integer, CborValue as is. */
  static CborValue.MapValue args(Object... keysAndValues) {
    List<CborValue.Entry> entries = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      entries.add(new CborValue.Entry(CborValue.Bytes.of((String) keysAndValues[i]), value(keysAndValues[i + 1])));
    }
    return new CborValue.MapValue(entries);
  }

  static CborValue value(Object v) {
    if (v instanceof CborValue c) {
      return c;
    }
    if (v instanceof Number n) {
      return new CborValue.Int(n.longValue());
    }
    return new CborValue.Bytes(((String) v).getBytes(StandardCharsets.UTF_8));
  }

  /** The bytes of a response value that is a byte string, definite or indefinite. */
  static byte[] bytesOf(CborValue v) {
    if (v instanceof CborValue.Bytes b) {
      return b.value();
    }
    if (v instanceof CborValue.IndefiniteBytes ib) {
      return ib.joined();
    }
    throw new AssertionError("not a byte string: " + v);
  }

  /** What {@code stream} sends as string k of {@code size} bytes. */
  static byte[] pattern(long k, int size) {
    byte[] b = new byte[size];
    for (int j = 0; j < size; j++) {
      b[j] = (byte) (k + j);
    }
    return b;
  }

  static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }

  /** Records what a transport reports. */
  static final class Recorder implements TransportListener {
    final List<String> opened = new CopyOnWriteArrayList<>();
    final List<CloseReason> closed = new CopyOnWriteArrayList<>();
    final List<Requirement> violations = new CopyOnWriteArrayList<>();
    final List<Throwable> internalErrors = new CopyOnWriteArrayList<>();

    @Override
    public void connectionOpened(String connection) {
      opened.add(connection);
    }

    @Override
    public void connectionClosed(String connection, CloseReason reason) {
      closed.add(reason);
    }

    @Override
    public void protocolViolation(String connection, Requirement requirement, String message) {
      violations.add(requirement);
    }

    @Override
    public void internalError(String connection, Throwable error) {
      internalErrors.add(error);
    }
  }
}
