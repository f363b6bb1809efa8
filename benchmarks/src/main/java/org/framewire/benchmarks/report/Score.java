package org.framewire.benchmarks.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * One JMH result: a benchmark method with its parameters, its primary score and the heap bytes it
 * allocated per operation (JMH's gc profiler, {@code gc.alloc.rate.norm}), when profiled.
 *
 * @param benchmark {@code Class.method}, without the package
 * @param params the {@code @Param} values, sorted by name
 * @param mode JMH's mode ({@code thrpt}, {@code avgt})
 * @param score the primary score
 * @param error the half-width of its 99.9% confidence interval, NaN when JMH could not compute one
 * @param unit the score's unit ({@code ops/s}, {@code ns/op})
 * @param allocBytesPerOp {@code gc.alloc.rate.norm} in bytes per operation, NaN without the gc profiler
 */
public record Score(
    String benchmark, Map<String, String> params, String mode, double score, double error, String unit,
    double allocBytesPerOp) {

  public Score {
    params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
  }

  /** The lookup key: {@code Class.method} or {@code Class.method[name=value,...]}. */
  public String key() {
    return key(benchmark, params);
  }

  /** The key of {@code benchmark} with {@code params}. */
  public static String key(String benchmark, Map<String, String> params) {
    if (params.isEmpty()) {
      return benchmark;
    }
    StringBuilder b = new StringBuilder(benchmark).append('[');
    new TreeMap<>(params).forEach((k, v) -> b.append(k).append('=').append(v).append(','));
    b.setLength(b.length() - 1);
    return b.append(']').toString();
  }
}
