package org.framewire.conformance.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.PythonLiteral;
import org.framewire.conformance.Grade;
import org.framewire.conformance.WireEvent;
import org.framewire.conformance.cases.Outcome;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.streams.Side;
import org.framewire.streams.StreamRegistry;

/**
 * What a target sent in one case, decoded from its bytes: the frames (logged in frame notation), the
 * error-responses, each request's joined command-response payload and whether it ended with eos, and
 * whether the target closed (SPEC.md §6.3, §7.1). Over HTTP (§9.2) also the last exchange's status
 * and headers; the end of a response body is the session's close.
 *
 * <p>The target's streams pass through a client-side {@link StreamRegistry} of the streams module, so
 * stream settings and encoded frames are decoded with each stream's one context, as a client would
 * (SPEC.md §4.3); output that registry refuses (a corrupt encoding, an encoded frame before stream
 * settings, a profile it does not know) is bad output, which no outcome matches. {@link #close()}
 * frees the decoder contexts.
 */
final class Observation implements AutoCloseable {
  /** One error-response frame: its type and the requirement it names (ERR-3), either may be null. */
  record ErrorFrame(int requestId, String type, String requirement) {}

  final List<ErrorFrame> errors = new ArrayList<>();
  final Map<Integer, java.io.ByteArrayOutputStream> payloads = new LinkedHashMap<>();
  final Map<Integer, Boolean> ended = new LinkedHashMap<>();
  /** Each request's text-output and progress payloads (SPEC.md §7.3, §7.4), decoded, in order. */
  final Map<Integer, List<CborValue>> notices = new LinkedHashMap<>();
  /**
   * Requests whose response had a command-response frame carrying neither continuation nor eos
   * (CMD-16): that frame says no more frames of the response follow, yet it did not end the
   * response, so the response can never end as CMD-8 asks and no outcome grading it can match.
   */
  final java.util.Set<Integer> stoppedWithoutEos = new java.util.HashSet<>();
  String garbage;
  boolean closed;
  boolean timedOut;
  /** The target stopped taking input while the suite did not read (LIMIT-3). */
  boolean stalled;
  /** The session was one HTTP exchange: its end is not the server's choice, so not graded. */
  boolean exchange;
  /** The last HTTP-only request's status, or null. */
  Integer status;
  /** The last HTTP-only request's response headers, or null. */
  java.net.http.HttpHeaders headers;

  private StreamRegistry streams = new StreamRegistry(Side.CLIENT);
  private boolean released;
  private FrameDecoder decoder = newDecoder();

  private static FrameDecoder newDecoder() {
    return new FrameDecoder(FrameDecoder.Options.DEFAULTS.withMaxFrameSize(FrameHeader.MAX_PAYLOAD_LENGTH).withValidateTypesAndFlags(false));
  }

  /**
   * Starts over for the response of a new HTTP exchange, a session of its own (TRANS-9): what
   * earlier exchanges sent is forgotten, their streams' decoder contexts included; outcomes grade
   * the last one.
   */
  void newExchange(int status, java.net.http.HttpHeaders headers) {
    errors.clear();
    payloads.clear();
    decoded.clear();
    ended.clear();
    notices.clear();
    stoppedWithoutEos.clear();
    openStreams.clear();
    serverFailed.clear();
    garbage = null;
    decoder = newDecoder();
    streams.close();
    streams = new StreamRegistry(Side.CLIENT);
    exchange = true;
    closed = true;
    this.status = status;
    this.headers = headers;
  }

  /** How many bytes the target sent in this case. */
  long receivedBytes;

  /** Feeds the target's bytes, logging every whole frame as received. */
  void feed(byte[] bytes, WireLog log) {
    receivedBytes += bytes.length;
    if (garbage != null || released || bytes.length == 0) {
      return;
    }
    try {
      decoder.feed(ByteBuffer.wrap(bytes));
      for (Frame f = decoder.next(); f != null; f = decoder.next()) {
        log.received(WireEvent.notation(f));
        frame(f);
        if (garbage != null) {
          log.note("violation: " + garbage);
          return;
        }
      }
    } catch (ProtocolException e) {
      garbage = e.getMessage();
      log.note("bytes not forming a frame: " + e.getMessage());
    }
  }

  private final java.util.Set<Integer> openStreams = new java.util.HashSet<>();
  /** Requests ended by an error-response of type server: no frame of theirs may follow (ERR-4). */
  private final java.util.Set<Integer> serverFailed = new java.util.HashSet<>();

  /** Checks the rules every server frame obeys whatever the case (STREAM-1, STREAM-2, FRAME-7, FRAME-8). */
  private void checkServerFrame(Frame f) {
    int sid = f.streamId();
    boolean begin = (f.streamFlags() & 0x1) != 0;
    if (sid == 0 || sid % 2 != 0) {
      violation("STREAM-1: server frame on stream " + sid);
    } else if (!openStreams.contains(sid) && !begin) {
      violation("STREAM-2: first server frame on stream " + sid + " lacks the begin flag");
    } else if (openStreams.contains(sid) && begin) {
      violation("STREAM-3: begin flag on open server stream " + sid);
    }
    openStreams.add(sid);
    if ((f.streamFlags() & 0x2) != 0) {
      openStreams.remove(sid);
    }
    if (f.type() != FrameType.ERROR_RESPONSE && f.requestId() % 2 == 0) {
      violation("FRAME-7: server frame with even request id " + f.requestId());
    }
    if (f.payload().remaining() > FrameDecoder.DEFAULT_MAX_FRAME_SIZE) {
      violation("FRAME-8: server frame of " + f.payload().remaining() + " bytes");
    }
  }

  private void violation(String text) {
    if (garbage == null) {
      garbage = text;
    }
  }

  private void frame(Frame f) {
    checkServerFrame(f);
    if (serverFailed.contains(f.requestId())) {
      violation("ERR-4: a " + f.type() + " frame of request " + f.requestId() + " after its error-response of type server");
    }
    if (garbage != null) {
      return;
    }
    try {
      streams.receive(f, this::decoded);
    } catch (ProtocolException e) {
      violation("output a client cannot decode: " + e.getMessage());
      return;
    }
    if ((f.type() == FrameType.TEXT_OUTPUT || f.type() == FrameType.PROGRESS) && (f.streamFlags() & 0x4) == 0) {
      try {
        CborValue v = CborDecoder.decodeOne(f.payloadBytes());
        String wrong = f.type() == FrameType.TEXT_OUTPUT ? PayloadRules.textOutput(v) : PayloadRules.progress(v);
        if (wrong != null) {
          violation(wrong);
          return;
        }
        notices.computeIfAbsent(f.requestId(), k -> new ArrayList<>()).add(normalize(v));
      } catch (ProtocolException e) {
        violation((f.type() == FrameType.TEXT_OUTPUT ? "TEXT-1" : "PROG-1") + ": payload is not one CBOR item: " + e.getMessage());
        return;
      }
    }
    if (f.type() == FrameType.ERROR_RESPONSE) {
      String type = null;
      String req = null;
      try {
        CborValue v = CborDecoder.decodeOne(f.payloadBytes());
        if (v instanceof CborValue.MapValue m) {
          type = latin1(m.get("type"));
          req = latin1(m.get("requirement"));
        }
        String wrong = PayloadRules.errorResponse(f.requestId(), v);
        if (wrong != null) {
          violation(wrong);
          return;
        }
      } catch (ProtocolException e) {
        type = "undecodable";
      }
      errors.add(new ErrorFrame(f.requestId(), type, req));
      if ("server".equals(type) && f.requestId() != 0) {
        serverFailed.add(f.requestId());
      }
    } else if (f.type() == FrameType.COMMAND_RESPONSE) {
      payloads.computeIfAbsent(f.requestId(), k -> new java.io.ByteArrayOutputStream());
      if ((f.flags() & 0x2) != 0) {
        ended.put(f.requestId(), true);
      } else if ((f.flags() & 0x1) == 0) {
        stoppedWithoutEos.add(f.requestId());
      }
    }
  }

  /** A command-response frame's payload as its stream delivers it: decoded when it is encoded. */
  private void decoded(Frame f, ByteBuffer bytes) {
    if (f.type() == FrameType.COMMAND_RESPONSE) {
      byte[] b = new byte[bytes.remaining()];
      bytes.get(b);
      payloads.computeIfAbsent(f.requestId(), k -> new java.io.ByteArrayOutputStream()).writeBytes(b);
    }
  }

  /** Frees the decoder contexts; later bytes are ignored. */
  @Override
  public void close() {
    released = true;
    streams.close();
  }

  /** The decoded CBOR sequence of a request's response, or null when it does not decode. */
  List<CborValue> objects(int requestId) {
    java.io.ByteArrayOutputStream b = payloads.get(requestId);
    if (b == null) {
      return null;
    }
    // the verdict is asked after every read: decode a request's bytes again only when they grew
    Decoded cached = decoded.get(requestId);
    if (cached == null || cached.size() != b.size()) {
      cached = new Decoded(b.size(), decodeObjects(b));
      decoded.put(requestId, cached);
    }
    return cached.objects();
  }

  /** A request's objects as decoded from its first {@code size} bytes (null: not whole items). */
  private record Decoded(int size, List<CborValue> objects) {}

  private final Map<Integer, Decoded> decoded = new java.util.HashMap<>();

  private static List<CborValue> decodeObjects(java.io.ByteArrayOutputStream b) {
    try {
      List<CborValue> out = new ArrayList<>();
      for (CborValue v : CborDecoder.decodeAll(b.toByteArray())) {
        out.add(normalize(v));
      }
      return java.util.Collections.unmodifiableList(out);
    } catch (ProtocolException e) {
      return null;
    }
  }

  /**
   * What keeps the responses from being deterministically encoded (CBOR-3: the bytes the target sent
   * differ from {@link org.framewire.cbor.CborEncoder}'s encoding of the same items: unsorted map
   * keys, over-long heads, indefinite lengths other than top-level byte strings), or null.
   */
  String nonDeterministic() {
    for (Map.Entry<Integer, java.io.ByteArrayOutputStream> e : payloads.entrySet()) {
      byte[] got = e.getValue().toByteArray();
      java.io.ByteArrayOutputStream want = new java.io.ByteArrayOutputStream();
      try {
        for (CborValue v : CborDecoder.decodeAll(got)) {
          org.framewire.cbor.CborEncoder.encode(v, want);
        }
      } catch (ProtocolException ex) {
        continue; // not whole items: the outcomes judge that
      }
      if (!java.util.Arrays.equals(got, want.toByteArray())) {
        int at = java.util.Arrays.mismatch(got, want.toByteArray());
        java.util.HexFormat hex = java.util.HexFormat.of();
        return "CBOR-3: request " + e.getKey() + "'s response is not deterministically encoded from byte " + at
            + ": sent " + capped(hex.formatHex(got, at, Math.min(got.length, at + 16)))
            + ", deterministic " + capped(hex.formatHex(want.toByteArray(), at, Math.min(want.size(), at + 16)));
      }
    }
    return null;
  }

  /** Definite and indefinite byte strings compare equal (Appendix A allows either). */
  static CborValue normalize(CborValue v) {
    if (v instanceof CborValue.IndefiniteBytes ib) {
      return new CborValue.Bytes(ib.joined());
    }
    if (v instanceof CborValue.Array a) {
      return new CborValue.Array(a.items().stream().map(Observation::normalize).toList());
    }
    if (v instanceof CborValue.MapValue m) {
      // maps compare as maps: entry order is not significant
      return new CborValue.MapValue(m.entries().stream()
          .map(e -> new CborValue.Entry(normalize(e.key()), normalize(e.value())))
          .sorted(java.util.Comparator.comparing(e -> java.util.HexFormat.of().formatHex(
              org.framewire.cbor.CborEncoder.encode(e.key()))))
          .toList());
    }
    return v;
  }

  private static String latin1(CborValue v) {
    if (v instanceof CborValue.Bytes b) {
      return new String(b.value(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    if (v instanceof CborValue.Text t) {
      return t.value();
    }
    return null;
  }

  /**
   * The outcome a case file would write for what the target did (grade {@code pass}) in a raw or
   * in-process session, or null when no outcome kind describes it: an HTTP exchange, output that is not well-formed frames or breaks a server frame
   * rule, more than one error frame, an error frame without a type or before the close, or a request
   * whose response did not decode or did not end. A silent close is {@code closed}; otherwise the
   * responses by request id (possibly none), with whether the target closed.
   */
  Outcome asOutcome() {
    if (garbage != null || exchange) {
      return null;
    }
    if (!errors.isEmpty()) {
      ErrorFrame e = errors.get(0);
      return errors.size() == 1 && closed && e.type() != null
          ? new Outcome(Outcome.Kind.ERROR, Grade.PASS, Map.of(), e.type(), e.requirement(), 0, true, null)
          : null;
    }
    if (payloads.isEmpty() && closed) {
      return new Outcome(Outcome.Kind.CLOSED, Grade.PASS, Map.of(), "protocol", null, 0, true, null);
    }
    Map<Integer, List<CborValue>> responses = new LinkedHashMap<>();
    for (Integer id : payloads.keySet()) {
      List<CborValue> objs = objects(id);
      if (objs == null || !Boolean.TRUE.equals(ended.get(id))) {
        return null;
      }
      responses.put(id, objs);
    }
    return new Outcome(Outcome.Kind.RESPONSES, Grade.PASS, responses, "protocol", null, 0, closed, null);
  }

  /** The longest a value or a line of a report's detail gets; longer ones are cut with their length. */
  static final int MAX_DETAIL_CHARS = 400;

  /** The text, or its first {@link #MAX_DETAIL_CHARS} characters and how many were cut. */
  static String capped(String text) {
    return org.framewire.conformance.report.CaseText.cut(text, MAX_DETAIL_CHARS);
  }

  /**
   * What the target did, for a report's detail: error-responses, each request's objects in the CBOR
   * notation of the wire log (each value capped), bad output, and how the session ended.
   */
  String summary() {
    StringBuilder s = new StringBuilder();
    if (status != null) {
      s.append("HTTP ").append(status).append(' ').append(capped(String.valueOf(headers.map()))).append("; ");
    }
    for (ErrorFrame e : errors) {
      s.append("error-response type ").append(e.type()).append(" naming ").append(e.requirement())
          .append(" on request ").append(e.requestId()).append("; ");
    }
    for (Integer id : payloads.keySet()) {
      s.append("request ").append(id).append(":");
      List<CborValue> objs = objects(id);
      if (objs == null) {
        s.append(" ").append(payloads.get(id).size()).append(" bytes that are not whole CBOR items");
      } else if (objs.isEmpty()) {
        s.append(" no objects");
      } else {
        int shown = 0;
        for (CborValue v : objs) {
          if (shown++ == 8) {
            s.append(" ... (").append(objs.size()).append(" objects)");
            break;
          }
          s.append(' ').append(capped(PythonLiteral.format(v)));
        }
      }
      s.append(ended.containsKey(id) ? " eos"
          : stoppedWithoutEos.contains(id) ? " then a frame with neither continuation nor eos (CMD-16)"
          : " without eos").append("; ");
    }
    if (garbage != null) {
      s.append("bad output (").append(capped(garbage)).append("); ");
    }
    s.append(timedOut ? "timed out" : exchange ? "exchange ended" : closed ? "closed" : "still open");
    return s.toString();
  }

  /** The events {@link WireEvent} lines are made from. */
  interface WireLog {
    void received(String notation);

    void note(String text);
  }
}
