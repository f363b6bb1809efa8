package org.framewire.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.framewire.frames.CommandRequest;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.ClientSession;

/**
 * Jazzer target for {@link ClientSession} (SPEC §6, §7): the client sends one to four requests
 * (so request ids 1, 3, 5, 7 are in flight), then reads arbitrary server bytes in arbitrary
 * chunks on a fake clock that advances between chunks so timers fire too. A server can only make
 * the client emit events (a protocol failure at worst); any exception escaping {@code receive},
 * {@code onTimeout} or {@code receiveEnd} is a finding, and so is a frame the client writes above
 * its maximum frame size (FRAME-8).
 */
class ClientSessionFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void receive(FuzzedDataProvider data) {
    long seed = data.consumeLong();
    int requests = data.consumeInt(1, 4);
    byte[] input = data.consumeRemainingAsBytes();
    long[] now = {0};
    ClientSession session = new ClientSession(ClientConfig.DEFAULTS, () -> now[0]);
    for (int i = 0; i < requests && session.canSend(); i++) {
      session.sendCommand(CommandRequest.of(i % 2 == 0 ? "echo" : "stream"));
    }
    drain(session);
    Random chunks = new Random(seed);
    int off = 0;
    while (off < input.length && !session.isClosed()) {
      int n = 1 + chunks.nextInt(Math.min(input.length - off, 64));
      for (ClientEvent e : session.receive(ByteBuffer.wrap(Arrays.copyOfRange(input, off, off + n)))) {
        assertNotNull(e);
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

  private static void drain(ClientSession session) {
    session.pollFrames()
        .forEach(f -> assertTrue(
            f.header().payloadLength() <= ClientConfig.DEFAULTS.maxFrameSize(), "FRAME-8"));
  }
}
