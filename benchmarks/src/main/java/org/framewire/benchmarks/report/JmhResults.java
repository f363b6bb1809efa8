package org.framewire.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JMH's JSON result format ({@code -rf json}): an array with one object per benchmark and parameter set. */
public final class JmhResults {

  /** The package every benchmark lives in; stripped from benchmark names. */
  static final String PACKAGE = "org.framewire.benchmarks.";

  private JmhResults() {}

  /** The scores of a JMH result file. */
  public static List<Score> read(Path file) throws IOException {
    return parse(new ObjectMapper().readTree(file.toFile()));
  }

  /** The scores of a JMH result document. */
  public static List<Score> parse(JsonNode results) {
    if (!results.isArray()) {
      throw new IllegalArgumentException("a JMH result document is an array, not " + results.getNodeType());
    }
    List<Score> scores = new ArrayList<>();
    for (JsonNode r : results) {
      String name = r.path("benchmark").asText();
      if (name.startsWith(PACKAGE)) {
        name = name.substring(PACKAGE.length());
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> p : r.path("params").properties()) {
        params.put(p.getKey(), p.getValue().asText());
      }
      JsonNode primary = r.path("primaryMetric");
      JsonNode alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm");
      scores.add(new Score(
          name,
          params,
          r.path("mode").asText(),
          number(primary.path("score")),
          number(primary.path("scoreError")),
          primary.path("scoreUnit").asText(),
          alloc.isMissingNode() ? Double.NaN : number(alloc.path("score"))));
    }
    return scores;
  }

  /** JMH writes NaN as the string "NaN". */
  private static double number(JsonNode n) {
    if (n.isNumber()) {
      return n.asDouble();
    }
    return n.isTextual() ? Double.parseDouble(n.asText()) : Double.NaN;
  }
}
