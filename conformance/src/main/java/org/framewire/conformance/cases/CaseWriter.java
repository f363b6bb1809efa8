package org.framewire.conformance.cases;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.framewire.cbor.CborValue;
import org.framewire.frames.PythonLiteral;
import org.framewire.spec.Requirement;

/**
 * Writes server cases in the case-file format {@link CaseLoader} reads (schema {@value
 * CaseLoader#SCHEMA}, docs/conformance/case-format.md): what {@code framewire fuzz} saves a shrunk
 * finding as. Writing a case and loading it back gives the same steps and outcomes.
 */
public final class CaseWriter {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private CaseWriter() {}

  /** A server case file holding {@code cases} (each from {@link #serverCase}). */
  public static ObjectNode serverFile(String title, List<ObjectNode> cases) {
    ObjectNode root = F.objectNode();
    root.put("schema", CaseLoader.SCHEMA);
    root.put("role", "server");
    root.put("title", title);
    cases.forEach(root.putArray("cases")::add);
    return root;
  }

  /** One server case: the envelope fields, {@code steps} and {@code expect}. */
  public static ObjectNode serverCase(String id, String title, String section, List<Requirement> requirements,
      List<Step> steps, List<Outcome> expect) {
    ObjectNode c = F.objectNode();
    c.put("id", id);
    c.put("title", title);
    c.put("section", section);
    ArrayNode reqs = c.putArray("requirements");
    requirements.forEach(r -> reqs.add(r.id()));
    ArrayNode s = c.putArray("steps");
    steps.forEach(step -> s.add(step(step)));
    ArrayNode e = c.putArray("expect");
    expect.forEach(o -> e.add(outcome(o)));
    return c;
  }

  /** A step as its JSON object. */
  public static ObjectNode step(Step s) {
    ObjectNode o = F.objectNode();
    if (s instanceof Step.Template t) {
      return t.json().deepCopy(); // written as read: the templates resolve when the case runs
    }
    if (s instanceof Step.Batch batch) {
      throw new IllegalArgumentException("a resolved repeat has no JSON form; write the case's template: " + batch.steps().size() + " frames");
    }
    if (s instanceof Step.StopReading) {
      o.put("stopReading", true);
    } else if (s instanceof Step.ResumeReading) {
      o.put("resumeReading", true);
    } else if (s instanceof Step.Send send) {
      o.put("send", send.notation());
    } else if (s instanceof Step.SendEncoded enc) {
      o.put("sendEncoded", enc.notation());
      o.put("encoding", enc.encoding());
      o.put("flush", enc.flush().label());
      if (enc.zeros() > 0) {
        o.put("zeros", enc.zeros());
      }
    } else if (s instanceof Step.SendHex hex) {
      o.put("sendHex", HexFormat.of().formatHex(hex.bytes()));
    } else if (s instanceof Step.SendPart part) {
      o.put("sendPart", part.notation());
      o.put("bytes", part.bytes());
    } else if (s instanceof Step.Pause pause) {
      o.put("pause", pause.millis());
    } else if (s instanceof Step.Http http) {
      ObjectNode h = o.putObject("http");
      h.put("method", http.method());
      h.put("path", http.path());
      ObjectNode headers = h.putObject("headers");
      http.headers().forEach(headers::put);
      http.body().forEach(h.putArray("body")::add);
    } else if (s instanceof Step.HalfClose) {
      o.put("halfClose", true);
    } else if (s instanceof Step.Tls tls) {
      o.put("tls", tls.opening().label());
      if (tls.opening() == Step.Tls.Opening.HANDSHAKE) {
        tls.alpn().forEach(o.putArray("alpn")::add);
      }
    } else {
      throw new IllegalArgumentException("no JSON form for step " + s);
    }
    return o;
  }

  private static void responses(ObjectNode n, Outcome o) {
    ObjectNode r = n.putObject("responses");
    for (Map.Entry<Integer, List<CborValue>> e : o.responses().entrySet()) {
      ArrayNode objs = r.putArray(String.valueOf(e.getKey()));
      e.getValue().forEach(v -> objs.add(PythonLiteral.format(v)));
    }
  }

  /** An outcome as its JSON object; {@code closed} is written only where it differs from the kind's default. */
  public static ObjectNode outcome(Outcome o) {
    ObjectNode n = F.objectNode();
    n.put("outcome", o.kind().label());
    n.put("grade", o.grade().label());
    switch (o.kind()) {
      case RESPONSES -> {
        responses(n, o);
        if (!o.objectCounts().isEmpty()) {
          ObjectNode counts = n.putObject("objectCounts");
          o.objectCounts().forEach((id, count) -> counts.put(String.valueOf(id), count));
        }
        if (!o.notices().isEmpty()) {
          ObjectNode notices = n.putObject("notices");
          for (Map.Entry<Integer, List<CborValue>> e : o.notices().entrySet()) {
            ArrayNode payloads = notices.putArray(String.valueOf(e.getKey()));
            e.getValue().forEach(v -> payloads.add(PythonLiteral.format(v)));
          }
        }
      }
      case SERVER_ERROR -> {
        n.put("requestId", o.requestId());
        if (!o.responses().isEmpty()) {
          responses(n, o);
        }
      }
      case ERROR -> {
        n.put("errorType", o.errorType());
        if (o.requirement() != null) {
          n.put("requirement", o.requirement());
        }
      }
      case COMMAND_ERROR -> n.put("requestId", o.requestId());
      case INPUT_STALLED -> o.ended().forEach(n.putArray("ended")::add);
      case CLOSED, HTTP_STATUS -> { }
    }
    if (o.http() != null) {
      n.put("status", o.http().status());
      ObjectNode headers = n.putObject("headers");
      o.http().headers().forEach(headers::put);
    }
    boolean defaultClosed = o.kind() == Outcome.Kind.ERROR || o.kind() == Outcome.Kind.CLOSED;
    if (o.closed() != defaultClosed) {
      n.put("closed", o.closed());
    }
    return n;
  }
}
