package org.framewire.conformance.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
import org.framewire.conformance.WireEvent;

/**
 * Runs one {@link ClientCase} against a client adapter: starts the adapter, opens a loopback server
 * socket (or, for framewire's own client in process, an in-memory listener; for an HTTP case, the
 * HTTP script server {@link ScriptHttp}), sends the case's calls through the control channel, plays
 * the script on the connection (over HTTP, the exchange's bodies) and grades the final events
 * ({@link ClientGrader}). A watchdog bounds every wait by the case timeout; the adapter is always
 * ended, by force if need be.
 */
public final class ClientCaseRunner {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The last entry of the event queue: the adapter's control channel ended. */
  static final JsonNode EOF = JSON.createObjectNode().put("event", "<end of events>");

  /** How long a client may take to close the connection after it reported a violation (ERR-2). */
  private static final long CLOSE_GRACE_NANOS = 2_000_000_000L;

  /**
   * How long the client's bytes left unread must stay the same before an {@code awaitStalled} step
   * takes the client's writes for blocked: long beside a loaded machine's pause between two writes.
   */
  private static final long STALL_QUIET_MILLIS = 500;

  /** Control lines longer than this (command data in a call) are cut in the wire log. */
  private static final int LOGGED_LINE_CHARS = 2000;

  /** Where the client under test connects to the script server. */
  public enum Connection {
    /** A listening TCP socket on 127.0.0.1: any adapter ({@code tcp://127.0.0.1:PORT}). */
    LOOPBACK,
    /**
     * Pipes in this JVM ({@code mem:N}, {@link MemoryConnections}), no socket: only for framewire's
     * own {@link ControlDriver} run in process.
     */
    IN_MEMORY
  }

  private final ControlChannel.Launcher launcher;
  private final Duration timeout;
  private final Connection connection;
  private final ScriptTls tls;

  public ClientCaseRunner(ControlChannel.Launcher launcher, Duration timeout) {
    this(launcher, timeout, Connection.LOOPBACK);
  }

  public ClientCaseRunner(ControlChannel.Launcher launcher, Duration timeout, Connection connection) {
    this(launcher, timeout, connection, null);
  }

  /**
   * A runner whose loopback script server speaks TLS when {@code tls} is not null: targets are
   * {@code tls://127.0.0.1:PORT} and each {@code call} op names the CA file to trust ({@code ca}).
   */
  public ClientCaseRunner(ControlChannel.Launcher launcher, Duration timeout, Connection connection, ScriptTls tls) {
    if (tls != null && connection != Connection.LOOPBACK) {
      throw new IllegalArgumentException("TLS needs the loopback connection");
    }
    this.launcher = launcher;
    this.timeout = timeout;
    this.connection = connection;
    this.tls = tls;
  }

  /** Where the script server listens: its target for the adapter, and the next connection. */
  private interface Listener extends AutoCloseable {
    String target();

    /** The CA file the client is told to trust, or null for a plaintext listener. */
    default String ca() {
      return null;
    }

    /** The next connection before {@code deadline} (nanoTime), or null. */
    ScriptServer accept(long deadline, List<WireEvent> wire, long started) throws IOException, InterruptedException;

    /** Ends the server's output on {@code server} (a script's {@code close} step), by {@code deadline} (nanoTime). */
    default void endOutput(ScriptServer server, long deadline) throws InterruptedException {
      server.shutdownOutput();
    }

    /** Called once the script has played on {@code server}: an HTTP response ends here. */
    default void scriptPlayed(ScriptServer server, long deadline) throws InterruptedException {}

    /**
     * What the client broke on this transport beyond its frames, once its input has ended (waiting
     * until {@code deadline} at most): over HTTP, its request line and headers (SPEC.md §9.2).
     */
    default List<ClientGrader.Violation> transportViolations(ScriptServer server, long deadline) throws InterruptedException {
      return List.of();
    }

    @Override
    void close() throws IOException;
  }

  /** The listener of case {@code c}: the HTTP script server for an HTTP case on loopback without TLS. */
  private Listener listen(ClientCase c) throws IOException {
    if (c.http() && connection == Connection.LOOPBACK && tls == null) {
      return listenHttp();
    }
    return listen(certificate(c));
  }

  /** The HTTP script server ({@link ScriptHttp}): one exchange, the case's one call. */
  private static Listener listenHttp() throws IOException {
    ScriptHttp http = ScriptHttp.start();
    return new Listener() {
      private ScriptHttp.Request request;

      @Override
      public String target() {
        return http.target();
      }

      @Override
      public ScriptServer accept(long deadline, List<WireEvent> wire, long started) throws InterruptedException {
        ScriptHttp.Exchange e = http.accept(deadline, wire::add, started);
        if (e == null) {
          wire.add(note(started, "no HTTP request before the timeout"));
          return null;
        }
        request = e.request();
        return e.server();
      }

      /**
       * Ends the response once the request body has ended (or after the close grace): the JDK's
       * server drains and closes the request body when the response ends, which would hide the
       * rest of the client's frames from the checks.
       */
      @Override
      public void endOutput(ScriptServer server, long deadline) throws InterruptedException {
        server.awaitClientClose(Math.min(deadline, System.nanoTime() + CLOSE_GRACE_NANOS));
        server.shutdownOutput();
      }

      @Override
      public void scriptPlayed(ScriptServer server, long deadline) throws InterruptedException {
        endOutput(server, deadline);
      }

      @Override
      public List<ClientGrader.Violation> transportViolations(ScriptServer server, long deadline) throws InterruptedException {
        server.awaitClientClose(Math.min(deadline, System.nanoTime() + CLOSE_GRACE_NANOS));
        return request.violations(server.commands());
      }

      @Override
      public void close() {
        http.close();
      }
    };
  }

  private Listener listen(ScriptTls.Certificate certificate) throws IOException {
    if (connection == Connection.IN_MEMORY) {
      BlockingQueue<MemoryConnections.Ends> accepted = new LinkedBlockingQueue<>();
      String target = MemoryConnections.listen(accepted);
      return new Listener() {
        @Override
        public String target() {
          return target;
        }

        @Override
        public ScriptServer accept(long deadline, List<WireEvent> wire, long started) throws InterruptedException {
          MemoryConnections.Ends e = accepted.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (e == null) {
            wire.add(note(started, "no connection before the timeout"));
            return null;
          }
          wire.add(note(started, "client connected"));
          return new ScriptServer(e.in(), e.out(), e.out()::close, () -> {
            try {
              e.out().close();
            } finally {
              e.in().close();
            }
          }, wire::add, started);
        }

        @Override
        public void close() {
          MemoryConnections.unlisten(target);
        }
      };
    }
    ServerSocket socket = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    return new Listener() {
      @Override
      public String target() {
        return (tls == null ? "tcp" : "tls") + "://127.0.0.1:" + socket.getLocalPort();
      }

      @Override
      public String ca() {
        return tls == null ? null : tls.ca().toString();
      }

      @Override
      public ScriptServer accept(long deadline, List<WireEvent> wire, long started) throws IOException {
        return ClientCaseRunner.accept(socket, tls, certificate, deadline, wire, started);
      }

      @Override
      public void close() throws IOException {
        socket.close();
      }
    };
  }

  /** Runs {@code c}; {@code repro} is the command line reports print for it. */
  public CaseReport run(ClientCase c, String repro) {
    return attempt(c, repro).report();
  }

  /**
   * One run's report, and whether its failure may be chance: a wait that ran into the deadline (no
   * connection, no request, a final event that did not come), the watchdog or a suite error, rather
   * than something the client did.
   */
  public record Result(CaseReport report, boolean retryable) {}

  /** Runs {@code c} once, telling whether a failure is worth a re-run. */
  public Result attempt(ClientCase c, String repro) {
    long started = System.nanoTime();
    long deadline = started + 2 * timeout.toNanos();
    List<WireEvent> wire = Collections.synchronizedList(new ArrayList<>());
    Grade grade;
    String detail;
    boolean[] waitedOut = {false};
    try (Listener listener = listen(c);
        ControlChannel channel = launcher.start(l -> wire.add(note(started, "stderr: " + l)))) {
      BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> readEvents(channel, events, wire, started), "check-client-events");
      reader.setDaemon(true);
      reader.start();
      java.util.concurrent.FutureTask<Outcome> task =
          new java.util.concurrent.FutureTask<>(() -> play(c, channel, listener, events, wire, started, deadline, waitedOut));
      Thread player = new Thread(task, "check-client-case");
      player.setDaemon(true);
      player.start();
      Outcome o;
      try {
        // the adapter's start (hello to ready) has a timeout of its own before the case's
        o = task.get(2 * timeout.toNanos() + 2_000_000_000L, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        wire.add(note(started, "watchdog: the case ran past its timeout; the adapter is killed"));
        task.cancel(true);
        o = new Outcome(Grade.FAIL, "watchdog: no result within " + timeout.toMillis() + " ms");
        waitedOut[0] = true;
      } catch (java.util.concurrent.ExecutionException e) {
        o = new Outcome(Grade.FAIL, "suite error: " + e.getCause());
        waitedOut[0] = true;
      }
      grade = o.grade;
      detail = o.detail;
    } catch (IOException | RuntimeException e) {
      grade = Grade.FAIL;
      detail = "suite error: " + e;
      waitedOut[0] = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      grade = Grade.FAIL;
      detail = "interrupted";
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    List<WireEvent> log;
    synchronized (wire) {
      log = List.copyOf(wire);
    }
    return new Result(new CaseReport(c.id(), Role.CLIENT, c.title(), c.section(), c.requirements(), grade, detail, log,
        millis, false, repro), grade == Grade.FAIL && (waitedOut[0] || System.nanoTime() >= deadline));
  }

  record Outcome(Grade grade, String detail) {}

  private Outcome play(ClientCase c, ControlChannel channel, Listener listener, BlockingQueue<JsonNode> events,
      List<WireEvent> wire, long started, long deadline, boolean[] waitedOut) throws IOException, InterruptedException {
    send(channel, JSON.createObjectNode().put("op", "hello").put("version", 1), wire, started);
    JsonNode ready = CallEvents.next(events, started + timeout.toNanos());
    if (ready == null || !"ready".equals(ready.path("event").asText())) {
      waitedOut[0] = ready == null;
      return new Outcome(Grade.FAIL, "the adapter did not answer hello with ready: " + ready);
    }
    // The case's timeout starts at ready: an adapter that starts a JVM per case spends its start
    // before it, which a loaded machine stretches, and no case grades how long an adapter takes to start.
    deadline = System.nanoTime() + timeout.toNanos();
    Set<String> encodings = new java.util.HashSet<>();
    ready.path("encodings").forEach(e -> encodings.add(e.asText()));
    for (String need : c.needs()) {
      if (org.framewire.conformance.cases.Limit.byJsonName(need) != null) {
        if (ready.path(need).asLong(0) <= 0) {
          return new Outcome(Grade.NOT_APPLICABLE, "the adapter does not declare " + need + " in ready");
        }
      } else if (!encodings.contains(need)) {
        return new Outcome(Grade.NOT_APPLICABLE, "the client does not decode " + need);
      }
    }
    Set<String> sendable = new java.util.HashSet<>();
    ready.path("sendEncodings").forEach(e -> sendable.add(e.asText()));
    for (String need : c.sendEncodings()) {
      if (!sendable.contains(need)) {
        return new Outcome(Grade.NOT_APPLICABLE, "the client does not declare that it sends " + need + " (sendEncodings)");
      }
    }
    ScriptTls.Certificate certificate = certificate(c);
    if (certificate != null && tls == null) {
      return new Outcome(Grade.NOT_APPLICABLE, "a TLS case: run check-client --tls");
    }
    if (c.http()) {
      Outcome na = httpNotApplicable(ready);
      if (na != null) {
        return na;
      }
    }
    boolean refuses = c.expect().stream().anyMatch(e -> e.has("refuse"));
    String target = listener.target();
    Map<Integer, JsonNode> finals = new HashMap<>();
    List<JsonNode> nonFinal = new ArrayList<>();
    ScriptServer server = null;
    List<Integer> requestIds = new ArrayList<>();
    try (ScriptFrames frames = new ScriptFrames(requestIds)) {
      for (JsonNode step : c.script()) {
        if (step.has("call") || step.has("awaitRequest")) {
          int k = step.has("call") ? step.get("call").asInt() : step.get("awaitRequest").asInt();
          if (step.has("call")) {
            JsonNode spec = c.calls().get(k - 1);
            ObjectNode op = JSON.createObjectNode().put("op", "call").put("id", k)
                .put("session", spec.path("session").asText("s1")).put("target", target);
            if (listener.ca() != null) {
              op.put("ca", listener.ca());
            }
            op.setAll((ObjectNode) spec.deepCopy());
            send(channel, op, wire, started);
          } else if (server == null) {
            throw new IllegalStateException(c.id() + ": awaitRequest before the first call");
          }
          if (server == null) {
            server = listener.accept(deadline, wire, started);
            if (refuses) {
              return refusal(c, k, server, events, finals, nonFinal, deadline);
            }
            if (server == null) {
              CallEvents.drain(events, finals, nonFinal);
              waitedOut[0] = true;
              return new Outcome(Grade.FAIL, "the client did not connect" + finalsNote(finals));
            }
          }
          if (!step.path("await").asBoolean(true)) {
            continue; // a later awaitRequest step waits for this call's request
          }
          List<Integer> got = server.awaitRequests(k, deadline);
          if (got.size() < k) {
            CallEvents.drain(events, finals, nonFinal);
            waitedOut[0] = System.nanoTime() >= deadline;
            return new Outcome(Grade.FAIL, "the client did not send the request of call " + k + finalsNote(finals));
          }
          requestIds.clear();
          requestIds.addAll(got);
        } else if (step.has("certificate")) {
          continue; // chosen before the listener opened
        } else if (server == null) {
          throw new IllegalStateException(c.id() + ": a script step before the first call");
        } else if (step.has("send")) {
          server.send(frames.lines(step.get("send")));
        } else if (step.has("response")) {
          server.send(frames.response(step.get("response")));
        } else if (step.has("interleave")) {
          server.send(frames.interleave(step.get("interleave")));
        } else if (step.has("bytes")) {
          server.sendBytes(ScriptFrames.bytes(step.get("bytes")));
        } else if (step.has("close")) {
          listener.endOutput(server, deadline);
        } else if (step.has("stopReading")) {
          server.stopReading();
        } else if (step.has("resumeReading")) {
          server.resumeReading();
        } else if (step.has("awaitStalled")) {
          long unread = server.awaitStalled(STALL_QUIET_MILLIS, deadline);
          wire.add(note(started, "the client's writes stalled: " + unread + " bytes wait unread"));
        } else if (step.has("awaitFinal")) {
          int k = step.get("awaitFinal").asInt();
          if (!CallEvents.awaitFinals(events, finals, nonFinal, Set.of(k), deadline)) {
            waitedOut[0] = System.nanoTime() >= deadline;
            Grade g = c.main().level() == org.framewire.spec.Requirement.Level.SHOULD ? Grade.NON_STRICT : Grade.FAIL;
            return new Outcome(g, "call " + k + ": no final event" + (server.readingStopped()
                ? " while the suite left the client's bytes unread: it does not read while it owes bytes (LIMIT-8)"
                : "") + finalsNote(finals));
          }
        } else if (step.has("checkData")) {
          int k = step.get("checkData").asInt();
          if (k < 1 || k > requestIds.size()) {
            throw new IllegalStateException(c.id() + ": checkData names call " + k + " before its request arrived");
          }
          String problem = server.checkData(requestIds.get(k - 1), c.calls().get(k - 1).path("dataBytes").asLong(-1));
          if (problem != null) {
            return new Outcome(Grade.FAIL, "call " + k + ": " + problem);
          }
        } else {
          throw new IllegalStateException(c.id() + ": unknown script step " + step);
        }
      }
      if (server != null) {
        listener.scriptPlayed(server, deadline);
      }
      Set<Integer> all = new java.util.HashSet<>();
      for (int k = 1; k <= c.calls().size(); k++) {
        all.add(k);
      }
      waitedOut[0] = !CallEvents.awaitFinals(events, finals, nonFinal, all, deadline) && System.nanoTime() >= deadline;
      boolean rejects = c.expect().stream().anyMatch(e -> e.has("reject"));
      boolean closed = server != null
          && (rejects ? server.awaitClientClose(Math.min(deadline, System.nanoTime() + CLOSE_GRACE_NANOS)) : server.clientClosed());
      List<ClientGrader.Violation> violations = new ArrayList<>();
      if (server != null) {
        if (server.clientViolation() != null) {
          violations.add(server.clientViolation());
        }
        violations.addAll(listener.transportViolations(server, deadline));
      }
      send(channel, JSON.createObjectNode().put("op", "exit"), wire, started);
      return ClientGrader.grade(c, finals, nonFinal, closed, violations);
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /**
   * Why an HTTP case cannot run here, or null when it can: it needs the loopback HTTP script server
   * (not in-memory pipes, not {@code --tls}) and an adapter whose {@code ready} lists {@code http}
   * among its {@code transports} (docs/conformance/control-channel.md).
   */
  private Outcome httpNotApplicable(JsonNode ready) {
    if (connection != Connection.LOOPBACK) {
      return new Outcome(Grade.NOT_APPLICABLE, "an HTTP case needs the loopback HTTP script server, not in-memory pipes");
    }
    if (tls != null) {
      return new Outcome(Grade.NOT_APPLICABLE, "an HTTP case runs without --tls (the HTTP script server has no https://)");
    }
    for (JsonNode t : ready.path("transports")) {
      if (t.asText().equals("http")) {
        return null;
      }
    }
    return new Outcome(Grade.NOT_APPLICABLE, "the adapter does not list http among the transports of its ready event");
  }

  /** The certificate a case's {@code {"certificate": NAME}} step asks for; null when it has none. */
  private static ScriptTls.Certificate certificate(ClientCase c) {
    for (JsonNode step : c.script()) {
      if (step.has("certificate")) {
        return ScriptTls.Certificate.named(step.get("certificate").asText());
      }
    }
    return null;
  }

  /**
   * Grades a {@code {"refuse": ID}} case (TRANS-12): the client must not finish the TLS handshake
   * with the certificate presented ({@code server} is null when it did not), and must end call
   * {@code k} with an error event.
   */
  private static Outcome refusal(ClientCase c, int k, ScriptServer server, BlockingQueue<JsonNode> events,
      Map<Integer, JsonNode> finals, List<JsonNode> nonFinal, long deadline) throws InterruptedException {
    String want = c.expect().get(k - 1).path("refuse").asText();
    if (server != null) {
      return new Outcome(Grade.FAIL, "the client completed the TLS handshake with a certificate it cannot verify ("
          + want + ")");
    }
    CallEvents.awaitFinals(events, finals, nonFinal, Set.of(k), deadline);
    JsonNode got = finals.get(k);
    String kind = got == null ? "" : got.path("event").asText();
    if (kind.equals("transport-error") || kind.equals("protocol-error")) {
      return new Outcome(Grade.PASS, "refused: " + got.path("message").asText(""));
    }
    return new Outcome(Grade.FAIL, "the client refused the handshake but reported "
        + (got == null ? "no final event" : got) + " rather than an error");
  }

  private static String finalsNote(Map<Integer, JsonNode> finals) {
    return finals.isEmpty() ? "" : "; events: " + finals.values();
  }

  /**
   * The next connection, or null at the deadline; with {@code tls}, null also when the TLS
   * handshake (presenting {@code certificate}) fails, which is noted in the wire log.
   */
  private static ScriptServer accept(ServerSocket listener, ScriptTls tls, ScriptTls.Certificate certificate,
      long deadline, List<WireEvent> wire, long started) throws IOException {
    int left = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    listener.setSoTimeout(left);
    Socket s;
    try {
      s = listener.accept();
    } catch (SocketTimeoutException e) {
      wire.add(note(started, "no connection before the timeout"));
      return null;
    }
    s.setTcpNoDelay(true);
    wire.add(note(started, "client connected"));
    if (tls == null) {
      return ScriptServer.over(s, wire::add, started);
    }
    ScriptTls.Certificate presented = certificate == null ? ScriptTls.Certificate.TRUSTED : certificate;
    try {
      javax.net.ssl.SSLSocket ssl = tls.handshake(s, presented, left);
      wire.add(note(started, "TLS handshake done (" + ssl.getSession().getProtocol() + ", certificate "
          + presented.wireName() + ", ALPN '" + ssl.getApplicationProtocol() + "')"));
      return ScriptServer.over(ssl, wire::add, started);
    } catch (IOException e) {
      wire.add(note(started, "TLS handshake failed (certificate " + presented.wireName() + "): " + e.getMessage()));
      s.close();
      return null;
    }
  }

  private static void readEvents(ControlChannel channel, BlockingQueue<JsonNode> events, List<WireEvent> wire, long started) {
    try {
      String line;
      while ((line = channel.events().readLine()) != null) {
        wire.add(note(started, "control < " + line));
        try {
          events.add(JSON.readTree(line));
        } catch (IOException e) {
          wire.add(note(started, "control line is not JSON"));
        }
      }
    } catch (IOException e) {
      // the adapter ended
    }
    events.add(EOF);
  }

  private static void send(ControlChannel channel, JsonNode op, List<WireEvent> wire, long started) throws IOException {
    String line = JSON.writeValueAsString(op);
    wire.add(note(started, "control > " + (line.length() <= LOGGED_LINE_CHARS ? line
        : line.substring(0, LOGGED_LINE_CHARS) + "... (" + line.length() + " characters)")));
    try {
      channel.ops().write(line);
      channel.ops().write('\n');
      channel.ops().flush();
    } catch (IOException e) {
      wire.add(note(started, "control channel closed: " + e.getMessage()));
    }
  }

  /** A note for the wire log, stamped with the milliseconds since {@code started} (nanoTime). */
  static WireEvent note(long started, String text) {
    return new WireEvent(WireEvent.Direction.NOTE, (System.nanoTime() - started) / 1_000_000, text);
  }
}
