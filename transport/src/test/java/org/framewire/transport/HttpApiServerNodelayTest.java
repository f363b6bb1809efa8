package org.framewire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpApiServer} turns on TCP_NODELAY for the JDK server unless the application chose
 * otherwise (the JDK's default, Nagle on, costs a delayed ACK per exchange; see the class Javadoc).
 */
class HttpApiServerNodelayTest {

  @Test
  void startingAServerTurnsNodelayOnUnlessTheApplicationSetIt() throws Exception {
    String before = System.getProperty(HttpApiServer.NODELAY);
    ExecutorService handlers = Executors.newCachedThreadPool();
    try (HttpApiServer server = HttpApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        HttpApi.DEFAULT_PREFIX, TransportConfig.DEFAULTS, CommandRegistry.conformance(), handlers, TransportListener.NONE)) {
      assertEquals(before == null ? "true" : before, System.getProperty(HttpApiServer.NODELAY),
          "set when unset, an application's own value kept");
    } finally {
      handlers.shutdownNow();
    }
  }
}
