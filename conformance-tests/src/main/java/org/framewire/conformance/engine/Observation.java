package org.framewire.conformance.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborValue;
import org.framewire.conformance.WireEvent;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameDecoder;
import org.framewire.frames.FrameHeader;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.FrameType;
import org.framewire.frames.ProtocolException;
import org.framewire.streams.Side;
import org.framewire.streams.StreamRegistry;

/**
 * What a target sent in one case, decoded from its bytes: the frames (logged in frame notation), the
 * error-responses, each request's joined command-response payload and whether it ended with eos, and
 * whether the target closed (SPEC.md §6.3, §7.1).
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
  String garbage;
  boolean closed;
  boolean timedOut;

  private final StreamRegistry streams = new StreamRegistry(Side.CLIENT);
  private boolean released;

  private final FrameDecoder decoder =
      new FrameDecoder(FrameDecoder.Options.DEFAULTS.withMaxFrameSize(FrameHeader.MAX_PAYLOAD_LENGTH).withValidateTypesAndFlags(false));

  /** Feeds the target's bytes, logging every whole frame as received. */
  void feed(byte[] bytes, WireLog log) {
    if (garbage != null || released || bytes.length == 0) {
      return;
    }
    try {
      decoder.feed(ByteBuffer.wrap(bytes));
      for (Frame f = decoder.next(); f != null; f = decoder.next()) {
        log.received(FrameNotation.format(f));
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
    if (f.type() == FrameType.ERROR_RESPONSE) {
      String type = null;
      String req = null;
      try {
        CborValue v = CborDecoder.decodeOne(f.payloadBytes());
        if (v instanceof CborValue.MapValue m) {
          type = latin1(m.get("type"));
          req = latin1(m.get("requirement"));
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
    try {
      List<CborValue> out = new ArrayList<>();
      for (CborValue v : CborDecoder.decodeAll(b.toByteArray())) {
        out.add(normalize(v));
      }
      return out;
    } catch (ProtocolException e) {
      return null;
    }
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

  /** One line saying what the target did, for a report's detail. */
  String summary() {
    StringBuilder s = new StringBuilder();
    for (ErrorFrame e : errors) {
      s.append("error-response type ").append(e.type()).append(" naming ").append(e.requirement()).append("; ");
    }
    for (Integer id : payloads.keySet()) {
      s.append("request ").append(id).append(": ").append(objects(id)).append(ended.containsKey(id) ? " eos" : " without eos").append("; ");
    }
    if (garbage != null) {
      s.append("bad output (").append(garbage).append("); ");
    }
    s.append(timedOut ? "timed out" : closed ? "closed" : "still open");
    return s.toString();
  }

  /** The events {@link WireEvent} lines are made from. */
  interface WireLog {
    void received(String notation);

    void note(String text);
  }
}
