package org.framewire.conformance.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import org.framewire.conformance.CaseReport;
import org.framewire.conformance.RunReport;
import org.framewire.conformance.WireEvent;
import org.framewire.spec.Requirement;

/**
 * Writes a run as JSON ({@code --json FILE}) in the versioned schema {@value #SCHEMA}, documented
 * field by field in {@code docs/conformance/report-schema.md} and as JSON Schema in {@code
 * docs/conformance/report-schema.json}. Strings from the target go through unchanged except that
 * Jackson escapes control characters; non-ASCII is written as UTF-8.
 */
public final class JsonReportWriter {

  /** The value of the report's {@code schema} field. */
  public static final String SCHEMA = "framewire-conformance-report/" + RunReport.SCHEMA_VERSION;

  private final ObjectMapper mapper = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  /** The run as a JSON tree. */
  public ObjectNode toJson(RunReport run) {
    ObjectNode root = mapper.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("role", run.role().label());
    root.put("target", run.target());
    root.put("started", run.started().toString());
    root.put("millis", run.millis());
    root.put("strict", run.strict());
    root.put("failed", run.failed());
    ArrayNode known = root.putArray("knownFailures");
    run.knownFailures().stream().sorted().forEach(known::add);
    ArrayNode problems = root.putArray("problems");
    run.problems().forEach(problems::add);
    ObjectNode counts = root.putObject("counts");
    run.counts().forEach((g, n) -> counts.put(g.label(), n));
    ArrayNode cases = root.putArray("cases");
    for (CaseReport c : run.cases()) {
      ObjectNode o = cases.addObject();
      o.put("id", c.id());
      o.put("role", c.role().label());
      o.put("title", c.title());
      o.put("section", c.section());
      ArrayNode reqs = o.putArray("requirements");
      for (Requirement r : c.requirements()) {
        reqs.add(r.id());
      }
      o.put("grade", c.grade().label());
      o.put("failing", c.grade().fails(run.strict()));
      o.put("detail", c.detail() == null ? "" : c.detail());
      o.put("millis", c.millis());
      o.put("flaky", c.flaky());
      o.put("repro", c.repro() == null ? "" : c.repro());
      ArrayNode wire = o.putArray("wire");
      for (WireEvent w : c.wire()) {
        ObjectNode e = wire.addObject();
        e.put("direction", w.direction().name().toLowerCase(Locale.ROOT));
        e.put("atMillis", w.atMillis());
        e.put("text", w.text());
      }
    }
    return root;
  }

  /** Writes {@code run} to {@code out}, leaving {@code out} open. */
  public void write(RunReport run, Writer out) throws IOException {
    mapper.writeValue(out, toJson(run));
    out.write("\n");
    out.flush();
  }
}
