package org.framewire.conformance.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.framewire.conformance.RunReport;
import org.junit.jupiter.api.Test;

class JsonReportWriterTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode written(RunReport run) throws Exception {
    StringWriter w = new StringWriter();
    new JsonReportWriter().write(run, w);
    return MAPPER.readTree(w.toString());
  }

  private static JsonNode schema() throws Exception {
    return MAPPER.readTree(Files.readString(Path.of("..", "docs", "conformance", "report-schema.json")));
  }

  @Test
  void failedFollowsTheKnownFailuresRatchetLikeTheExitStatus() throws Exception {
    JsonNode plain = written(SampleRuns.all());
    assertTrue(plain.get("failed").asBoolean());
    assertEquals("new failure: stream/open-limit", plain.get("problems").get(0).asText());
    assertEquals(0, plain.get("knownFailures").size());

    JsonNode known = written(SampleRuns.all().withKnownFailures(
        new org.framewire.conformance.engine.KnownFailures(java.util.Set.of("stream/open-limit"))));
    assertFalse(known.get("failed").asBoolean(), "the only failure is a known one");
    assertEquals(0, known.get("problems").size());
    assertEquals("stream/open-limit", known.get("knownFailures").get(0).asText());
  }

  @Test
  void readsBackWithEveryField() throws Exception {
    JsonNode root = written(SampleRuns.all());
    assertEquals("framewire-conformance-report/1", root.get("schema").asText());
    assertEquals("server", root.get("role").asText());
    assertEquals("tcp://localhost:8000?<&\">", root.get("target").asText());
    assertEquals(Instant.parse("2026-11-25T06:00:00Z"), Instant.parse(root.get("started").asText()));
    assertTrue(root.get("failed").asBoolean());
    assertEquals(2, root.get("counts").get("pass").asInt());
    assertEquals(1, root.get("counts").get("not-applicable").asInt());
    JsonNode cases = root.get("cases");
    assertEquals(6, cases.size());
    JsonNode first = cases.get(0);
    assertEquals("frame/oversized-payload", first.get("id").asText());
    assertEquals("2.1", first.get("section").asText());
    assertEquals("FRAME-2", first.get("requirements").get(0).asText());
    assertEquals("framewire check --target tcp://localhost:8000 --case frame/oversized-payload", first.get("repro").asText());
    assertEquals("sent", first.get("wire").get(0).get("direction").asText());
    assertEquals(3, first.get("wire").get(1).get("atMillis").asInt());
    assertEquals("0 0 0 error-response 0 cbor:{b'type': b'protocol'}", first.get("wire").get(1).get("text").asText());
    assertEquals("note", first.get("wire").get(2).get("direction").asText());
    assertEquals(List.of("FRAME-3", "FRAME-10"),
        MAPPER.convertValue(cases.get(1).get("requirements"), List.class));
    assertTrue(cases.get(5).get("flaky").asBoolean());
    assertEquals("not-applicable", cases.get(3).get("grade").asText());
    assertTrue(cases.get(4).get("failing").asBoolean());
    assertFalse(cases.get(2).get("failing").asBoolean(), "non-strict does not fail a lenient run");
  }

  @Test
  void targetTextRoundTripsExactly() throws Exception {
    JsonNode failing = written(SampleRuns.all()).get("cases").get(4);
    assertEquals("target answered " + SampleRuns.HOSTILE + "\nsecond line", failing.get("detail").asText());
    assertEquals("1 2 0 command-response eos " + SampleRuns.HOSTILE, failing.get("wire").get(0).get("text").asText());
  }

  @Test
  void outputMatchesTheDocumentedSchema() throws Exception {
    JsonNode schema = schema();
    assertEquals(List.of(), violations(schema, written(SampleRuns.all()), "$"));
    assertEquals(List.of(), violations(schema, written(SampleRuns.empty()), "$"));
  }

  @Test
  void theSchemaCheckCatchesAWrongShape() throws Exception {
    JsonNode bad = written(SampleRuns.all());
    ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get("cases").get(0)).put("grade", "great");
    ((com.fasterxml.jackson.databind.node.ObjectNode) bad).remove("counts");
    ((com.fasterxml.jackson.databind.node.ObjectNode) bad).put("extra", 1);
    List<String> v = violations(schema(), bad, "$");
    assertEquals(3, v.size(), v.toString());
  }

  @Test
  void emptyRunHasNoCases() throws Exception {
    JsonNode root = written(SampleRuns.empty());
    assertEquals("client", root.get("role").asText());
    assertEquals(0, root.get("cases").size());
    assertTrue(root.get("strict").asBoolean());
    assertFalse(root.get("failed").asBoolean());
  }

  /**
   * The violations of the JSON Schema keywords report-schema.json uses (type, const, enum, required,
   * properties, additionalProperties false, items, minimum, pattern); other keywords are ignored.
   */
  static List<String> violations(JsonNode schema, JsonNode value, String path) {
    List<String> out = new ArrayList<>();
    if (schema.has("type")) {
      String type = schema.get("type").asText();
      boolean ok = switch (type) {
        case "object" -> value.isObject();
        case "array" -> value.isArray();
        case "string" -> value.isTextual();
        case "integer" -> value.isIntegralNumber();
        case "boolean" -> value.isBoolean();
        default -> throw new IllegalArgumentException("unsupported type " + type);
      };
      if (!ok) {
        out.add(path + ": not " + type);
        return out;
      }
    }
    if (schema.has("const") && !schema.get("const").equals(value)) {
      out.add(path + ": not " + schema.get("const"));
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode e : schema.get("enum")) {
        found |= e.equals(value);
      }
      if (!found) {
        out.add(path + ": " + value + " not in " + schema.get("enum"));
      }
    }
    if (schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
      out.add(path + ": below minimum");
    }
    if (schema.has("pattern") && !value.asText().matches(schema.get("pattern").asText())) {
      out.add(path + ": does not match " + schema.get("pattern"));
    }
    if (schema.has("required")) {
      for (JsonNode r : schema.get("required")) {
        if (!value.has(r.asText())) {
          out.add(path + ": missing " + r.asText());
        }
      }
    }
    JsonNode props = schema.get("properties");
    if (props != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (props.has(f.getKey())) {
          out.addAll(violations(props.get(f.getKey()), f.getValue(), path + "." + f.getKey()));
        } else if (schema.has("additionalProperties") && !schema.get("additionalProperties").asBoolean()) {
          out.add(path + ": unexpected " + f.getKey());
        }
      }
    }
    if (schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        out.addAll(violations(schema.get("items"), value.get(i), path + "[" + i + "]"));
      }
    }
    return out;
  }
}
