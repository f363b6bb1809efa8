package org.framewire.conformance.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.framewire.cbor.CborEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.framewire.cbor.CborValue;
import org.framewire.conformance.Grade;
import org.framewire.spec.Requirement;
import org.framewire.vectors.TaggedJson;

/**
 * Grades a client case's final events against its {@code expect} entries, one per call:
 *
 * <ul>
 *   <li>{@code {"ok": [TAGGED...]}}: an {@code ok} event with equal objects (byte strings compared by
 *       content, definite or not); optional {@code "text": [S...]}, checked when the client reported text;
 *   <li>{@code {"commandError": {"message": TAGGED, "args": [...]}}};
 *   <li>{@code {"redirect": URL}};
 *   <li>{@code {"serverError": "server"|"protocol"}};
 *   <li>{@code {"reject": ID, "alternatives": [ID...]}}: {@code protocol-error} naming ID passes;
 *       naming an alternative or none, or a {@code transport-error} (the client closed), is acceptable.
 * </ul>
 *
 * <p>Whatever the expectations, the case fails when the client's own output breaks a rule of SPEC.md
 * ({@link Violation}: its frames, which framewire's server session judges, with {@link ScriptServer}
 * judging the decoded size of each command-data frame, ENC-11; and over HTTP its request, which
 * {@link ScriptHttp.Request} judges), and when the client reports a protocol error but does
 * not close the connection (ERR-2).
 *
 * <p>Maps compare regardless of entry order. A case whose main requirement is a SHOULD grades a miss as non-strict rather than fail.
 */
final class ClientGrader {
  private ClientGrader() {}

  /**
   * A rule of SPEC.md the client's own output broke, whatever the case expects.
   *
   * @param requirement the rule; a SHOULD grades the case non-strict, a MUST fail
   * @param where what broke it, for the detail: {@code frames} or {@code HTTP request}
   * @param message what was wrong
   */
  record Violation(Requirement requirement, String where, String message) {
    Violation {
      Objects.requireNonNull(requirement, "requirement");
      Objects.requireNonNull(where, "where");
      Objects.requireNonNull(message, "message");
    }
  }

  static ClientCaseRunner.Outcome grade(ClientCase c, Map<Integer, JsonNode> finals, List<JsonNode> nonFinal,
      boolean clientClosed, List<Violation> violations) {
    Grade worst = Grade.PASS;
    List<String> details = new ArrayList<>();
    for (Violation v : violations) {
      Grade g = v.requirement().level() == Requirement.Level.SHOULD ? Grade.NON_STRICT : Grade.FAIL;
      if (g.compareTo(worst) > 0) {
        worst = g;
      }
      details.add("the client's own " + v.where() + " broke " + v.requirement().id() + ": " + v.message());
    }
    if (nonFinal.stream().anyMatch(e -> e.path("event").asText().equals("duplicate-final"))) {
      worst = Grade.FAIL;
      details.add("a call got more than one final event");
    }
    boolean rejects = c.expect().stream().anyMatch(e -> e.has("reject"));
    if (rejects && !clientClosed && finals.values().stream().anyMatch(e -> e.path("event").asText().equals("protocol-error"))) {
      worst = Grade.FAIL;
      details.add("the client reported a protocol error but kept the connection open (ERR-2)");
    }
    for (int k = 1; k <= c.calls().size(); k++) {
      JsonNode expect = c.expect().get(k - 1);
      JsonNode got = finals.get(k);
      Grade g;
      String why;
      if (got == null) {
        g = Grade.FAIL;
        why = "no final event (timeout)";
      } else {
        String kind = got.path("event").asText();
        if (expect.has("reject")) {
          String want = expect.get("reject").asText();
          JsonNode req = got.get("requirement");
          if (kind.equals("protocol-error") && req != null && want.equals(req.asText())) {
            g = Grade.PASS;
            why = null;
          } else if (kind.equals("protocol-error") && (req == null || req.isNull())) {
            g = Grade.ACCEPTABLE;
            why = "rejected without naming " + want;
          } else if (kind.equals("protocol-error") && contains(expect.path("alternatives"), req.asText())) {
            g = Grade.ACCEPTABLE;
            why = "rejected citing " + req.asText() + " rather than " + want;
          } else if (kind.equals("transport-error")) {
            g = Grade.ACCEPTABLE;
            why = "connection closed instead of a protocol error naming " + want;
          } else {
            g = Grade.FAIL;
            why = "expected a protocol error naming " + want + ", got " + got;
          }
        } else if (expect.has("ok")) {
          if (!kind.equals("ok")) {
            g = Grade.FAIL;
            why = "expected ok, got " + got;
          } else if (!sameValues(expect.get("ok"), got.path("objects"))) {
            g = Grade.FAIL;
            why = "objects differ: expected " + abbreviate(expect.get("ok")) + ", got " + abbreviate(got.path("objects"));
          } else if (expect.has("text") && !textMatches(expect.get("text"), nonFinal, k)) {
            g = Grade.FAIL;
            why = "text output differs from " + expect.get("text");
          } else {
            g = Grade.PASS;
            why = null;
          }
        } else if (expect.has("commandError")) {
          JsonNode ce = expect.get("commandError");
          if (kind.equals("command-error") && sameValues(single(ce.get("message")), single(got.get("message")))
              && sameValues(ce.path("args"), got.path("args"))) {
            g = Grade.PASS;
            why = null;
          } else {
            g = Grade.FAIL;
            why = "expected command-error " + ce + ", got " + got;
          }
        } else if (expect.has("redirect")) {
          if (kind.equals("redirect") && expect.get("redirect").asText().equals(got.path("location").asText())) {
            g = Grade.PASS;
            why = null;
          } else {
            g = Grade.FAIL;
            why = "expected redirect to " + expect.get("redirect").asText() + ", got " + got;
          }
        } else if (expect.has("serverError")) {
          if (kind.equals("server-error") && expect.get("serverError").asText().equals(got.path("type").asText())) {
            g = Grade.PASS;
            why = null;
          } else {
            g = Grade.FAIL;
            why = "expected server-error of type " + expect.get("serverError").asText() + ", got " + got;
          }
        } else {
          throw new IllegalArgumentException(c.id() + ": unknown expect " + expect);
        }
      }
      if (g == Grade.FAIL && c.main().level() == Requirement.Level.SHOULD) {
        g = Grade.NON_STRICT;
      }
      if (g.compareTo(worst) > 0) {
        worst = g;
      }
      if (why != null) {
        details.add("call " + k + ": " + why);
      }
    }
    return new ClientCaseRunner.Outcome(worst, String.join("; ", details));
  }

  private static boolean contains(JsonNode array, String s) {
    for (JsonNode n : array) {
      if (n.asText().equals(s)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode single(JsonNode n) {
    return n == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()
        : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(n);
  }

  private static boolean textMatches(JsonNode expected, List<JsonNode> nonFinal, int call) {
    List<String> got = new ArrayList<>();
    for (JsonNode e : nonFinal) {
      if ("text".equals(e.path("event").asText()) && e.path("id").asInt() == call) {
        got.add(e.path("text").asText());
      }
    }
    if (got.isEmpty()) {
      return true;
    }
    List<String> want = new ArrayList<>();
    expected.forEach(t -> want.add(t.asText()));
    return want.equals(got);
  }

  /** Whether two arrays of tagged values are equal, byte strings compared by content. */
  static boolean sameValues(JsonNode a, JsonNode b) {
    if (a == null || b == null || !a.isArray() || !b.isArray() || a.size() != b.size()) {
      return false;
    }
    try {
      for (int i = 0; i < a.size(); i++) {
        if (!normalize(TaggedJson.read(a.get(i))).equals(normalize(TaggedJson.read(b.get(i))))) {
          return false;
        }
      }
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static CborValue normalize(CborValue v) {
    if (v instanceof CborValue.IndefiniteBytes ib) {
      return new CborValue.Bytes(ib.joined());
    }
    if (v instanceof CborValue.Array a) {
      return new CborValue.Array(a.items().stream().map(ClientGrader::normalize).toList());
    }
    if (v instanceof CborValue.MapValue m) {
      return new CborValue.MapValue(m.entries().stream()
          .map(e -> new CborValue.Entry(normalize(e.key()), normalize(e.value())))
          .sorted(java.util.Comparator.comparing(e -> java.util.HexFormat.of().formatHex(CborEncoder.encode(e.key()))))
          .toList());
    }
    return v;
  }

  private static String abbreviate(JsonNode n) {
    String s = n.toString();
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
