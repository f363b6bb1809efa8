package org.framewire.session;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import org.framewire.session.commands.CommandRegistry;

/**
 * Many sessions, server and client, under one object, driven by the application's own event loop:
 * the multi handle of curl's {@code multi_socket} API, sans I/O. The loop tells it what happened —
 * a connection is readable (here are its bytes), some of its bytes were written, the time is now —
 * and asks it what to wait for: which connections want which readiness, reported as changes only
 * ({@link #nextChange()}, where curl calls its socket callback), and the single next deadline over
 * every session ({@link #nextDeadline()}, curl's {@code curl_multi_timeout}).
 *
 * <p>Costs: a {@link Handle} is the index (the application attaches it to its selection key, as
 * curl hands the socket's pointer back through {@code curl_multi_assign}), so an event finds its
 * session in O(1) without a lookup. Every handle with a deadline (its session's {@link
 * ServerSession#nextDeadline()} or its host timer, whichever is first) has one entry in a {@link
 * DeadlineQueue}, the indexed min-heap the sessions keep their own timers in. A deadline moved
 * earlier re-sifts that one entry, O(log n); one moved later (an idle timer pushed on by every
 * event) only sets a field, and the entry, keyed early, is re-sifted when it comes first ({@link
 * #nextDeadline()}, {@link #onTimeout(long)}), as Netty's idle handler reschedules itself only
 * when it fires: so a busy connection's event costs O(1) here, not a sift to the heap's bottom
 * through cold entries. {@link #onTimeout(long)} visits only the handles whose deadline passed.
 * Changed handles wait in an array list that grows once; the steady state allocates nothing here
 * (the sessions' event lists are theirs).
 *
 * <p>The loop (docs/embedding.md, "Many connections: SessionMulti"):
 *
 * <ol>
 *   <li>readable: {@link #readable(Handle, ByteBuffer)}, or {@link #readEnd(Handle)} at the end of
 *       input; then write what it owes ({@link #outbound(Handle)}, {@link #written(Handle, long)});
 *   <li>writable: the same write;
 *   <li>after the selected keys: {@link #onTimeout(long)} with the clock's reading, then every
 *       {@link #nextChange()}: set the key's interest to {@link Handle#interest()}, or, once {@link
 *       Handle#isDone()}, close the connection (after a linger) and {@link #remove(Handle)} it;
 *   <li>wait until {@link #nextDeadline()}.
 * </ol>
 *
 * <p>A host that drives its sessions through something of its own (the NIO transport's {@code
 * SessionDriver}, whose handlers run on an executor) adds each connection as a {@link Member}: the
 * multi then keeps only its deadline and its interest, read from the member after every {@link
 * #update(Handle)}, and runs its {@link Member#onTimeout(long)} when the deadline passes.
 *
 * <p>Server sessions added with a {@link CommandRegistry} run its handlers on the loop's thread (they
 * only queue frames); the events of a client session go to the {@link ClientHandler} given. The
 * application may also call a session directly (a client's {@code sendCommand}, a response written
 * later): then {@link #update(Handle)} re-reads its interest and deadline. Not thread-safe: one
 * thread calls every method, as with the sessions themselves.
 */
public final class SessionMulti {

  /** {@link Handle#interest()}: the connection wants to read; equal to {@code SelectionKey.OP_READ}. */
  public static final int READ = 1;

  /** {@link Handle#interest()}: the connection has bytes to write; equal to {@code SelectionKey.OP_WRITE}. */
  public static final int WRITE = 4;

  /** What a server session's events go to. */
  @FunctionalInterface
  public interface ServerHandler {
    /**
     * Handles {@code events} of {@code session}: answer every {@link ServerEvent.RunCommand} through
     * {@code session.response(id)}, now or later (then {@link #update(Handle)}).
     */
    void onEvents(ServerSession session, List<ServerEvent> events);
  }

  /** What a client session's events go to. */
  @FunctionalInterface
  public interface ClientHandler {
    void onEvents(ClientSession session, List<ClientEvent> events);
  }

  /** A server handler that runs each command of {@code commands} at once (Appendix A, or yours). */
  public static ServerHandler commands(CommandRegistry commands) {
    Objects.requireNonNull(commands, "commands");
    return (s, events) -> {
      for (ServerEvent e : events) {
        if (e instanceof ServerEvent.RunCommand run) {
          commands.run(run, s.response(run.requestId()));
        }
      }
    };
  }

  /**
   * A connection the host drives itself, under the multi for its deadline and readiness only: the
   * host does its reads and writes, then calls {@link #update(Handle)}, and the multi reports the
   * interest that changed and runs {@link #onTimeout(long)} at the member's deadline.
   */
  public interface Member {
    /** The readiness wanted now: {@link #READ}, {@link #WRITE}, both or neither. */
    int interest();

    /** The earliest instant it needs {@link #onTimeout(long)}; {@link Long#MAX_VALUE} for none. */
    long nextDeadline();

    /** Its deadline passed: run what is due at {@code now}; it must not throw. */
    void onTimeout(long now);

    /** Whether it has ended: then reported once as {@link Handle#isDone() done}, and no longer timed. */
    boolean isDone();
  }

  /** One session, or one {@link Member}, under the multi handle. */
  public static final class Handle {
    private final SessionMulti owner;
    private final ServerSession server;
    private final ServerHandler serverHandler;
    private final ClientSession client;
    private final ClientHandler clientHandler;
    private final Member member;
    private Object attachment;
    /** The queue key: the earlier of the session's deadline and the host timer. */
    private long deadline = Long.MAX_VALUE;
    private long hostTimer = Long.MAX_VALUE;
    /** Its entry in the multi's deadline queue, made at its first deadline. */
    private DeadlineQueue.Timer<Handle> timer;
    /**
     * The entry's key while it is queued, else {@link Long#MAX_VALUE}: never after {@link
     * #deadline}, earlier when the deadline moved later (see {@link SessionMulti#reKey}). Kept here
     * so that an event reads no {@link DeadlineQueue.Timer}, a cold object of its own.
     */
    private long key = Long.MAX_VALUE;
    /** The interest last handed out by {@link #nextChange()}; -1 before the first. */
    private int reported = -1;
    private boolean queued;
    private boolean done;
    private boolean doneReported;
    private boolean timerFired;
    private boolean removed;

    private Handle(SessionMulti owner, ServerSession server, ServerHandler sh, ClientSession client,
        ClientHandler ch, Member member, Object attachment) {
      this.owner = owner;
      this.member = member;
      this.server = server;
      this.serverHandler = sh;
      this.client = client;
      this.clientHandler = ch;
      this.attachment = attachment;
    }

    /** What the application attached: its channel, its key, its connection record. */
    public Object attachment() {
      return attachment;
    }

    /** Replaces the attachment. */
    public void attach(Object a) {
      this.attachment = a;
    }

    /** The server session, or {@code null} for another handle. */
    public ServerSession server() {
      return server;
    }

    /** The client session, or {@code null} for another handle. */
    public ClientSession client() {
      return client;
    }

    /** The member, or {@code null} for a session's handle. */
    public Member member() {
      return member;
    }

    /** The readiness wanted: {@link #READ}, {@link #WRITE}, both or neither, as last computed. */
    public int interest() {
      return reported < 0 ? 0 : reported;
    }

    /**
     * Whether the session has ended and every byte it owed is written: shut the output down, linger
     * if you like ({@link SessionMulti#timer(Handle, long)}), then close and {@link SessionMulti#remove}.
     */
    public boolean isDone() {
      return done;
    }

    /** Whether the host timer set with {@link SessionMulti#timer} fired; reading it clears it. */
    public boolean takeTimerFired() {
      boolean f = timerFired;
      timerFired = false;
      return f;
    }

    /** The earliest instant this handle needs {@link SessionMulti#onTimeout(long)}; MAX_VALUE for none. */
    public long deadline() {
      return deadline;
    }

    private boolean closed() {
      return server != null ? server.isClosed() : client != null ? client.isClosed() : member.isDone();
    }

    private boolean wantsInput() {
      return server != null ? server.wantsInput() : client != null && client.wantsInput();
    }

    private boolean wantsWrite() {
      return server != null ? server.wantsWrite() : client != null ? client.wantsWrite() : false;
    }

    private long sessionDeadline() {
      return server != null ? server.nextDeadline() : client != null ? client.nextDeadline() : member.nextDeadline();
    }

    /** A member does its own I/O: the session calls are not for it. */
    private void checkSession() {
      if (member != null) {
        throw new IllegalStateException("a member does its own reads and writes, then update(): " + this);
      }
    }

    @Override
    public String toString() {
      return "Handle[" + (server != null ? "server" : client != null ? "client" : "member") + " " + attachment + "]";
    }
  }

  /** One entry per handle with a deadline: the earliest is {@link #nextDeadline()}. */
  private final DeadlineQueue<Handle> deadlines = new DeadlineQueue<>();
  private Handle[] changed = new Handle[16];
  private int changedHead;
  private int changedSize;
  private int size;
  /** The handler of the registry last added with, shared by its sessions rather than one each. */
  private CommandRegistry lastCommands;
  private ServerHandler lastHandler;

  /** Sessions under the handle now. */
  public int size() {
    return size;
  }

  /** Adds a server session whose events go to {@code handler}; returns its handle. */
  public Handle addServer(ServerSession session, ServerHandler handler, Object attachment) {
    Handle h = new Handle(this, Objects.requireNonNull(session, "session"), Objects.requireNonNull(handler, "handler"),
        null, null, null, attachment);
    size++;
    settle(h);
    return h;
  }

  /** Adds a server session that runs the commands of {@code commands} on this thread. */
  public Handle addServer(ServerSession session, CommandRegistry commands, Object attachment) {
    if (commands != lastCommands) {
      lastHandler = commands(commands);
      lastCommands = commands;
    }
    return addServer(session, lastHandler, attachment);
  }

  /** Adds a client session whose events go to {@code handler}; returns its handle. */
  public Handle addClient(ClientSession session, ClientHandler handler, Object attachment) {
    Handle h = new Handle(this, null, null, Objects.requireNonNull(session, "session"),
        Objects.requireNonNull(handler, "handler"), null, attachment);
    size++;
    settle(h);
    return h;
  }

  /**
   * Adds a connection the host drives itself: its interest and deadline are read from {@code
   * member} now and after every {@link #update(Handle)}; returns its handle.
   */
  public Handle addMember(Member member, Object attachment) {
    Handle h = new Handle(this, null, null, null, null, Objects.requireNonNull(member, "member"), attachment);
    size++;
    settle(h);
    return h;
  }

  /** Removes {@code h}: its timers stop and it is reported no more. Idempotent. */
  public void remove(Handle h) {
    check(h);
    if (h.removed) {
      return;
    }
    h.removed = true;
    size--;
    deadlines.cancel(h.timer);
    h.key = Long.MAX_VALUE;
  }

  // ---------------------------------------------------------------- events from the loop

  /** The connection of {@code h} read {@code bytes}; they are consumed before this returns. */
  public void readable(Handle h, ByteBuffer bytes) {
    check(h);
    h.checkSession();
    if (h.server != null) {
      handle(h, h.server.receive(bytes));
    } else {
      handle(h, h.client.receive(bytes));
    }
    settle(h);
  }

  /** The input of {@code h}'s connection ended (TRANS-6). */
  public void readEnd(Handle h) {
    check(h);
    h.checkSession();
    if (h.server != null) {
      handle(h, h.server.receiveEnd());
    } else {
      handle(h, h.client.receiveEnd());
    }
    settle(h);
  }

  /**
   * The bytes {@code h}'s session owes, lent as gather buffers (header, then payload view, per
   * frame): write from the first, then report the count with {@link #written(Handle, long)}.
   */
  public ByteBuffer[] outbound(Handle h) {
    check(h);
    h.checkSession();
    return h.server != null ? h.server.outbound() : h.client.outbound();
  }

  /** {@code n} bytes of what {@link #outbound(Handle)} lent were written. */
  public void written(Handle h, long n) {
    check(h);
    h.checkSession();
    if (h.server != null) {
      h.server.written(n);
    } else {
      h.client.written(n);
    }
    settle(h);
  }

  /** Whether {@code h}'s session owes bytes: write them ({@link #outbound(Handle)}). */
  public boolean wantsWrite(Handle h) {
    return h.wantsWrite();
  }

  /**
   * The application worked on {@code h}'s session directly (sent a request, answered one later,
   * closed it): its events are taken and its interest and deadline re-read.
   */
  public void update(Handle h) {
    check(h);
    settle(h);
  }

  /**
   * Sets {@code h}'s host timer, the application's own deadline for the connection (a linger, a
   * handshake), or cancels it with {@link Long#MAX_VALUE}. When it passes, {@link #onTimeout(long)}
   * reports the handle through {@link #nextChange()} with {@link Handle#takeTimerFired()} true.
   */
  public void timer(Handle h, long at) {
    check(h);
    h.hostTimer = at;
    reKey(h);
  }

  // ---------------------------------------------------------------- time

  /**
   * The earliest deadline of every session and host timer; {@link Long#MAX_VALUE} for none. O(1),
   * after re-keying the first entries whose deadline moved later (see the class comment).
   */
  public long nextDeadline() {
    settleRoot();
    return deadlines.nextDeadline();
  }

  /** Runs what is due at {@code now}: each handle whose deadline passed, and only those. */
  public void onTimeout(long now) {
    while (true) {
      settleRoot();
      DeadlineQueue.Timer<Handle> t = deadlines.pollExpired(now);
      if (t == null) {
        return;
      }
      Handle h = t.payload();
      h.deadline = Long.MAX_VALUE;
      h.key = Long.MAX_VALUE;
      if (h.hostTimer != Long.MAX_VALUE && h.hostTimer - now <= 0) {
        h.hostTimer = Long.MAX_VALUE;
        h.timerFired = true;
        enqueueChange(h);
      }
      if (!h.closed() && h.sessionDeadline() - now <= 0) {
        if (h.server != null) {
          handle(h, h.server.onTimeout(now));
        } else if (h.client != null) {
          handle(h, h.client.onTimeout(now));
        } else {
          h.member.onTimeout(now);
        }
      }
      settle(h);
    }
  }

  // ---------------------------------------------------------------- changes

  /**
   * The next handle whose {@link Handle#interest()} differs from what was last reported for it,
   * that became {@link Handle#isDone() done}, or whose host timer fired; {@code null} when none.
   * Each is reported once per change, after however many events made it.
   */
  public Handle nextChange() {
    while (changedSize > 0) {
      Handle h = changed[changedHead];
      changed[changedHead] = null;
      changedHead = (changedHead + 1) % changed.length;
      changedSize--;
      h.queued = false;
      if (h.removed) {
        continue;
      }
      if (h.done && !h.doneReported) {
        h.doneReported = true;
        h.reported = 0;
        return h;
      }
      int ops = h.done ? 0 : interestOf(h);
      if (ops != h.reported || h.timerFired) {
        h.reported = ops;
        return h;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- inside

  private void check(Handle h) {
    if (h.owner != this) {
      throw new IllegalArgumentException("a handle of another multi: " + h);
    }
  }

  private void handle(Handle h, List<?> events) {
    if (h.server != null) {
      @SuppressWarnings("unchecked")
      List<ServerEvent> e = (List<ServerEvent>) events;
      while (!e.isEmpty()) {
        h.serverHandler.onEvents(h.server, e);
        e = h.server.pollEvents(); // answers may admit requests held back (CMD-11)
      }
    } else if (!events.isEmpty()) {
      @SuppressWarnings("unchecked")
      List<ClientEvent> e = (List<ClientEvent>) events;
      h.clientHandler.onEvents(h.client, e);
    }
  }

  /** After an event: take pending events, then queue an interest change and re-key the deadline. */
  private void settle(Handle h) {
    if (h.removed) {
      return;
    }
    if (h.server != null && !h.server.isClosed()) {
      handle(h, h.server.pollEvents());
    }
    if (!h.done && h.closed() && !h.wantsWrite()) {
      h.done = true;
    }
    if ((h.done && !h.doneReported) || (!h.done && interestOf(h) != h.reported)) {
      enqueueChange(h);
    }
    reKey(h);
  }

  private static int interestOf(Handle h) {
    if (h.member != null) {
      return h.member.interest();
    }
    return (!h.closed() && h.wantsInput() ? READ : 0) | (h.wantsWrite() ? WRITE : 0);
  }

  private void enqueueChange(Handle h) {
    if (h.queued) {
      return;
    }
    if (changedSize == changed.length) {
      Handle[] grown = new Handle[changed.length * 2];
      for (int i = 0; i < changedSize; i++) {
        grown[i] = changed[(changedHead + i) % changed.length];
      }
      changed = grown;
      changedHead = 0;
    }
    changed[(changedHead + changedSize) % changed.length] = h;
    changedSize++;
    h.queued = true;
  }

  /** Puts {@code h} at its current deadline in the queue, or out of it for none. O(log n). */
  private void reKey(Handle h) {
    if (h.removed) {
      return;
    }
    long d = h.closed() ? Long.MAX_VALUE : h.sessionDeadline();
    long t = h.hostTimer;
    if (t != Long.MAX_VALUE && (d == Long.MAX_VALUE || t - d < 0)) {
      d = t;
    }
    if (d == h.deadline) {
      return;
    }
    h.deadline = d;
    if (d == Long.MAX_VALUE) {
      deadlines.cancel(h.timer);
      h.key = d;
    } else if (h.timer == null) {
      h.timer = deadlines.schedule(d, h);
      h.key = d;
    } else if (h.key == Long.MAX_VALUE || d - h.key < 0) {
      deadlines.reschedule(h.timer, d);
      h.key = d;
    }
    // A later deadline leaves the entry where it is, keyed early: settleRoot() moves it when it
    // comes first, so an idle timer moved on every event costs no sift to the heap's bottom.
  }

  /**
   * Re-keys the first entries while their key is earlier than their handle's deadline (moved later
   * since they were keyed, see {@link #reKey}): then the first key is the earliest deadline. An
   * entry is re-sifted only when it comes first, so at most once per move and usually never: a
   * handle busier than its idle timer moves it many times between two visits to the top.
   */
  private void settleRoot() {
    for (DeadlineQueue.Timer<Handle> t; (t = deadlines.peek()) != null && t.payload().key != t.payload().deadline; ) {
      Handle h = t.payload();
      deadlines.reschedule(t, h.deadline);
      h.key = h.deadline;
    }
  }
}
