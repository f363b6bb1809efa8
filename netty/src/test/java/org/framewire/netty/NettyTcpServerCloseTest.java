package org.framewire.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.session.CallException;
import org.framewire.session.ClientConfig;
import org.framewire.session.commands.CommandRegistry;
import org.framewire.transport.RawClient;
import org.framewire.transport.TransportConfig;
import org.framewire.transport.TransportListener;
import org.junit.jupiter.api.Test;

/**
 * {@link NettyTcpServer#close()} with a command still waiting for its handler: the connection is
 * closed, so the client's call fails at once instead of waiting for an answer that never comes
 * (the 30 s stall of {@code TransportStreamsBenchmark}'s teardown, issue 20). Before the server
 * closed its connections itself, stopping the event loops left about one connection in six open.
 */
class NettyTcpServerCloseTest {
  private static final CommandRegistry ANSWER = CommandRegistry.builder()
      .add("answer", (call, out) -> out.writeEncoded(ByteBuffer.wrap(CborEncoder.encode(new CborValue.Int(1)))))
      .build();

  @Test
  void closeEndsConnectionsWhoseCommandsWait() throws Exception {
    for (int round = 0; round < 20; round++) {
      ExecutorService handlers = Executors.newSingleThreadExecutor();
      CountDownLatch never = new CountDownLatch(1);
      NettyTcpServer server = NettyTcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1,
          TransportConfig.DEFAULTS, ANSWER, handlers, TransportListener.NONE);
      try (RawClient client = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS)) {
        client.call("answer", CborValue.MapValue.of()).get(10, TimeUnit.SECONDS);
        handlers.execute(() -> {
          try {
            never.await(); // the handler thread is busy: the next command waits in the queue
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        CompletableFuture<?> waiting = client.call("answer", CborValue.MapValue.of());
        awaitOpenConnections(server, 1);
        Thread.sleep(20); // the request reaches the server and is dispatched to the queue
        server.close();
        handlers.shutdownNow();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> waiting.get(5, TimeUnit.SECONDS), "round " + round + ": the call outlived the server");
        assertTrue(e.getCause() instanceof CallException, "round " + round + ": " + e.getCause());
        assertFalse(client.isOpen());
        assertEquals(0, server.openConnections());
      } finally {
        server.close();
        handlers.shutdownNow();
      }
    }
  }

  private static void awaitOpenConnections(NettyTcpServer server, int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (server.openConnections() != n && System.nanoTime() < end) {
      Thread.sleep(1);
    }
    assertEquals(n, server.openConnections());
  }
}
