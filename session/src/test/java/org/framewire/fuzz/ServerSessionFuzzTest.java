package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.framewire.session.ServerConfig;
import org.framewire.session.ServerEvent;
import org.framewire.session.ServerSession;

/**
 * Jazzer target for {@link ServerSession} (SPEC §4, §5): arbitrary client bytes in arbitrary
 * chunks, on a fake clock that advances between chunks so timers fire too. A peer can only make
 * the session emit events (a {@code ProtocolFailure} at worst); any exception escaping {@code
 * receive}, {@code onTimeout} or {@code receiveEnd} is a finding. Outbound bytes are drained after
 * each chunk, and each frame written respects the server's frame-size limit (FRAME-8).
 */
class ServerSessionFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void receive(FuzzedDataProvider data) {
    long seed = data.consumeLong();
    byte[] input = data.consumeRemainingAsBytes();
    long[] now = {0};
    ServerSession session = new ServerSession(ServerConfig.DEFAULTS, () -> now[0]);
    Random chunks = new Random(seed);
    int off = 0;
    while (off < input.length && !session.isClosed()) {
      int n = 1 + chunks.nextInt(Math.min(input.length - off, 64));
      for (ServerEvent e : session.receive(ByteBuffer.wrap(Arrays.copyOfRange(input, off, off + n)))) {
        assertTrue(e != null);
      }
      off += n;
      now[0] += chunks.nextInt(1_000_000_000);
      if (session.nextDeadline() <= now[0]) {
        session.onTimeout(now[0]);
      }
      drain(session);
    }
    if (!session.isClosed()) {
      session.receiveEnd();
    }
    drain(session);
  }

  private static void drain(ServerSession session) {
    session.pollFrames()
        .forEach(f -> assertTrue(
            f.header().payloadLength() <= ServerConfig.DEFAULTS.maxFrameSize(), "FRAME-8"));
  }
}
