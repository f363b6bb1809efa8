package org.framewire.conformance.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;
import org.framewire.session.CallException;
import org.framewire.session.ClientConfig;
import org.framewire.session.ClientEvent;
import org.framewire.session.Response;
import org.framewire.session.TextAtom;
import org.framewire.transport.HttpApi;
import org.framewire.transport.HttpApiClient;
import org.framewire.transport.RawClient;
import org.framewire.transport.tls.ClientTls;
import org.framewire.transport.tls.Pem;
import org.framewire.vectors.TaggedJson;

/**
 * framewire's own client-role adapter: reads control-channel ops (docs/conformance/control-channel.md)
 * line by line and drives {@link RawClient} sessions over TCP, or over TLS for {@code tls://}
 * targets (SPEC.md §9.3: {@link ClientTls}, trusting the op's {@code ca} file, or the JDK's trust
 * store without one) (or {@link HttpApiClient} for {@code
 * http://} targets, SPEC.md §9.2, or in-memory pipes for the suite's {@code mem:N} targets when it
 * runs in the same JVM), writing one event line per outcome. Used by {@code framewire call --control}
 * and, on piped streams, in-process by {@code framewire check --self} and the tests. Its {@code
 * ready} lists the transports {@code tcp} and {@code http}, so the suite's HTTP cases run against
 * it. Another client built on framewire's {@code ClientSession} (the Netty client) reuses it with
 * its own {@link RawConnector} for {@code tcp://} sessions; such a client answers {@code tls://}
 * with an error event unless it has a {@link RawConnector.Tls}, and declares {@code tcp} only: its
 * {@code http://} calls would be framewire's {@link HttpApiClient}, not its own.
 */
public final class ControlDriver {
  /**
   * The frame-read timeout (LIMIT-4) of framewire's client under this adapter, declared in {@code
   * ready}: short, so that the client-role LIMIT-4 case runs well within its deadline, and long
   * beside the time a loaded machine takes to deliver the rest of a frame the script server wrote.
   */
  public static final Duration FRAME_READ_TIMEOUT = Duration.ofMillis(2000);

  /** The configuration every session of framewire's client starts from: the defaults and {@link #FRAME_READ_TIMEOUT}. */
  static final ClientConfig BASE = ClientConfig.DEFAULTS.withTimeouts(ClientConfig.DEFAULTS.requestTimeout(),
      ClientConfig.DEFAULTS.idleTimeout(), FRAME_READ_TIMEOUT);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final BufferedReader in;
  private final Writer out;
  private final ClientHooks hooks;
  private final String name;
  private final RawConnector connector;
  /** How {@code tls://} sessions open; null when the client has none. */
  private final RawConnector.Tls tlsConnector;
  /**
   * The frame-read timeout {@code ready} declares, or null for another client, which declares none
   * (nor the {@code http} transport).
   */
  private final Duration declaredFrameReadTimeout;
  private final Map<String, Session> sessions = new HashMap<>();
  private final List<CompletableFuture<?>> pending = new ArrayList<>();

  /** One session named by the control channel. */
  private record Session(String name, RawConnector.Connection raw, HttpApiClient http, AtomicReference<ClientEvent.ProtocolFailure> failure,
      AtomicReference<ClientEvent.ErrorResponse> peerError, Map<Integer, List<ClientEvent>> extras) {

    /** The progress and command-error events the listener saw for a wire request id, removed. */
    List<ClientEvent> take(int requestId) {
      synchronized (extras) {
        List<ClientEvent> l = extras.remove(requestId);
        return l == null ? List.of() : l;
      }
    }
  }

  /** framewire's {@link RawClient}, changed by {@code hooks} (the identity hooks for the real one). */
  public ControlDriver(BufferedReader in, Writer out, ClientHooks hooks) {
    this(in, out, hooks, "framewire", RawConnector.rawClient(hooks), RawConnector.rawTlsClient(hooks), FRAME_READ_TIMEOUT);
  }

  /**
   * Another client: {@code tcp://} sessions open through {@code connector}; {@code name} is what
   * the {@code ready} event calls the implementation.
   */
  public ControlDriver(BufferedReader in, Writer out, String name, RawConnector connector) {
    this(in, out, ClientHooks.NONE, name, connector, null, null);
  }

  private ControlDriver(BufferedReader in, Writer out, ClientHooks hooks, String name, RawConnector connector,
      RawConnector.Tls tlsConnector, Duration declaredFrameReadTimeout) {
    this.declaredFrameReadTimeout = declaredFrameReadTimeout;
    this.in = in;
    this.out = out;
    this.hooks = hooks;
    this.name = name;
    this.connector = connector;
    this.tlsConnector = tlsConnector;
  }

  /** Runs until {@code exit} or the end of the ops; returns the exit status (0). */
  public int run() throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode op;
      try {
        op = JSON.readTree(line);
      } catch (IOException e) {
        error(null, "op is not JSON: " + e.getMessage());
        continue;
      }
      String name = op.path("op").asText("");
      try {
        switch (name) {
          case "hello" -> hello();
          case "call" -> call(op);
          case "close" -> close(op.path("session").asText());
          case "exit" -> {
            exit();
            return 0;
          }
          default -> error(op.get("id"), "unknown op '" + name + "'");
        }
      } catch (IllegalArgumentException e) {
        error(op.get("id"), "bad " + name + ": " + e.getMessage());
      }
    }
    exit();
    return 0;
  }

  private void hello() throws IOException {
    ObjectNode e = event("ready");
    e.put("version", 1);
    e.put("name", name);
    List<String> profiles = hooks.config(BASE).profiles().names();
    profiles.forEach(e.putArray("encodings")::add);
    // a client on ClientSession sends in any profile it has (ClientConfig.sendEncoding)
    profiles.forEach(e.putArray("sendEncodings")::add);
    ArrayNode transports = e.putArray("transports").add("tcp");
    if (declaredFrameReadTimeout != null) {
      // framewire's own client: HttpApiClient is its HTTP client (another client's would not be)
      transports.add("http");
      // what the adapter declares, not what hooks may have changed: a mutant breaks the declaration
      e.put("frameReadTimeoutMillis", declaredFrameReadTimeout.toMillis());
    }
    emit(e);
  }

  private void call(JsonNode op) throws IOException {
    JsonNode id = op.get("id");
    if (id == null || !op.hasNonNull("command") || !op.hasNonNull("target")) {
      throw new IllegalArgumentException("call needs id, target and command");
    }
    CborValue.MapValue args = new CborValue.MapValue(List.of());
    if (op.hasNonNull("args")) {
      if (!(TaggedJson.read(op.get("args")) instanceof CborValue.MapValue m)) {
        throw new IllegalArgumentException("args is not a tagged map");
      }
      args = m;
    }
    CommandRequest request = CommandRequest.of(op.get("command").asText(), args);
    if (op.hasNonNull("redirect")) {
      request = request.withRedirect(redirectOffer(op.get("redirect")));
    }
    ByteBuffer data = null;
    if (op.hasNonNull("data")) {
      if (!(TaggedJson.read(op.get("data")) instanceof CborValue.Bytes b)) {
        throw new IllegalArgumentException("data is not a tagged byte string");
      }
      data = ByteBuffer.wrap(b.value());
    }
    if (op.hasNonNull("dataBytes")) {
      if (data != null || !op.get("dataBytes").isIntegralNumber()) {
        throw new IllegalArgumentException("dataBytes is a byte count, and excludes data");
      }
      data = DataPattern.of(op.get("dataBytes").asLong());
    }
    String sessionName = op.path("session").asText("default");
    Session session;
    try {
      session = session(sessionName, op.get("target").asText(), op.get("encodings"), op.path("sendEncoding").asText(null),
          op.path("ca").asText(null));
    } catch (IOException | java.security.GeneralSecurityException e) {
      emit(transportError(id, String.valueOf(e.getMessage())));
      return;
    }
    CompletableFuture<Response> future;
    if (session.raw != null) {
      future = session.raw.call(request, data);
    } else {
      future = session.http.call(request, data);
    }
    pending.add(future.handle((response, failure) -> {
      report(id, session, response, failure instanceof CompletionException ce ? ce.getCause() : failure);
      return null;
    }));
  }

  private static CborValue.MapValue redirectOffer(JsonNode r) {
    List<CborValue.Entry> entries = new ArrayList<>();
    for (String key : List.of("hashes", "targets")) {
      List<CborValue> names = new ArrayList<>();
      for (JsonNode n : r.path(key)) {
        names.add(new CborValue.Bytes(n.asText().getBytes(StandardCharsets.UTF_8)));
      }
      entries.add(new CborValue.Entry(new CborValue.Bytes(key.getBytes(StandardCharsets.US_ASCII)), new CborValue.Array(names)));
    }
    return new CborValue.MapValue(entries);
  }

  private Session session(String name, String target, JsonNode encodings, String sendEncoding, String ca)
      throws IOException, java.security.GeneralSecurityException {
    Session s = sessions.get(name);
    if (s != null) {
      return s;
    }
    ClientConfig config = BASE;
    if (encodings != null && encodings.isArray()) {
      List<String> names = new ArrayList<>();
      encodings.forEach(n -> names.add(n.asText()));
      config = config.withContentEncodings(names);
    }
    if (sendEncoding != null) {
      config = config.withSendEncoding(sendEncoding);
    }
    config = hooks.config(config);
    URI uri = URI.create(target);
    AtomicReference<ClientEvent.ProtocolFailure> failure = new AtomicReference<>();
    AtomicReference<ClientEvent.ErrorResponse> peerError = new AtomicReference<>();
    Map<Integer, List<ClientEvent>> extras = new HashMap<>();
    if ("tcp".equals(uri.getScheme()) || "tls".equals(uri.getScheme()) || MemoryConnections.SCHEME.equals(uri.getScheme())) {
      Consumer<ClientEvent> listener = e -> {
        if (e instanceof ClientEvent.ProtocolFailure pf) {
          failure.compareAndSet(null, pf);
        } else if (e instanceof ClientEvent.ErrorResponse er && er.requestId() == 0) {
          peerError.compareAndSet(null, er);
        } else if (e instanceof ClientEvent.Progress || e instanceof ClientEvent.CommandError) {
          synchronized (extras) {
            extras.computeIfAbsent(e.requestId(), k -> new ArrayList<>()).add(e);
          }
        }
      };
      RawConnector.Connection raw;
      if ("tls".equals(uri.getScheme())) {
        if (tlsConnector == null) {
          throw new IllegalArgumentException("this adapter (" + this.name + ") has no TLS client: " + target);
        }
        raw = tlsConnector.connect(ca == null ? ClientTls.system() : ClientTls.of(Pem.clientContext(Path.of(ca), null, null)),
            new InetSocketAddress(uri.getHost(), uri.getPort()), config, listener);
      } else if ("tcp".equals(uri.getScheme())) {
        raw = connector.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), config, listener);
      } else {
        // The suite's in-memory pipes exist only in this JVM, for framewire's own client.
        MemoryConnections.Ends ends = MemoryConnections.connect(target);
        raw = RawConnector.over(ends.in(), ends.out(), hooks, config, listener);
      }
      s = new Session(name, raw, null, failure, peerError, extras);
    } else if ("http".equals(uri.getScheme())) {
      String path = uri.getPath() == null ? "" : uri.getPath();
      String prefix = path.startsWith("/api/") ? path.substring(5).split("/")[0] : HttpApi.DEFAULT_PREFIX;
      s = new Session(name, null, new HttpApiClient(hooks.httpClient(HttpApiClient.defaultHttpClient()), uri.resolve("/"), prefix, config),
          failure, peerError, extras);
    } else {
      throw new IllegalArgumentException("target must be tcp://HOST:PORT, tls://HOST:PORT or http://HOST:PORT[/api/PREFIX]"
          + " (or, in process, mem:N): " + target);
    }
    sessions.put(name, s);
    return s;
  }

  private void report(JsonNode id, Session session, Response response, Throwable failure) {
    ObjectNode e;
    List<ClientEvent> extras = response != null ? session.take(response.requestId())
        : failure instanceof CallException c ? session.take(c.requestId()) : List.of();
    for (ClientEvent x : extras) {
      if (x instanceof ClientEvent.Progress p) {
        ObjectNode t = event("progress");
        t.set("id", id);
        t.put("topic", p.update().topic());
        t.put("pos", p.update().position());
        if (p.update().total() != null) {
          t.put("total", p.update().total());
        }
        if (p.update().label() != null) {
          t.put("label", p.update().label());
        }
        if (p.update().item() != null) {
          t.put("item", p.update().item());
        }
        emitQuietly(t);
      }
    }
    if (failure == null) {
      for (TextAtom atom : response.textOutput()) {
        ObjectNode t = event("text");
        t.set("id", id);
        t.put("text", atom.format());
        t.putArray("atoms").add(TaggedJson.write(atom.toCbor()));
        emitQuietly(t);
      }
      if (response.isRedirect()) {
        e = event("redirect");
        e.set("id", id);
        CborValue.MapValue location = response.redirect();
        e.put("location", text(location, "url"));
        e.put("mediatype", text(location, "mediatype"));
        if (location.get(CborValue.Bytes.of("size")) instanceof CborValue.Int size && size.fitsLong()) {
          e.put("size", size.value());
        }
        e.set("map", TaggedJson.write(location));
      } else {
        e = event("ok");
        e.set("id", id);
        ArrayNode objects = e.putArray("objects");
        response.objects().forEach(o -> objects.add(TaggedJson.write(o)));
      }
    } else if (failure instanceof CallException ce) {
      switch (ce.kind()) {
        case COMMAND_ERROR -> {
          e = event("command-error");
          e.set("id", id);
          String message = ce.getMessage();
          for (ClientEvent x : extras) {
            if (x instanceof ClientEvent.CommandError c) {
              message = c.message();
            }
          }
          e.set("message", TaggedJson.write(new CborValue.Bytes(message.getBytes(StandardCharsets.UTF_8))));
          ArrayNode args = e.putArray("args");
          ce.args().forEach(a -> args.add(TaggedJson.write(a)));
        }
        case ERROR_RESPONSE -> {
          e = event("server-error");
          e.set("id", id);
          e.put("type", ce.errorType());
          e.put("message", ce.getMessage());
        }
        case SESSION_CLOSED -> {
          ClientEvent.ProtocolFailure pf = session.failure.get();
          ClientEvent.ErrorResponse er = session.peerError.get();
          if (er != null) {
            e = event("server-error");
            e.set("id", id);
            e.put("type", er.type());
            e.put("message", er.formatted());
            e.put("requirement", er.requirement());
          } else if (pf != null) {
            e = protocolError(id, session, pf);
          } else {
            e = transportError(id, ce.getMessage());
          }
        }
        default -> {
          e = transportError(id, ce.getMessage());
        }
      }
    } else {
      ClientEvent.ProtocolFailure pf = session.failure.get();
      if (pf != null) {
        e = protocolError(id, session, pf);
      } else {
        e = transportError(id, String.valueOf(failure));
      }
    }
    emitQuietly(e);
  }

  /** A {@code protocol-error} event: the client session failed with {@code pf}. */
  private ObjectNode protocolError(JsonNode id, Session session, ClientEvent.ProtocolFailure pf) {
    ObjectNode e = event("protocol-error");
    e.set("id", id);
    e.put("session", session.name);
    e.put("requirement", pf.requirement().id());
    e.put("message", pf.message());
    return e;
  }

  /** A {@code transport-error} event for request {@code id}. */
  private ObjectNode transportError(JsonNode id, String message) {
    ObjectNode e = event("transport-error");
    e.set("id", id);
    e.put("message", message);
    return e;
  }

  private static String text(CborValue.MapValue map, String key) {
    CborValue v = map.get(new CborValue.Bytes(key.getBytes(StandardCharsets.US_ASCII)));
    return v instanceof CborValue.Bytes b ? new String(b.value(), StandardCharsets.UTF_8) : null;
  }

  private void close(String name) throws IOException {
    Session s = sessions.remove(name);
    if (s != null && s.raw != null) {
      s.raw.close();
    }
    ObjectNode e = event("closed");
    e.put("session", name);
    emit(e);
  }

  /** Lets calls in flight finish (at most 5 s), then closes every session. */
  private void exit() {
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // calls still open fail below, when their sessions close
    }
    for (Session s : sessions.values()) {
      if (s.raw != null) {
        s.raw.close();
      }
    }
    sessions.clear();
    for (CompletableFuture<?> f : pending) {
      f.join();
    }
  }

  private void error(JsonNode id, String message) throws IOException {
    ObjectNode e = event("error");
    e.set("id", id);
    e.put("message", message);
    emit(e);
  }

  private static ObjectNode event(String name) {
    ObjectNode e = F.objectNode();
    e.put("event", name);
    return e;
  }

  private void emitQuietly(ObjectNode e) {
    try {
      emit(e);
    } catch (IOException ex) {
      // the suite went away; nothing is left to tell
    }
  }

  private void emit(ObjectNode e) throws IOException {
    String line = JSON.writeValueAsString(e);
    synchronized (out) {
      out.write(line);
      out.write('\n');
      out.flush();
    }
  }
}
