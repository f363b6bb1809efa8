package org.framewire.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.framewire.frames.CommandRequest;
import org.framewire.session.ClientConfig;
import org.framewire.session.Response;
import org.framewire.session.ServerConfig;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * LIMIT-8 over loopback TCP (SPEC.md §10): {@link RawClient} pipelines {@code echodata} calls
 * whose command data is far beyond the socket buffers and both sides' outbound limits, to
 * framewire's server, whose answers are as large. The server stops reading while its answers are
 * not taken (LIMIT-3); the client reads them while its own calls are still being written, so every
 * call completes. When {@link RawClient} stopped reading while it owed more than its limit (LIMIT-3
 * as it once bound clients too), this pipeline stalled both ways until the server's send timeout
 * (LIMIT-7) failed the session and with it every call.
 */
@Timeout(60)
class RawClientReadsWhileWritingTest {
  /** 96 MiB: far beyond loopback buffers, though a server that reads fast grows its own to tens of MiB. */
  private static final int CALLS = 96;
  private static final int DATA = 1 << 20;
  /** Both sides' outbound limit, far below one call's data. */
  private static final long LIMIT = 64 << 10;

  @Test
  void aPipelineDeeperThanEveryBufferCompletesAgainstAServerThatStopsReading() throws Throwable {
    TransportConfig config = TransportConfig.DEFAULTS.withSession(
        ServerConfig.DEFAULTS.withMaxOutboundBytes(LIMIT).withSendTimeout(Duration.ofSeconds(2)));
    ClientConfig clientConfig = ClientConfig.DEFAULTS.withContentEncodings(List.of()).withMaxOutboundBytes(LIMIT);
    try (Fixture f = new Fixture()) {
      TcpServer server = f.tcp(config, CommandRegistry.conformance());
      try (RawClient c = RawClient.connect(server.localAddress(), clientConfig)) {
        Random random = new Random(8);
        List<byte[]> data = new ArrayList<>();
        List<CompletableFuture<Response>> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
          byte[] d = new byte[DATA];
          random.nextBytes(d);
          data.add(d);
          calls.add(c.call(CommandRequest.of("echodata"), ByteBuffer.wrap(d)));
        }
        for (int i = 0; i < CALLS; i++) {
          Response r = Fixture.await(calls.get(i));
          assertArrayEquals(data.get(i), Fixture.bytesOf(r.objects().get(0)), "call " + i);
        }
      }
      assertEquals(List.of(), f.recorder.violations, "no send timeout (LIMIT-7): the client read while it wrote");
    }
  }
}
