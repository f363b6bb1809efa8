package org.framewire.conformance.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.framewire.cbor.CborValue;
import org.framewire.frames.PythonLiteral;
import org.framewire.conformance.cases.ConformanceCase;
import org.framewire.conformance.cases.Outcome;

/**
 * Grades an {@link Observation} against a case's allowed outcomes (docs/conformance/case-format.md):
 * which outcome it matches now, and whether any still can. A target's output only grows (frames
 * append, a request's eos or the close come once, bad output stays bad), so once no outcome can
 * match, nothing the target sends later changes the verdict and the case ends there: only silence
 * waits for the deadline.
 */
final class OutcomeMatcher {

  private OutcomeMatcher() {}

  private static final CborValue STATUS_OK =
      CborValue.MapValue.of(CborValue.Bytes.of("status"), CborValue.Bytes.of("ok"));

  /** The first allowed outcome the observation matches, or null. */
  static Outcome match(ConformanceCase c, Observation obs) {
    if (bytesMatter(c) && obs.nonDeterministic() != null) {
      return null;
    }
    for (Outcome o : c.expect()) {
      if (matches(o, obs)) {
        return o;
      }
    }
    return null;
  }

  /**
   * Whether the verdict is certain: an outcome matches, or none can match whatever the target sends
   * next. Only for a byte-stream session; an HTTP exchange is decided when it ends.
   */
  static boolean decided(ConformanceCase c, Observation obs) {
    if (obs.exchange || obs.status != null) {
      return false;
    }
    if (match(c, obs) != null) {
      return true;
    }
    return obs.closed || canNoLongerMatch(c, obs);
  }

  /**
   * Whether no allowed outcome can match whatever the target sends next (the target has not closed:
   * then only what matches now counts). Only for a byte-stream session.
   */
  static boolean canNoLongerMatch(ConformanceCase c, Observation obs) {
    return !obs.exchange && obs.status == null && !obs.closed
        && (bytesMatter(c) && obs.nonDeterministic() != null
            || c.expect().stream().noneMatch(o -> matches(o, obs) || canStillMatch(o, obs)));
  }

  /**
   * Whether the case grades the response bytes, not only the objects: a case whose main requirement
   * is CBOR-3 (deterministic encoding) matches no outcome when a response is not deterministically
   * encoded, so a target breaking that SHOULD is graded non-strict.
   */
  private static boolean bytesMatter(ConformanceCase c) {
    return c.mainRequirement() == org.framewire.spec.Requirement.CBOR_DETERMINISTIC;
  }

  static boolean matches(Outcome o, Observation obs) {
    if (obs.status != null
        ? !(o.http() != null ? o.http().matches(obs.status, obs.headers) : obs.status == 200)
        : o.http() != null) {
      return false;
    }
    if (o.kind() == Outcome.Kind.HTTP_STATUS) {
      return true;
    }
    if (obs.garbage != null || gradesStoppedResponse(o, obs)) {
      return false;
    }
    // over HTTP the session ends with the exchange whatever the server does: not graded
    boolean closedAsExpected = obs.exchange || obs.closed == o.closed();
    switch (o.kind()) {
      case INPUT_STALLED:
        return obs.stalled && obs.errors.isEmpty() && !obs.closed
            && o.ended().stream().allMatch(id -> Boolean.TRUE.equals(obs.ended.get(id)));
      case ERROR:
        return obs.closed && obs.errors.size() == 1 && errorFits(o, obs.errors.get(0));
      case CLOSED:
        return obs.closed && obs.errors.isEmpty() && !(obs.exchange && !obs.payloads.isEmpty());
      case COMMAND_ERROR: {
        List<CborValue> objs = obs.objects(o.requestId());
        return obs.errors.isEmpty() && closedAsExpected && objs != null && objs.size() == 1
            && isErrorStatus(objs.get(0)) && Boolean.TRUE.equals(obs.ended.get(o.requestId()));
      }
      case RESPONSES:
        return obs.errors.isEmpty() && closedAsExpected && responsesMatch(o, obs)
            && countsMatch(o, obs) && obs.payloads.keySet().equals(requests(o)) && noticesFit(o, obs, false);
      case SERVER_ERROR:
        return closedAsExpected && obs.errors.size() == 1 && serverErrorFits(o, obs.errors.get(0))
            && !Boolean.TRUE.equals(obs.ended.get(o.requestId())) && responsesMatch(o, obs)
            && requests(o).containsAll(obs.payloads.keySet());
      default:
        return false;
    }
  }

  /**
   * Whether more output from a target that has not closed could still make {@code o} match: false
   * once something the outcome forbids was seen (bad output, an error frame it does not allow, a
   * response of another request, objects that are not a prefix of the expected ones, an eos that
   * came too early or must not come).
   */
  static boolean canStillMatch(Outcome o, Observation obs) {
    if (o.http() != null || obs.garbage != null || gradesStoppedResponse(o, obs)) {
      return false;
    }
    switch (o.kind()) {
      case INPUT_STALLED:
      case CLOSED:
        return obs.errors.isEmpty();
      case ERROR:
        return obs.errors.isEmpty() || obs.errors.size() == 1 && errorFits(o, obs.errors.get(0));
      case COMMAND_ERROR: {
        List<CborValue> objs = obs.objects(o.requestId());
        return obs.errors.isEmpty() && (objs == null || objs.isEmpty()
            || objs.size() == 1 && isErrorStatus(objs.get(0)));
      }
      case RESPONSES:
        return obs.errors.isEmpty() && requests(o).containsAll(obs.payloads.keySet()) && prefixesFit(o, obs)
            && noticesFit(o, obs, true);
      case SERVER_ERROR:
        return (obs.errors.isEmpty() || obs.errors.size() == 1 && serverErrorFits(o, obs.errors.get(0)))
            && !Boolean.TRUE.equals(obs.ended.get(o.requestId()))
            && requests(o).containsAll(obs.payloads.keySet()) && prefixesFit(o, obs);
      default:
        return false;
    }
  }

  /**
   * Whether the outcome needs a response to end with eos that a frame with neither continuation
   * nor eos has stopped (CMD-16, {@link Observation#stoppedWithoutEos}): the listed responses of
   * {@code responses}, {@code command-error} and {@code server-error}, and the {@code ended}
   * requests of {@code input-stalled}. Outcomes that do not grade responses ({@code error},
   * {@code closed}) are not affected.
   */
  private static boolean gradesStoppedResponse(Outcome o, Observation obs) {
    if (obs.stoppedWithoutEos.isEmpty()) {
      return false;
    }
    java.util.Collection<Integer> graded = switch (o.kind()) {
      case RESPONSES -> requests(o);
      case COMMAND_ERROR -> List.of(o.requestId());
      case SERVER_ERROR -> requests(o).stream().filter(id -> id != o.requestId()).toList();
      case INPUT_STALLED -> o.ended();
      default -> List.of();
    };
    return graded.stream().anyMatch(obs.stoppedWithoutEos::contains);
  }

  private static boolean errorFits(Outcome o, Observation.ErrorFrame e) {
    return o.errorType().equals(e.type()) && (o.requirement() == null || o.requirement().equals(e.requirement()));
  }

  private static boolean serverErrorFits(Outcome o, Observation.ErrorFrame e) {
    return "server".equals(e.type()) && e.requestId() == o.requestId();
  }

  private static boolean isErrorStatus(CborValue v) {
    return v instanceof CborValue.MapValue m && CborValue.Bytes.of("error").equals(m.get("status"));
  }

  /** The request ids an outcome lists responses of (and, for a server error, the failing one). */
  private static Set<Integer> requests(Outcome o) {
    Set<Integer> ids = new HashSet<>(o.responses().keySet());
    ids.addAll(o.objectCounts().keySet());
    if (o.kind() == Outcome.Kind.SERVER_ERROR) {
      ids.add(o.requestId());
    }
    return ids;
  }

  /**
   * Whether every listed request's objects so far can still grow into what the outcome expects:
   * the decoded objects (whole CBOR items never change as bytes append) are a prefix of the
   * expected ones, no more than the expected count and the first an ok status.
   */
  private static boolean prefixesFit(Outcome o, Observation obs) {
    for (Map.Entry<Integer, List<CborValue>> e : o.responses().entrySet()) {
      List<CborValue> got = obs.objects(e.getKey());
      if (got != null) {
        List<CborValue> want = e.getValue().stream().map(Observation::normalize).toList();
        if (got.size() > want.size() || !want.subList(0, got.size()).equals(got)) {
          return false;
        }
      }
    }
    for (Map.Entry<Integer, Integer> e : o.objectCounts().entrySet()) {
      List<CborValue> got = obs.objects(e.getKey());
      if (got != null && (got.size() > e.getValue() || !got.isEmpty() && !STATUS_OK.equals(got.get(0)))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether every request of {@code o.notices()} sent exactly its text-output and progress payloads
   * ({@code prefix} false), or so far a prefix of them ({@code prefix} true).
   */
  private static boolean noticesFit(Outcome o, Observation obs, boolean prefix) {
    for (Map.Entry<Integer, List<CborValue>> e : o.notices().entrySet()) {
      List<CborValue> got = obs.notices.getOrDefault(e.getKey(), List.of());
      List<CborValue> want = e.getValue().stream().map(Observation::normalize).toList();
      if (prefix ? got.size() > want.size() || !want.subList(0, got.size()).equals(got) : !want.equals(got)) {
        return false;
      }
    }
    return true;
  }

  /** Every request of {@code o.objectCounts()} got that many objects, the first ok, and ended with eos. */
  private static boolean countsMatch(Outcome o, Observation obs) {
    for (Map.Entry<Integer, Integer> e : o.objectCounts().entrySet()) {
      List<CborValue> got = obs.objects(e.getKey());
      if (got == null || got.isEmpty() || got.size() != e.getValue() || !STATUS_OK.equals(got.get(0))
          || !Boolean.TRUE.equals(obs.ended.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Every request of {@code o.responses()} got exactly its objects and ended with eos. */
  private static boolean responsesMatch(Outcome o, Observation obs) {
    for (Map.Entry<Integer, List<CborValue>> e : o.responses().entrySet()) {
      List<CborValue> want = e.getValue().stream().map(Observation::normalize).toList();
      if (!want.equals(obs.objects(e.getKey())) || !Boolean.TRUE.equals(obs.ended.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** The allowed outcomes, one per line, in the frame/CBOR notation of the wire log. */
  static String describe(List<Outcome> outcomes) {
    StringBuilder b = new StringBuilder();
    for (Outcome o : outcomes) {
      b.append("\n  allowed (").append(o.grade().label()).append("): ").append(describe(o));
    }
    return b.toString();
  }

  /** One allowed outcome in words and CBOR notation, such as {@code error-response type protocol naming FRAME-2, then close}. */
  static String describe(Outcome o) {
    StringBuilder b = new StringBuilder(o.kind().label()).append(':');
    if (o.http() != null) {
      b.append(" HTTP ").append(o.http().status()).append(o.http().headers().isEmpty() ? "" : " " + o.http().headers());
    }
    switch (o.kind()) {
      case ERROR -> b.append(" one error-response of type ").append(o.errorType())
          .append(o.requirement() != null ? " naming " + o.requirement() : "").append(", then close");
      case CLOSED -> b.append(" close without an error-response");
      case COMMAND_ERROR -> b.append(" request ").append(o.requestId())
          .append(" gets one {b'status': b'error', ...} object, then eos");
      case INPUT_STALLED -> b.append(" the target stops taking input while unread; then requests ")
          .append(o.ended()).append(" end with eos");
      case SERVER_ERROR -> b.append(" request ").append(o.requestId()).append(" ends in an error-response of type server");
      default -> { }
    }
    for (Map.Entry<Integer, List<CborValue>> e : new java.util.TreeMap<>(o.responses()).entrySet()) {
      b.append(" request ").append(e.getKey()).append(":");
      for (CborValue v : e.getValue()) {
        b.append(' ').append(Observation.capped(PythonLiteral.format(v)));
      }
      b.append(" eos;");
    }
    for (Map.Entry<Integer, Integer> e : new java.util.TreeMap<>(o.objectCounts()).entrySet()) {
      b.append(" request ").append(e.getKey()).append(": ").append(e.getValue()).append(" objects, the first {b'status': b'ok'}, eos;");
    }
    for (Map.Entry<Integer, List<CborValue>> e : new java.util.TreeMap<>(o.notices()).entrySet()) {
      b.append(" request ").append(e.getKey()).append(" text-output/progress:");
      for (CborValue v : e.getValue()) {
        b.append(' ').append(Observation.capped(PythonLiteral.format(v)));
      }
      b.append(';');
    }
    if (o.kind() != Outcome.Kind.ERROR && o.kind() != Outcome.Kind.CLOSED && o.kind() != Outcome.Kind.HTTP_STATUS) {
      b.append(o.closed() ? " then close" : " stays open");
    }
    return b.toString();
  }
}
