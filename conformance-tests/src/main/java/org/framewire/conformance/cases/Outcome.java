package org.framewire.conformance.cases;

import java.util.List;
import java.util.Map;
import org.framewire.cbor.CborValue;
import org.framewire.conformance.Grade;

/**
 * One reaction the specification allows for a case, and the grade it earns (docs/conformance/case-format.md).
 *
 * <p>Kinds:
 *
 * <ul>
 *   <li>{@link Kind#RESPONSES}: for each request id, the decoded CBOR objects of its command-response
 *       stream, in order (compared as objects, never bytes: encodings and coalescing may differ), and
 *       every listed request ended with eos; the session stays open unless {@code closed} is true.
 *   <li>{@link Kind#ERROR}: an error-response frame of {@code errorType} (e.g. {@code protocol})
 *       naming {@code requirement} (ERR-3) when given, then the connection closed.
 *   <li>{@link Kind#CLOSED}: the connection closed without an error frame.
 *   <li>{@link Kind#COMMAND_ERROR}: the request of {@code requestId} ends in a command error; the
 *       session stays open.
 *   <li>{@link Kind#SERVER_ERROR}: the request of {@code requestId} ends with an error-response of
 *       type {@code server} instead of eos, and nothing of it follows (ERR-4); the requests in
 *       {@code responses} end as for {@link Kind#RESPONSES}; the session stays open.
 * </ul>
 *
 * @param kind which reaction
 * @param grade the grade earned when the target shows it: pass, acceptable or non-strict
 * @param responses request id to its expected objects, for {@link Kind#RESPONSES} and {@link Kind#SERVER_ERROR}
 * @param objectCounts request id to the number of objects its response holds, the first an ok
 *     status map, for {@link Kind#RESPONSES} whose objects are too big to write out
 * @param errorType the error-response type, for {@link Kind#ERROR}
 * @param requirement the requirement id the error-response must name under its {@code requirement} key, or null for any
 * @param requestId the failing request, for {@link Kind#COMMAND_ERROR} and {@link Kind#SERVER_ERROR}
 * @param closed whether the session must be closed afterwards
 */
public record Outcome(
    Kind kind,
    Grade grade,
    Map<Integer, List<CborValue>> responses,
    Map<Integer, Integer> objectCounts,
    String errorType,
    String requirement,
    int requestId,
    boolean closed) {

  public Outcome {
    responses = Map.copyOf(responses);
    objectCounts = Map.copyOf(objectCounts);
    if (grade == Grade.FAIL || grade == Grade.NOT_APPLICABLE) {
      throw new IllegalArgumentException("an outcome earns pass, acceptable or non-strict, not " + grade.label());
    }
  }

  /** The reaction kinds, with their JSON names. */
  public enum Kind {
    RESPONSES("responses"),
    ERROR("error"),
    CLOSED("closed"),
    COMMAND_ERROR("command-error"),
    SERVER_ERROR("server-error");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    static Kind ofLabel(String s) {
      for (Kind k : values()) {
        if (k.label.equals(s)) {
          return k;
        }
      }
      throw new IllegalArgumentException("no outcome kind " + s);
    }
  }
}
