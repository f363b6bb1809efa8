package org.framewire.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.session.commands.CommandRegistry;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionMulti}: server and client sessions under one handle, talking to each other through
 * byte buffers the test moves as a loop would; interest reported as changes only; one deadline over
 * all sessions, which {@link SessionMulti#onTimeout(long)} runs for the due handles only.
 */
class SessionMultiTest {
  private static final int RW = SessionMulti.READ | SessionMulti.WRITE;

  private final FakeClock clock = new FakeClock();
  private final SessionMulti multi = new SessionMulti();
  private final List<ClientEvent> clientEvents = new ArrayList<>();

  private ServerConfig serverConfig(long idleMillis) {
    return ServerConfig.DEFAULTS.withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(idleMillis),
        Duration.ofSeconds(30));
  }

  private SessionMulti.Handle server(long idleMillis, String name) {
    return multi.addServer(new ServerSession(serverConfig(idleMillis), clock), CommandRegistry.conformance(), name);
  }

  private SessionMulti.Handle client() {
    return multi.addClient(new ClientSession(ClientConfig.DEFAULTS, clock), (s, events) -> clientEvents.addAll(events),
        "client");
  }

  /** Everything the next changes report, in order, as "attachment=ops". */
  private List<String> changes() {
    List<String> out = new ArrayList<>();
    for (SessionMulti.Handle h; (h = multi.nextChange()) != null; ) {
      out.add(h.attachment() + "=" + (h.isDone() ? "done" : h.interest()));
    }
    return out;
  }

  /** Moves what {@code from} owes into {@code to}, as a loop would write one socket and read the other. */
  private void transfer(SessionMulti.Handle from, SessionMulti.Handle to) {
    long n = 0;
    ByteBuffer wire = ByteBuffer.allocate(1 << 20);
    for (ByteBuffer b : multi.outbound(from)) {
      n += b.remaining();
      wire.put(b);
    }
    multi.written(from, n);
    multi.readable(to, wire.flip());
  }

  @Test
  void aRequestMovesOnlyItsOwnHandlesInterest() {
    SessionMulti.Handle idle = server(60_000, "idle");
    SessionMulti.Handle s = server(60_000, "s");
    SessionMulti.Handle c = client();
    assertEquals(List.of("idle=1", "s=1", "client=1"), changes());
    assertEquals(3, multi.size());

    int id = c.client().sendCommand(CommandRequest.of("echo",
        CborValue.MapValue.of(CborValue.bytes("k"), CborValue.bytes("v"))));
    multi.update(c);
    assertEquals(List.of("client=" + RW), changes(), "the request waits to be written");

    transfer(c, s);
    assertEquals(List.of("client=1", "s=" + RW), changes(), "the client wrote all; the answer waits");
    assertNull(multi.nextChange(), "nothing changes twice");

    transfer(s, c);
    assertEquals(List.of("s=1"), changes());
    assertTrue(clientEvents.contains(new ClientEvent.ResponseComplete(id)), () -> clientEvents.toString());
    assertFalse(idle.server().isClosed(), "untouched, and never reported after its first interest");
  }

  @Test
  void oneDeadlineOverAllSessionsAndOnlyTheDueRun() {
    SessionMulti.Handle slow = server(5_000, "slow");
    SessionMulti.Handle fast = server(1_000, "fast");
    changes();
    long start = clock.getAsLong();
    assertEquals(fast.server().nextDeadline(), multi.nextDeadline());

    multi.onTimeout(clock.advanceMillis(999));
    assertFalse(fast.server().isClosed());
    assertEquals(List.of(), changes());

    multi.onTimeout(clock.advanceMillis(1));
    assertTrue(fast.server().isClosed(), "LIMIT-5: idle past its timeout");
    assertFalse(slow.server().isClosed());
    assertEquals(List.of("fast=done"), changes());
    multi.remove(fast);
    assertEquals(slow.server().nextDeadline(), multi.nextDeadline());
    assertEquals(5_000_000_000L, multi.nextDeadline() - start);
    assertEquals(1, multi.size());
  }

  @Test
  void aHostTimerFiresOnceAndIsReported() {
    SessionMulti.Handle s = server(0, "s");
    changes();
    assertEquals(Long.MAX_VALUE, multi.nextDeadline(), "no timeout configured, no timer");
    long at = clock.getAsLong() + 10;
    multi.timer(s, at);
    assertEquals(at, multi.nextDeadline());
    multi.onTimeout(at - 1);
    assertNull(multi.nextChange());
    multi.onTimeout(at);
    SessionMulti.Handle h = multi.nextChange();
    assertSame(s, h);
    assertTrue(h.takeTimerFired());
    assertFalse(h.takeTimerFired());
    assertEquals(Long.MAX_VALUE, multi.nextDeadline());
  }

  @Test
  void theHeapAlwaysYieldsTheEarliestTimer() {
    Random random = new Random(16);
    List<SessionMulti.Handle> handles = new ArrayList<>();
    long[] timers = new long[300];
    for (int i = 0; i < timers.length; i++) {
      handles.add(server(0, "h" + i));
      timers[i] = Long.MAX_VALUE;
    }
    long base = clock.getAsLong();
    for (int step = 0; step < 20_000; step++) {
      int i = random.nextInt(timers.length);
      timers[i] = random.nextInt(8) == 0 ? Long.MAX_VALUE : base + random.nextInt(1_000_000);
      multi.timer(handles.get(i), timers[i]);
      long min = Long.MAX_VALUE;
      for (long t : timers) {
        if (t != Long.MAX_VALUE && (min == Long.MAX_VALUE || t - min < 0)) {
          min = t;
        }
      }
      assertEquals(min, multi.nextDeadline(), "step " + step);
    }
    changes();
    long now = base + 500_000;
    multi.onTimeout(now);
    int fired = 0;
    for (SessionMulti.Handle h; (h = multi.nextChange()) != null; ) {
      assertTrue(h.takeTimerFired());
      int i = handles.indexOf(h);
      assertTrue(timers[i] != Long.MAX_VALUE && timers[i] - now <= 0, "fired early: " + h);
      fired++;
    }
    long due = Arrays.stream(timers).filter(t -> t != Long.MAX_VALUE && t - now <= 0).count();
    assertEquals(due, fired, "every due timer fired, and none other");
  }

  @Test
  void aTimerMovedLaterFiresAtItsNewDeadlineOnly() {
    // A deadline moved later stays keyed early in the heap until it comes first: onTimeout must
    // neither fire it at the old key nor lose it, and nextDeadline must see through the old key.
    Random random = new Random(17);
    List<SessionMulti.Handle> handles = new ArrayList<>();
    long[] timers = new long[200];
    long base = clock.getAsLong();
    for (int i = 0; i < timers.length; i++) {
      handles.add(server(0, "h" + i));
      timers[i] = base + 1 + random.nextInt(1_000);
      multi.timer(handles.get(i), timers[i]);
    }
    for (int step = 0; step < 5_000; step++) {
      int i = random.nextInt(timers.length);
      timers[i] += random.nextInt(1_000);
      multi.timer(handles.get(i), timers[i]);
    }
    changes();
    long min = Arrays.stream(timers).min().orElseThrow();
    assertEquals(min, multi.nextDeadline());
    long last = Arrays.stream(timers).max().orElseThrow();
    for (long now = base; now - last <= 997; now += 997) {
      multi.onTimeout(now);
      for (SessionMulti.Handle h; (h = multi.nextChange()) != null; ) {
        assertTrue(h.takeTimerFired());
        int i = handles.indexOf(h);
        assertTrue(timers[i] - now <= 0, "fired at its old deadline: " + h);
        timers[i] = Long.MAX_VALUE;
      }
      long at = now;
      assertTrue(Arrays.stream(timers).allMatch(t -> t == Long.MAX_VALUE || t - at > 0), "a due timer was lost");
    }
    assertEquals(Long.MAX_VALUE, multi.nextDeadline());
  }

  @Test
  void anEndedResponseIsNotKeptForALaterFlush() {
    // The multi's loop never calls flushResponses(): a session must not keep every response it
    // answered until one (a leak of one response per request for the life of a connection).
    SessionMulti.Handle s = server(60_000, "s");
    SessionMulti.Handle c = client();
    for (int i = 0; i < 50; i++) {
      c.client().sendCommand(CommandRequest.of("echo"));
      multi.update(c);
      transfer(c, s);
      transfer(s, c);
    }
    assertEquals(50, clientEvents.stream().filter(e -> e instanceof ClientEvent.ResponseComplete).count());
    assertEquals(0, s.server().responsesWrittenTo());
  }

  @Test
  void aHandleOfAnotherMultiIsRefused() {
    SessionMulti.Handle other = new SessionMulti().addServer(new ServerSession(ServerConfig.DEFAULTS, clock),
        CommandRegistry.conformance(), "other");
    assertThrows(IllegalArgumentException.class, () -> multi.update(other));
  }

  @Test
  void theEndOfInputAnswersThenIsDone() {
    SessionMulti.Handle s = server(60_000, "s");
    SessionMulti.Handle c = client();
    c.client().sendCommand(CommandRequest.of("echo"));
    multi.update(c);
    transfer(c, s);
    multi.readEnd(s);
    changes();
    transfer(s, c);
    assertEquals(List.of("s=done"), changes(), "TRANS-6: answered, then closed once written");
  }

  /** A member as a host's connection would be: its own interest and deadline, timeouts counted. */
  private static final class FakeMember implements SessionMulti.Member {
    int interest = SessionMulti.READ;
    long deadline = Long.MAX_VALUE;
    boolean done;
    final List<Long> timeouts = new ArrayList<>();

    @Override
    public int interest() {
      return interest;
    }

    @Override
    public long nextDeadline() {
      return deadline;
    }

    @Override
    public void onTimeout(long now) {
      timeouts.add(now);
      deadline = Long.MAX_VALUE;
    }

    @Override
    public boolean isDone() {
      return done;
    }
  }

  @Test
  void aMemberIsTimedAndReportedBesideTheSessions() {
    FakeMember a = new FakeMember();
    FakeMember b = new FakeMember();
    SessionMulti.Handle ha = multi.addMember(a, "a");
    SessionMulti.Handle hb = multi.addMember(b, "b");
    SessionMulti.Handle s = server(5_000, "s");
    assertEquals(List.of("a=1", "b=1", "s=1"), changes());
    assertSame(a, ha.member());

    long now = clock.getAsLong();
    a.deadline = now + 100;
    b.deadline = now + 50;
    multi.update(ha);
    assertEquals(now + 100, multi.nextDeadline(), "read only at update");
    multi.update(hb);
    assertEquals(now + 50, multi.nextDeadline());

    b.interest = SessionMulti.READ | SessionMulti.WRITE;
    multi.update(hb);
    multi.update(hb);
    assertEquals(List.of("b=" + RW), changes(), "one change however many updates");

    multi.onTimeout(now + 99);
    assertEquals(List.of(now + 99), b.timeouts);
    assertEquals(List.of(), a.timeouts, "only the member whose deadline passed");
    assertEquals(now + 100, multi.nextDeadline());
    multi.onTimeout(now + 100);
    assertEquals(List.of(now + 100), a.timeouts);
    assertEquals(s.server().nextDeadline(), multi.nextDeadline(), "the session's idle timeout is next");

    b.done = true;
    multi.update(hb);
    assertEquals(List.of("b=done"), changes());
    multi.remove(hb);
    assertEquals(2, multi.size());
    assertThrows(IllegalStateException.class, () -> multi.readable(ha, ByteBuffer.allocate(1)),
        "a member does its own reads");
    assertThrows(IllegalStateException.class, () -> multi.outbound(ha));
  }
}
