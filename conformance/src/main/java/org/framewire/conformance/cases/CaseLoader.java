package org.framewire.conformance.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.framewire.cbor.CborValue;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
import org.framewire.frames.PythonLiteral;
import org.framewire.spec.Requirement;

/**
 * Reads case files of schema {@value #SCHEMA} (docs/conformance/case-format.md): from a directory
 * (every {@code *.json} below it, in path order) or from the copy bundled in the protocol-spec jar
 * under {@value #RESOURCE_ROOT}.
 *
 * <p>Every role's file shares the envelope (schema, role, cases with id, title, section,
 * requirements, needs); the script ({@code steps}, {@code expect}) is read for server cases only,
 * and every case keeps its raw JSON for role-specific readers.
 */
public final class CaseLoader {

  /** The schema string every case file starts with. */
  public static final String SCHEMA = "framewire-conformance/1";

  /** The classpath folder holding the bundled case files. */
  public static final String RESOURCE_ROOT = "org/framewire/spec/conformance";

  private static final ObjectMapper JSON = new ObjectMapper();

  private CaseLoader() {}

  /** Every case of every file below {@code dir}; ids must be unique. */
  public static List<ConformanceCase> loadDirectory(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    List<ConformanceCase> all = new ArrayList<>();
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        all.addAll(read(in, dir.relativize(f).toString().replace('\\', '/')));
      }
    }
    return unique(all);
  }

  /** Every case bundled in the jar. */
  public static List<ConformanceCase> loadBundled() throws IOException {
    URL url = CaseLoader.class.getClassLoader().getResource(RESOURCE_ROOT);
    if (url == null) {
      throw new IOException(RESOURCE_ROOT + " is not on the classpath");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
          return loadDirectory(fs.getPath(RESOURCE_ROOT));
        }
      }
      return loadDirectory(Path.of(uri));
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  /** The cases of one file; {@code source} names it in errors and in {@link ConformanceCase#source()}. */
  public static List<ConformanceCase> read(InputStream in, String source) throws IOException {
    return read(JSON.readTree(in), source);
  }

  /** The cases of one file already parsed as JSON; {@code source} names it as in {@link #read(InputStream, String)}. */
  public static List<ConformanceCase> read(JsonNode root, String source) throws IOException {
    try {
      if (!SCHEMA.equals(text(root, "schema"))) {
        throw new IllegalArgumentException("schema must be " + SCHEMA);
      }
      Role role = role(text(root, "role"));
      List<ConformanceCase> out = new ArrayList<>();
      for (JsonNode c : root.path("cases")) {
        String id = text(c, "id");
        try {
          out.add(readCase(c, role, source));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("case " + id + ": " + e.getMessage(), e);
        }
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    }
  }

  private static ConformanceCase readCase(JsonNode c, Role role, String source) {
    List<Requirement> reqs = new ArrayList<>();
    for (JsonNode r : c.path("requirements")) {
      Requirement req = Requirement.byId(r.asText());
      if (req == null) {
        throw new IllegalArgumentException("no requirement " + r.asText() + " in SPEC.md");
      }
      reqs.add(req);
    }
    List<Step> steps = new ArrayList<>();
    List<Outcome> expect = new ArrayList<>();
    if (role == Role.SERVER) {
      for (JsonNode s : c.path("steps")) {
        steps.add(step(s));
      }
      for (JsonNode o : c.path("expect")) {
        expect.add(outcome(o));
      }
      if (expect.isEmpty()) {
        throw new IllegalArgumentException("a server case lists at least one outcome in expect");
      }
    }
    return new ConformanceCase(text(c, "id"), role, text(c, "title"), text(c, "section"), reqs,
        needs(c.path("needs")), steps, expect, source, c);
  }

  private static Needs needs(JsonNode n) {
    List<String> enc = new ArrayList<>();
    n.path("encodings").forEach(e -> enc.add(e.asText()));
    List<Limit> limits = new ArrayList<>();
    for (JsonNode l : n.path("limits")) {
      Limit limit = Limit.byJsonName(l.asText());
      if (limit == null) {
        throw new IllegalArgumentException("needs names unknown limit " + l.asText());
      }
      limits.add(limit);
    }
    List<String> commands = new ArrayList<>();
    n.path("commands").forEach(c -> commands.add(c.asText()));
    return new Needs(enc, n.path("maxFrameSize").asInt(0), n.path("interactive").asBoolean(false),
        n.path("transport").asText("any"), limits, commands);
  }

  /** Numeric step fields that may be given as template expressions. */
  private static final List<String> NUMERIC = List.of("pause", "bytes", "fill", "count");

  private static Step step(JsonNode s) {
    if (isTemplate(s)) {
      // fail at load, not at run, on a template that cannot resolve: try it with the default
      // capabilities and every limit declared
      Map<String, Long> probe = new java.util.HashMap<>(Capabilities.DEFAULTS.variables());
      for (Limit l : Limit.values()) {
        probe.putIfAbsent(l.jsonName(), 1000L);
      }
      resolveStep(s, probe);
      return new Step.Template(s);
    }
    return concreteStep(s);
  }

  private static boolean isTemplate(JsonNode s) {
    if (s.has("repeat") || s.has("fill")) {
      return true;
    }
    for (String f : NUMERIC) {
      if (s.path(f).isTextual()) {
        return true;
      }
    }
    for (JsonNode v : s) {
      if (v.isTextual() && v.asText().contains("${")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The steps with every {@link Step.Template} resolved against the template variables (a
   * target's {@link Capabilities#variables()}): a {@code repeat} becomes one {@link Step.Batch}.
   *
   * @throws IllegalArgumentException when a template does not resolve, e.g. a stream id past 255
   *     for the declared limit
   */
  public static List<Step> resolve(List<Step> steps, Map<String, Long> vars) {
    List<Step> out = new ArrayList<>();
    for (Step s : steps) {
      out.add(s instanceof Step.Template t ? resolveStep(t.json(), vars) : s);
    }
    return out;
  }

  private static Step resolveStep(JsonNode s, Map<String, Long> vars) {
    if (s.has("repeat")) {
      long count = number(s.get("count"), vars);
      if (count < 0 || count > 1 << 20) {
        throw new IllegalArgumentException("repeat count " + count + " outside 0..2^20");
      }
      JsonNode body = s.get("repeat");
      List<Step> steps = new ArrayList<>();
      Map<String, Long> inner = new java.util.HashMap<>(vars);
      for (long i = 0; i < count; i++) {
        inner.put("i", i);
        for (JsonNode b : body.isArray() ? body : JSON.createArrayNode().add(body)) {
          Step one = resolveStep(b, inner);
          if (one instanceof Step.Batch batch) {
            steps.addAll(batch.steps());
          } else {
            steps.add(one);
          }
        }
      }
      return new Step.Batch(steps);
    }
    com.fasterxml.jackson.databind.node.ObjectNode copy = JSON.createObjectNode();
    s.fields().forEachRemaining(e -> {
      if (NUMERIC.contains(e.getKey())) {
        copy.put(e.getKey(), number(e.getValue(), vars));
      } else if (e.getValue().isTextual()) {
        copy.put(e.getKey(), substitute(e.getValue().asText(), vars));
      } else {
        copy.set(e.getKey(), e.getValue());
      }
    });
    return concreteStep(copy);
  }

  private static long number(JsonNode n, Map<String, Long> vars) {
    if (n == null) {
      throw new IllegalArgumentException("missing count");
    }
    return n.isTextual() ? Expr.eval(n.asText(), vars) : n.asLong();
  }

  /** Replaces each {@code ${expr}} by its value. */
  private static String substitute(String text, Map<String, Long> vars) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (int open; (open = text.indexOf("${", at)) >= 0; ) {
      int close = text.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed ${ in " + text);
      }
      out.append(text, at, open).append(Expr.eval(text.substring(open + 2, close), vars));
      at = close + 1;
    }
    return out.append(text.substring(at)).toString();
  }

  private static Step concreteStep(JsonNode s) {
    if (s.has("fill")) {
      // the frame of the notation, its payload replaced by so many filler bytes ('x')
      String n = s.get("send").asText();
      org.framewire.frames.Frame f = Step.frame(n);
      if (f.payload().hasRemaining()) {
        throw new IllegalArgumentException("a step with fill writes its frame without a payload: " + n);
      }
      long fill = s.get("fill").asLong();
      if (fill < 0 || fill > org.framewire.frames.FrameHeader.MAX_PAYLOAD_LENGTH) {
        throw new IllegalArgumentException("fill " + fill + " outside 0..2^24-1");
      }
      byte[] filler = new byte[(int) fill];
      java.util.Arrays.fill(filler, (byte) 'x');
      org.framewire.frames.Frame filled = new org.framewire.frames.Frame(
          org.framewire.frames.FrameHeader.of(filler.length, f.requestId(), f.streamId(), f.streamFlags(), f.type(), f.flags()),
          java.nio.ByteBuffer.wrap(filler));
      return new Step.Send(n + " <" + fill + " filler bytes>", filled);
    }
    if (s.has("send")) {
      String n = s.get("send").asText();
      return new Step.Send(n, Step.frame(n));
    }
    if (s.has("sendEncoded")) {
      String n = s.get("sendEncoded").asText();
      String encoding = text(s, "encoding");
      if (org.framewire.streams.encoding.EncodingProfiles.defaults().find(encoding).isEmpty()) {
        throw new IllegalArgumentException("sendEncoded names unknown encoding " + encoding);
      }
      long zeros = s.path("zeros").asLong(0);
      if (zeros < 0) {
        throw new IllegalArgumentException("zeros must not be negative");
      }
      return new Step.SendEncoded(n, Step.frame(n), encoding, Step.Flush.ofLabel(s.path("flush").asText("sync")), zeros);
    }
    if (s.has("sendHex")) {
      return new Step.SendHex(java.util.HexFormat.of().parseHex(s.get("sendHex").asText().replace(" ", "")));
    }
    if (s.has("sendPart")) {
      String n = s.get("sendPart").asText();
      return new Step.SendPart(n, Step.frame(n), s.path("bytes").asInt(4));
    }
    if (s.has("pause")) {
      return new Step.Pause(s.get("pause").asLong());
    }
    if (s.path("stopReading").asBoolean(false)) {
      return new Step.StopReading();
    }
    if (s.path("resumeReading").asBoolean(false)) {
      return new Step.ResumeReading();
    }
    if (s.has("http")) {
      JsonNode h = s.get("http");
      Map<String, String> headers = new LinkedHashMap<>();
      h.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
      List<String> body = new ArrayList<>();
      h.path("body").forEach(n -> body.add(n.asText()));
      return new Step.Http(h.path("method").asText("POST"), text(h, "path"), headers, body);
    }
    if (s.has("tls")) {
      List<String> alpn = new ArrayList<>();
      s.path("alpn").forEach(a -> alpn.add(a.asText()));
      return new Step.Tls(Step.Tls.Opening.ofLabel(s.get("tls").asText()), alpn);
    }
    if (s.path("halfClose").asBoolean(false)) {
      return new Step.HalfClose();
    }
    throw new IllegalArgumentException("unknown step " + s);
  }

  private static Outcome outcome(JsonNode o) {
    Outcome.Kind kind = Outcome.Kind.ofLabel(text(o, "outcome"));
    Grade grade = Grade.ofLabel(o.path("grade").asText("pass"));
    Map<Integer, List<CborValue>> responses = new LinkedHashMap<>();
    JsonNode r = o.path("responses");
    r.fieldNames().forEachRemaining(k -> {
      List<CborValue> objs = new ArrayList<>();
      r.get(k).forEach(v -> objs.add(v.isObject() ? streamString(v) : PythonLiteral.parse(v.asText())));
      responses.put(Integer.parseInt(k), objs);
    });
    Map<Integer, Integer> counts = new LinkedHashMap<>();
    JsonNode n = o.path("objectCounts");
    n.fieldNames().forEachRemaining(k -> counts.put(Integer.parseInt(k), n.get(k).asInt()));
    boolean closed = o.path("closed").asBoolean(kind == Outcome.Kind.ERROR || kind == Outcome.Kind.CLOSED);
    List<Integer> ended = new ArrayList<>();
    o.path("ended").forEach(e -> ended.add(e.asInt()));
    Map<Integer, List<CborValue>> notices = new LinkedHashMap<>();
    JsonNode t = o.path("notices");
    t.fieldNames().forEachRemaining(k -> {
      List<CborValue> payloads = new ArrayList<>();
      t.get(k).forEach(v -> payloads.add(PythonLiteral.parse(v.asText())));
      notices.put(Integer.parseInt(k), payloads);
    });
    if (!notices.isEmpty() && kind != Outcome.Kind.RESPONSES) {
      throw new IllegalArgumentException("notices belong to a responses outcome, not " + kind.label());
    }
    return new Outcome(kind, grade, responses, counts, o.path("errorType").asText("protocol"),
        o.hasNonNull("requirement") ? o.get("requirement").asText() : null, o.path("requestId").asInt(0), closed,
        o.has("status") ? http(o) : null, ended, notices);
  }

  /**
   * {@code {"pattern": K, "size": N}} in a responses list: string {@code K} of the {@code stream}
   * command (SPEC.md Appendix A), N bytes with byte j equal to (K + j) mod 256.
   */
  private static CborValue streamString(JsonNode v) {
    long k = v.path("pattern").asLong(-1);
    long size = v.path("size").asLong(-1);
    if (k < 0 || size < 0 || size > 1 << 24) {
      throw new IllegalArgumentException("a stream string is {\"pattern\": K, \"size\": N} with 0 <= N <= 2^24, not " + v);
    }
    byte[] b = new byte[(int) size];
    for (int j = 0; j < b.length; j++) {
      b[j] = (byte) ((k + j) % 256);
    }
    return new CborValue.Bytes(b);
  }

  private static Outcome.Http http(JsonNode o) {
    Map<String, String> headers = new LinkedHashMap<>();
    o.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
    return new Outcome.Http(o.get("status").asInt(), headers);
  }

  private static Role role(String s) {
    for (Role r : Role.values()) {
      if (r.label().equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException("role must be server or client, not " + s);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing text field " + field);
    }
    return v.asText();
  }

  private static List<ConformanceCase> unique(List<ConformanceCase> all) {
    Set<String> seen = new HashSet<>();
    for (ConformanceCase c : all) {
      if (!seen.add(c.id())) {
        throw new IllegalArgumentException("duplicate case id " + c.id() + " (in " + c.source() + ")");
      }
    }
    return List.copyOf(all);
  }
}
