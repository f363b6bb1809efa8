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
 *       every listed request ended with eos; the session stays open unless {@code closed} is true;
 *       the requests of {@code notices} sent those text-output and progress payloads.
 *   <li>{@link Kind#ERROR}: an error-response frame of {@code errorType} (e.g. {@code protocol})
 *       naming {@code requirement} (ERR-3) when given, then the connection closed.
 *   <li>{@link Kind#CLOSED}: the connection closed without an error frame.
 *   <li>{@link Kind#COMMAND_ERROR}: the request of {@code requestId} ends in a command error; the
 *       session stays open.
 *   <li>{@link Kind#HTTP_STATUS}: the last HTTP exchange's status and headers ({@code http}) only;
 *       the body is not read as frames.
 *   <li>{@link Kind#INPUT_STALLED}: while the suite did not read, the target stopped taking its
 *       input (LIMIT-3); once the suite read again, every request of {@code ended} ended with eos,
 *       without error frames, and the session stayed open. Response content is not compared.
 *   <li>{@link Kind#SERVER_ERROR}: the request of {@code requestId} ends with an error-response of
 *       type {@code server} instead of eos, and nothing of it follows (ERR-4); the requests in
 *       {@code responses} end as for {@link Kind#RESPONSES}; the session stays open.
 * </ul>
 *
 * <p>Over HTTP, where a session ends with its exchange (TRANS-9), {@code closed} is not graded, and
 * {@link Kind#CLOSED} matches a response body without frames.
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
 * @param http the HTTP status and headers the exchange must show (HTTP targets only), or null: a
 *     frame outcome then needs status 200
 * @param ended the requests that must have ended, for {@link Kind#INPUT_STALLED}
 * @param notices request id to the payloads of its text-output and progress frames (SPEC.md §7.3,
 *     §7.4), decoded, in the order sent, for {@link Kind#RESPONSES}: a listed request must have sent
 *     exactly these; requests not listed may send any (every such frame is checked against TEXT-1
 *     and PROG-1 whatever the case)
 */
public record Outcome(
    Kind kind,
    Grade grade,
    Map<Integer, List<CborValue>> responses,
    Map<Integer, Integer> objectCounts,
    String errorType,
    String requirement,
    int requestId,
    boolean closed,
    Http http,
    List<Integer> ended,
    Map<Integer, List<CborValue>> notices) {

  public Outcome {
    responses = Map.copyOf(responses);
    ended = List.copyOf(ended);
    notices = Map.copyOf(notices);
    objectCounts = Map.copyOf(objectCounts);
    if (grade == Grade.FAIL || grade == Grade.NOT_APPLICABLE) {
      throw new IllegalArgumentException("an outcome earns pass, acceptable or non-strict, not " + grade.label());
    }
    if (kind == Kind.HTTP_STATUS && http == null) {
      throw new IllegalArgumentException("an http-status outcome gives the status");
    }
  }

  /**
   * An outcome without object counts and {@code ended} requests (every kind but {@link
   * Kind#INPUT_STALLED}, objects written out).
   */
  public Outcome(Kind kind, Grade grade, Map<Integer, List<CborValue>> responses, String errorType, String requirement,
      int requestId, boolean closed, Http http) {
    this(kind, grade, responses, Map.of(), errorType, requirement, requestId, closed, http, List.of(), Map.of());
  }

  /**
   * What an HTTP exchange must show (SPEC.md §9.2).
   *
   * @param status the status code
   * @param headers header name to value; values compare case-insensitively with media type
   *     parameters ignored (SPEC.md §9.2), and the header must be present
   */
  public record Http(int status, Map<String, String> headers) {
    public Http {
      headers = Map.copyOf(headers);
    }

    /** Whether a response with this status and these headers shows what this asks for. */
    public boolean matches(int gotStatus, java.net.http.HttpHeaders got) {
      return gotStatus == status && headers.entrySet().stream().allMatch(e ->
          got.allValues(e.getKey()).stream().anyMatch(v -> bare(v).equals(bare(e.getValue()))));
    }

    private static String bare(String value) {
      int semicolon = value.indexOf(';');
      return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The reaction kinds, with their JSON names. */
  public enum Kind {
    RESPONSES("responses"),
    ERROR("error"),
    CLOSED("closed"),
    COMMAND_ERROR("command-error"),
    HTTP_STATUS("http-status"),
    INPUT_STALLED("input-stalled"),
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
