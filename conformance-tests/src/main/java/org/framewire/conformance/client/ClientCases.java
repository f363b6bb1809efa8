package org.framewire.conformance.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.framewire.spec.Requirement;

/**
 * Loads client-role case files: JSON with {@code "schema": "framewire-conformance/1"}, {@code "role":
 * "client"} and a {@code cases} array. The bundled files live in protocol-spec's
 * {@code conformance/client/} folder, listed by its {@code index.txt}.
 */
public final class ClientCases {
  /** The schema every case file declares. */
  public static final String SCHEMA = "framewire-conformance/1";
  /** Where the bundled files are on the class path. */
  public static final String RESOURCE_ROOT = "org/framewire/spec/conformance/client/";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ClientCases() {}

  /** The bundled cases, in index order. */
  public static List<ClientCase> bundled() {
    List<ClientCase> all = new ArrayList<>();
    for (String name : read(RESOURCE_ROOT + "index.txt").split("\n")) {
      if (!name.isBlank() && !name.startsWith("#")) {
        all.addAll(parse(name.strip(), read(RESOURCE_ROOT + name.strip())));
      }
    }
    return checkUnique(all);
  }

  /** The cases of every {@code *.json} file in {@code dir}, by file name. */
  public static List<ClientCase> load(Path dir) throws IOException {
    List<ClientCase> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        all.addAll(parse(f.toString(), Files.readString(f)));
      }
    }
    return checkUnique(all);
  }

  /** The cases of one file's text. */
  public static List<ClientCase> parse(String name, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + ": not JSON: " + e.getMessage(), e);
    }
    if (!SCHEMA.equals(root.path("schema").asText())) {
      throw new IllegalArgumentException(name + ": schema must be " + SCHEMA);
    }
    if (!"client".equals(root.path("role").asText("client"))) {
      throw new IllegalArgumentException(name + ": role must be client");
    }
    List<ClientCase> cases = new ArrayList<>();
    for (JsonNode c0 : root.path("cases")) {
      JsonNode c = expand(c0);
      String id = c.path("id").asText();
      try {
        List<Requirement> reqs = new ArrayList<>();
        for (JsonNode r : c.path("requirements")) {
          Requirement req = Requirement.byId(r.asText());
          if (req == null) {
            throw new IllegalArgumentException("unknown requirement " + r.asText());
          }
          reqs.add(req);
        }
        if (reqs.isEmpty()) {
          throw new IllegalArgumentException("no requirements");
        }
        List<String> needs = new ArrayList<>();
        c.path("needs").forEach(n -> needs.add(n.asText()));
        cases.add(new ClientCase(id, c.path("title").asText(), c.path("section").asText(), reqs, needs,
            list(c.path("calls")), list(c.path("script")), list(c.path("expect"))));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(name + ": case " + id + ": " + e.getMessage(), e);
      }
    }
    return cases;
  }

  /**
   * Expands the case files' shorthand for long byte strings, {@code {"bytesRepeat": [HEX, N]}}: the
   * tagged byte string of HEX repeated N times.
   */
  static JsonNode expand(JsonNode n) {
    if (n.isObject()) {
      if (n.size() == 1 && n.has("bytesRepeat")) {
        JsonNode r = n.get("bytesRepeat");
        if (!r.isArray() || r.size() != 2 || !r.get(1).canConvertToInt() || r.get(1).asInt() < 0) {
          throw new IllegalArgumentException("bytesRepeat takes [HEX, COUNT]: " + r);
        }
        return JSON.createObjectNode().put("bytes", r.get(0).asText().repeat(r.get(1).asInt()));
      }
      com.fasterxml.jackson.databind.node.ObjectNode o = JSON.createObjectNode();
      n.fields().forEachRemaining(e -> o.set(e.getKey(), expand(e.getValue())));
      return o;
    }
    if (n.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode a = JSON.createArrayNode();
      n.forEach(x -> a.add(expand(x)));
      return a;
    }
    return n;
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> l = new ArrayList<>();
    array.forEach(l::add);
    return l;
  }

  private static List<ClientCase> checkUnique(List<ClientCase> all) {
    Set<String> ids = new HashSet<>();
    for (ClientCase c : all) {
      if (!ids.add(c.id())) {
        throw new IllegalArgumentException("duplicate case id " + c.id());
      }
    }
    return all;
  }

  private static String read(String resource) {
    try (InputStream in = ClientCases.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
