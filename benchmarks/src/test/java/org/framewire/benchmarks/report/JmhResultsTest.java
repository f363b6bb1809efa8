package org.framewire.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JMH's JSON result format, as JMH 1.37 writes it with the gc profiler. */
class JmhResultsTest {

  static final String SAMPLE = """
      [
        {
          "jmhVersion": "1.37",
          "benchmark": "org.framewire.benchmarks.FrameDecodeBenchmark.framewire",
          "mode": "thrpt",
          "threads": 1,
          "forks": 1,
          "params": {"payloadSize": "64"},
          "primaryMetric": {"score": 1.25E7, "scoreError": 3.5E5, "scoreUnit": "ops/s", "rawData": [[1.2E7, 1.3E7]]},
          "secondaryMetrics": {
            "gc.alloc.rate": {"score": 1400.0, "scoreError": "NaN", "scoreUnit": "MB/sec"},
            "gc.alloc.rate.norm": {"score": 120.44, "scoreError": 0.01, "scoreUnit": "B/op"}
          }
        },
        {
          "jmhVersion": "1.37",
          "benchmark": "org.framewire.benchmarks.ReactorBenchmark.route",
          "mode": "avgt",
          "params": {"active": "32768"},
          "primaryMetric": {"score": 257.0, "scoreError": "NaN", "scoreUnit": "ns/op"},
          "secondaryMetrics": {}
        }
      ]
      """;

  @Test
  void readsScoresParamsAndAllocation() throws Exception {
    List<Score> scores = JmhResults.parse(new ObjectMapper().readTree(SAMPLE));
    assertEquals(2, scores.size());
    Score decode = scores.get(0);
    assertEquals("FrameDecodeBenchmark.framewire", decode.benchmark());
    assertEquals(Map.of("payloadSize", "64"), decode.params());
    assertEquals("FrameDecodeBenchmark.framewire[payloadSize=64]", decode.key());
    assertEquals(1.25e7, decode.score());
    assertEquals(3.5e5, decode.error());
    assertEquals("ops/s", decode.unit());
    assertEquals(120.44, decode.allocBytesPerOp());
    Score route = scores.get(1);
    assertEquals("ReactorBenchmark.route[active=32768]", route.key());
    assertEquals("avgt", route.mode());
    assertTrue(Double.isNaN(route.error()));
    assertTrue(Double.isNaN(route.allocBytesPerOp()));
  }

  @Test
  void keysSortParameters() {
    assertEquals("B.m[a=1,b=2]", Score.key("B.m", Map.of("b", "2", "a", "1")));
    assertEquals("B.m", Score.key("B.m", Map.of()));
  }

  @Test
  void refusesWhatIsNotAResultArray() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> JmhResults.parse(new ObjectMapper().readTree("{}")));
  }
}
