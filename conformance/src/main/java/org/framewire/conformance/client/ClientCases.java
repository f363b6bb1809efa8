package org.framewire.conformance.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.framewire.conformance.Role;
import org.framewire.conformance.cases.Capabilities;
import org.framewire.conformance.cases.CaseLoader;
import org.framewire.conformance.cases.ConformanceCase;


/**
 * The client-role cases: the files of role {@code client} that {@link CaseLoader} reads (the shared
 * envelope, docs/conformance/case-format.md), with the client script ({@code calls}, {@code
 * script}, {@code expect}) read from each case's raw JSON. The bundled files live in protocol-spec's
 * {@code conformance/client/} folder.
 */
public final class ClientCases {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ClientCases() {}

  /** The bundled client cases, in file and case order. */
  public static List<ClientCase> bundled() {
    try {
      return of(CaseLoader.loadBundled());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The client cases of every {@code *.json} file below {@code dir}. */
  public static List<ClientCase> load(Path dir) throws IOException {
    return of(CaseLoader.loadDirectory(dir));
  }

  /** The client cases among {@code cases}. */
  public static List<ClientCase> of(List<ConformanceCase> cases) {
    List<ClientCase> out = new ArrayList<>();
    for (ConformanceCase cc : cases) {
      if (cc.role() != Role.CLIENT) {
        continue;
      }
      JsonNode c = expand(cc.raw());
      try {
        List<String> needs = new ArrayList<>(cc.needs().encodings());
        cc.needs().limits().forEach(l -> needs.add(l.jsonName()));
        List<String> send = new ArrayList<>();
        for (JsonNode n : c.path("needs").path("sendEncodings")) {
          if (!Capabilities.ALL_ENCODINGS.contains(n.asText())) {
            throw new IllegalArgumentException("needs.sendEncodings names " + n + ", not one of " + Capabilities.ALL_ENCODINGS);
          }
          send.add(n.asText());
        }
        out.add(new ClientCase(cc.id(), cc.title(), cc.section(), cc.requirements(), needs, cc.needs().transport(), send,
            list(c.path("calls")), list(c.path("script")), list(c.path("expect"))));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(cc.source() + ": case " + cc.id() + ": " + e.getMessage(), e);
      }
    }
    return out;
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
}
