package org.framewire.transport;

import static org.framewire.transport.Fixture.args;
import static org.framewire.transport.Fixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.framewire.session.ClientConfig;
import org.framewire.session.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TcpTransportTest {

  @Test
  void echo() throws Throwable {
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tcp();
      try (RawClient c = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS)) {
        Response r = await(c.call("echo", args("a", "b", "n", 7)));
        assertEquals(args("a", "b", "n", 7), r.single());
        Response s = await(c.call("stream", args("count", 3, "size", 100000)));
        assertEquals(3, s.objects().size());
        for (int k = 0; k < 3; k++) {
          assertArrayEquals(Fixture.pattern(k, 100000), Fixture.bytesOf(s.objects().get(k)));
        }
      }
      assertEquals(List.of(), f.recorder.violations);
    }
  }
}
