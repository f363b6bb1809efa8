package org.framewire.transport;

import static org.framewire.transport.Fixture.args;
import static org.framewire.transport.Fixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.framewire.cbor.CborValue;
import org.framewire.session.CallException;
import org.framewire.session.ClientConfig;
import org.framewire.session.CloseReason;
import org.framewire.session.Response;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The blocking stream adapter: a server session and a client session over a pair of pipes. */
@Timeout(60)
class StreamServerTest {

  /** Two pipes, as a process's stdin and stdout would be. */
  private static final class Pipes {
    final PipedInputStream serverIn = new PipedInputStream(1 << 16);
    final PipedOutputStream clientOut;
    final PipedInputStream clientIn = new PipedInputStream(1 << 16);
    final PipedOutputStream serverOut;

    Pipes() throws IOException {
      clientOut = new PipedOutputStream(serverIn);
      serverOut = new PipedOutputStream(clientIn);
    }
  }

  private static StreamServer start(Fixture f, Pipes p, CommandRegistry commands) {
    return StreamServer.start("stdio", p.serverIn, p.serverOut, TransportConfig.DEFAULTS, commands, f.handlers, f.recorder);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zstd-8mb", "zlib", "identity", "none"})
  void everyConformanceCommand(String encoding) throws Throwable {
    try (Fixture f = new Fixture()) {
      Pipes p = new Pipes();
      StreamServer server = start(f, p, CommandRegistry.conformance());
      try (RawClient c = RawClient.over(p.clientIn, p.clientOut, TcpTransportTest.advertising(encoding))) {
        ConformanceCalls.check(c::call, c::call, false);
      }
      assertTrue(server.awaitClose(Duration.ofSeconds(10)));
    }
  }

  /** TRANS-6: the client's end of input lets the requests it sent finish, then the session ends. */
  @Test
  void endOfInputFinishesTheSession() throws Throwable {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CommandRegistry commands = CommandRegistry.builder().add("hold", (call, out) -> {
      started.countDown();
      assertTrue(release.await(20, TimeUnit.SECONDS));
      out.writeObject(CborValue.Bytes.of("done"));
    }).build();
    try (Fixture f = new Fixture()) {
      Pipes p = new Pipes();
      StreamServer server = start(f, p, commands);
      RawClient c = RawClient.over(p.clientIn, p.clientOut, ClientConfig.DEFAULTS);
      CompletableFuture<Response> held = c.call("hold", args());
      assertTrue(started.await(10, TimeUnit.SECONDS));
      p.clientOut.close();
      release.countDown();
      assertEquals(CborValue.Bytes.of("done"), await(held).single());
      assertEquals(CloseReason.FINISHED, server.awaitClose());
      c.close();
    }
  }

  @Test
  void shutdownEndsAStuckResponseAfterTheGrace() throws Throwable {
    CountDownLatch started = new CountDownLatch(1);
    CommandRegistry commands = CommandRegistry.builder().add("stuck", (call, out) -> {
      out.writeObject(CborValue.Bytes.of("started"));
      started.countDown();
      while (out.isOpen()) {
        Thread.sleep(10);
      }
    }).build();
    try (Fixture f = new Fixture()) {
      Pipes p = new Pipes();
      StreamServer server = start(f, p, commands);
      try (RawClient c = RawClient.over(p.clientIn, p.clientOut, ClientConfig.DEFAULTS)) {
        CompletableFuture<Response> stuck = c.call("stuck", args());
        assertTrue(started.await(10, TimeUnit.SECONDS));
        server.shutdown(Duration.ofMillis(100));
        CallException e = assertThrows(CallException.class, () -> await(stuck));
        assertEquals(CallException.Kind.ERROR_RESPONSE, e.kind());
        assertEquals(CloseReason.LOCAL_CLOSE, server.awaitClose());
      }
    }
  }
}
