package org.framewire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.framewire.cbor.CborValue;
import org.framewire.session.CallException;
import org.framewire.session.ClientConfig;
import org.framewire.session.Response;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TcpServer#close()} while a command handler never returns (the Netty host's close left
 * such connections open: NettyTcpServerCloseTest). close() returns after its grace, closes the
 * connection, ends the calls with an error-response of type {@code server} (ERR-4), one running and
 * one still queued for the handler thread, and neither waits for nor interrupts the handler; what
 * the handler writes once it does return is dropped.
 */
@Timeout(60)
class TcpServerCloseTest {

  private static final Duration GRACE = Duration.ofMillis(300);
  private static final Duration LINGER = Duration.ofMillis(300);
  /**
   * How long close() may take here: its grace, the linger and the second it gives a closing
   * connection before closing it outright, and room for a loaded machine (load 30 on 2 cores). A
   * close() that waited for the handler would never return; close() gives up by itself at its
   * grace plus linger plus 5 s, with an IllegalStateException.
   */
  private static final long CLOSE_BOUND_SECONDS = 10;

  @Test
  void closeReturnsWhileAHandlerNeverReturns() throws Throwable {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch returned = new CountDownLatch(2);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean openAfterClose = new AtomicBoolean();
    CommandRegistry commands = CommandRegistry.builder().add("block", (call, out) -> {
      started.countDown();
      awaitDeaf(never, interrupted);
      openAfterClose.compareAndSet(false, out.isOpen());
      out.writeObject(CborValue.Bytes.of("too late")); // dropped: the response ended at close
      returned.countDown();
    }).build();
    ExecutorService handlers = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "blocked-handler");
      t.setDaemon(true);
      return t;
    });
    TransportConfig config = TransportConfig.DEFAULTS.withShutdownGrace(GRACE).withCloseLinger(LINGER);
    TcpServer server = TcpServer.start(Fixture.LOOPBACK, config, commands, handlers, TransportListener.NONE);
    try (RawClient client = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS)) {
      CompletableFuture<Response> running = client.call("block", CborValue.MapValue.of());
      assertTrue(started.await(20, TimeUnit.SECONDS), "the handler did not start");
      CompletableFuture<Response> queued = client.call("block", CborValue.MapValue.of()); // behind it
      TcpTransportTest.eventually(() -> server.connections().stream().anyMatch(s -> s.activeResponses() == 2));

      long begin = System.nanoTime();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close, r -> new Thread(r, "closer").start());
      closing.get(CLOSE_BOUND_SECONDS, TimeUnit.SECONDS); // a TimeoutException is the hang
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
      assertTrue(tookMillis >= GRACE.toMillis(), "close() took " + tookMillis + " ms, less than its grace");
      assertTrue(server.isTerminated());
      assertEquals(List.of(), server.connections());
      for (CompletableFuture<Response> call : List.of(running, queued)) {
        CallException e = assertThrows(CallException.class, () -> Fixture.await(call));
        assertEquals(CallException.Kind.ERROR_RESPONSE, e.kind(), e.getMessage());
        assertEquals("server", e.errorType());
      }
      TcpTransportTest.eventually(() -> !client.isOpen());
      assertEquals(2, returned.getCount(), "a handler returned before it was let go");
      assertFalse(interrupted.get(), "close() interrupted the handler");

      never.countDown(); // the handler returns now; the queued one runs and returns at once
      assertTrue(returned.await(20, TimeUnit.SECONDS), "the handlers did not return once let go");
      assertFalse(openAfterClose.get(), "a writer was still open after close()");
    } finally {
      never.countDown();
      handlers.shutdownNow();
      server.shutdown(Duration.ZERO); // cleanup that returns at once, so a failure above is not masked
    }
  }

  /** Waits for {@code latch} however often the thread is interrupted, noting that it was. */
  private static void awaitDeaf(CountDownLatch latch, AtomicBoolean interrupted) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
    }
  }
}
