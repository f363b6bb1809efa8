package org.framewire.transport;

import static org.framewire.transport.Fixture.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.session.ClientConfig;
import org.framewire.session.Response;
import org.framewire.spec.Requirement;

/**
 * Test helper for the DoS catalogue: measures what the server's selector thread allocates while an
 * attack runs ({@code com.sun.management.ThreadMXBean}), proves a second connection is served, and
 * reads the attacker's error-response.
 */
final class Attack {
  private Attack() {}

  /** Bytes allocated so far by the selector thread of {@code server}. */
  static long selectorAllocated(TcpServer server) {
    String name = "framewire-tcp-" + server.localAddress().getPort();
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name)) {
        return mx.getThreadAllocatedBytes(t.getId());
      }
    }
    throw new AssertionError("no selector thread " + name);
  }

  /** An echo round trip on a fresh connection: the server still serves others. */
  static void secondConnectionServed(TcpServer server) throws Throwable {
    secondConnectionServed(server, null);
  }

  /** As {@link #secondConnectionServed(TcpServer)}, over TLS with {@code tls} unless it is null. */
  static void secondConnectionServed(TcpServer server, org.framewire.transport.tls.ClientTls tls) throws Throwable {
    try (RawClient c = RawClient.connect(server.localAddress(), ClientConfig.DEFAULTS, tls, e -> { })) {
      Response r = Fixture.await(c.call("echo", args("probe", "still-served")));
      assertEquals(List.of(args("probe", "still-served")), r.objects());
    }
  }

  /** The requirement cited by the one error-response among {@code frames}. */
  static Requirement cited(List<Frame> frames) throws Exception {
    for (Frame f : frames) {
      if (f.type() == org.framewire.frames.FrameType.ERROR_RESPONSE) {
        CborValue.MapValue map = RawPeer.errorMap(f);
        assertEquals(CborValue.Bytes.of("protocol"), map.get("type"), map.toString());
        String id = new String(((CborValue.Bytes) map.get("requirement")).value(), java.nio.charset.StandardCharsets.UTF_8);
        for (Requirement r : Requirement.values()) {
          if (r.id().equals(id)) {
            return r;
          }
        }
        throw new AssertionError("unknown requirement " + id);
      }
    }
    throw new AssertionError("no error-response among " + frames);
  }

  /** Prints one line the reliability document quotes, and checks the allocation bound. */
  static void report(String test, String outcome, long allocated, long bound) {
    System.out.printf("[catalogue] %s: %s; selector thread allocated %,d bytes (bound %,d)%n", test, outcome,
        allocated, bound);
    assertTrue(allocated < bound, test + ": selector thread allocated " + allocated + " bytes, bound " + bound);
  }

  /** Writes {@code frames} from a background thread until the server closes; returns bytes written. */
  static Thread flood(RawPeer peer, FrameSource frames, AtomicLong written) {
    Thread t = new Thread(() -> {
      try {
        for (long i = 0; ; i++) {
          byte[] b = frames.frame(i);
          if (b == null) {
            return;
          }
          peer.send(b);
          written.addAndGet(b.length);
        }
      } catch (IOException closedByServer) {
        // the server closed the connection: the flood is over
      }
    }, "attacker");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** The i-th frame of a flood, or {@code null} when it ends. */
  interface FrameSource {
    byte[] frame(long i) throws IOException;
  }

  /**
   * How to make a flood's frames: each {@link #start()} is a fresh {@link FrameSource} with state of
   * its own (a compression context, a position), so the same attack can be played again, e.g. over
   * plain TCP and then over TLS, with the same bytes.
   */
  interface Recipe {
    FrameSource start();

    /** A recipe for a source that is a pure function of the frame index. */
    static Recipe of(FrameSource stateless) {
      return () -> stateless;
    }
  }
}
