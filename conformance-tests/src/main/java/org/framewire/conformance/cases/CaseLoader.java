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
import org.framewire.cbor.PythonLiteral;
import org.framewire.conformance.Grade;
import org.framewire.conformance.Role;
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
    JsonNode root = JSON.readTree(in);
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
    return new Needs(enc, n.path("maxFrameSize").asInt(0), n.path("interactive").asBoolean(false),
        n.path("transport").asText("any"), n.path("frameReadTimeout").asBoolean(false));
  }

  private static Step step(JsonNode s) {
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
      r.get(k).forEach(v -> objs.add(PythonLiteral.parse(v.asText())));
      responses.put(Integer.parseInt(k), objs);
    });
    Map<Integer, Integer> counts = new LinkedHashMap<>();
    JsonNode n = o.path("objectCounts");
    n.fieldNames().forEachRemaining(k -> counts.put(Integer.parseInt(k), n.get(k).asInt()));
    boolean closed = o.path("closed").asBoolean(kind == Outcome.Kind.ERROR || kind == Outcome.Kind.CLOSED);
    return new Outcome(kind, grade, responses, counts, o.path("errorType").asText("protocol"),
        o.hasNonNull("requirement") ? o.get("requirement").asText() : null, o.path("requestId").asInt(0), closed);
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
