package org.framewire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.framewire.frames.FrameNotation;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A burst of honest clients, each speaking at once (200 load connections, a balancer opening its
 * backend connections): the silent-connection cap (TransportConfig.maxSilentConnections) must not
 * evict one whose first bytes were sent but not read yet when the next connection was accepted.
 */
@Timeout(60)
class ConnectionBurstTest {

  @Test
  void speakingClientsOfABurstAreNotEvicted() throws Exception {
    byte[] echo = FrameNotation.parse("1 1 stream-begin command-request new cbor:{b'name': b'echo'}").toBytes();
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tcp(TransportConfig.DEFAULTS.withConnectionLimits(1024, 1), CommandRegistry.conformance());
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 60; i++) {
          Socket s = new Socket(server.localAddress().getAddress(), server.localAddress().getPort());
          s.getOutputStream().write(echo);
          s.setSoTimeout(20_000);
          sockets.add(s);
        }
        for (Socket s : sockets) {
          InputStream in = s.getInputStream();
          assertTrue(in.read() >= 0, "connection closed without an answer");
        }
        assertEquals(0, server.evictedConnections());
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }
    }
  }
}
