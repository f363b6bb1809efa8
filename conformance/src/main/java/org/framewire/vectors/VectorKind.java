package org.framewire.vectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks the cases of one vector kind (the {@code "kind"} of a vector file) against framewire.
 * Implementations are stateless.
 */
public interface VectorKind {
  /** The kind name as written in vector files, e.g. {@code frame-encoding}. */
  String kind();

  /**
   * Runs one case.
   *
   * @return {@code null} when framewire does exactly what the case records, otherwise one line
   *     saying what differed
   * @throws Exception a failure of the harness or of framewire; reported as a failed case
   */
  String check(JsonNode testCase) throws Exception;
}
