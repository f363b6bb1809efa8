package org.framewire.conformance.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.conformance.cases.Step;
import org.framewire.conformance.cases.StreamEncoders;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameNotation;
import org.framewire.frames.FrameType;
import org.framewire.streams.encoding.ContentEncoder;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;
import org.framewire.vectors.TaggedJson;

/**
 * Turns a client case's script steps into frames: frame-notation lines with {@code $n} standing for
 * call n's wire request id (SPEC.md §1.4), and generated responses. Keeps each server stream's state
 * (open or not, its encoder) across steps, so a compression context spans requests (ENC-3).
 */
final class ScriptFrames implements AutoCloseable {
  private static final Pattern CALL_REF = Pattern.compile("\\$(\\d+)");
  private static final int STREAM_BEGIN = 0x1;
  private static final int STREAM_END = 0x2;
  private static final int ENCODED = 0x4;
  private static final int CONTINUATION = 0x1;
  private static final int EOS = 0x2;

  private final List<Integer> requestIds;
  private final Map<Integer, Boolean> open = new HashMap<>();
  private final Map<Integer, ContentEncoder> encoders = new HashMap<>();

  ScriptFrames(List<Integer> requestIds) {
    this.requestIds = requestIds;
  }

  /** Replaces {@code $n} with call n's wire request id. */
  String substitute(String text) {
    Matcher m = CALL_REF.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Integer.toString(requestId(Integer.parseInt(m.group(1)))));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private int requestId(int call) {
    if (call < 1 || call > requestIds.size()) {
      throw new IllegalArgumentException("script names call " + call + " before its request arrived");
    }
    return requestIds.get(call - 1);
  }

  /** Frames written in notation, one per line. */
  List<Frame> lines(JsonNode lines) {
    List<Frame> frames = new ArrayList<>();
    for (JsonNode l : lines) {
      Frame f = FrameNotation.parse(substitute(l.asText()));
      track(f);
      frames.add(f);
    }
    return frames;
  }

  private void track(Frame f) {
    if ((f.streamFlags() & STREAM_BEGIN) != 0) {
      open.put(f.streamId(), true);
    }
    if ((f.streamFlags() & STREAM_END) != 0) {
      open.remove(f.streamId());
      ContentEncoder e = encoders.remove(f.streamId());
      if (e != null) {
        e.close();
      }
    }
  }

  /** Raw bytes given as hex. */
  static byte[] bytes(JsonNode hex) {
    return HexFormat.of().parseHex(hex.asText().replace(" ", ""));
  }

  /**
   * A generated response: {@code call}, {@code stream} (2), {@code status} ({@code ok}) or {@code
   * statusMap} (tagged), {@code objects} (tagged), or {@code payload} (hex: the whole unit instead);
   * {@code split} (frame payload size, default 32768), {@code encoding} (a profile: stream settings
   * are sent first when the stream has none), {@code encoded} (default: whether the stream has an
   * encoder), {@code eos} (default true), {@code endStream} (default false), {@code emptyBefore}
   * (empty continuation frames before the content).
   */
  List<Frame> response(JsonNode spec) {
    int id = requestId(spec.path("call").asInt(1));
    int stream = spec.path("stream").asInt(2);
    List<Frame> frames = new ArrayList<>();
    if (spec.hasNonNull("encoding") && !encoders.containsKey(stream)) {
      String name = spec.get("encoding").asText();
      EncodingProfile profile = EncodingProfiles.defaults().find(name)
          .orElseThrow(() -> new IllegalArgumentException("unknown profile " + name));
      frames.add(frame(id, stream, 0, FrameType.STREAM_SETTINGS, EOS, CborEncoder.encode(CborValue.Bytes.of(name))));
      encoders.put(stream, profile.newEncoder());
    }
    byte[] unit;
    if (spec.hasNonNull("payload")) {
      unit = bytes(spec.get("payload"));
    } else {
      ByteArrayOutputStream u = new ByteArrayOutputStream();
      CborValue status = spec.hasNonNull("statusMap") ? TaggedJson.read(spec.get("statusMap"))
          : statusMap(spec.path("status").asText("ok"));
      CborEncoder.encode(status, u);
      for (JsonNode o : spec.path("objects")) {
        CborEncoder.encode(TaggedJson.read(o), u);
      }
      if (spec.has("zeros")) {
        int n = spec.get("zeros").asInt();
        CborEncoder.writeHead(u, CborEncoder.MAJOR_BYTES, n);
        u.write(new byte[n], 0, n);
      }
      unit = u.toByteArray();
    }
    boolean encoded = spec.path("encoded").asBoolean(encoders.containsKey(stream));
    if (encoded) {
      ContentEncoder enc = encoders.get(stream);
      if (enc == null) {
        throw new IllegalArgumentException("encoded response on a stream without an encoder");
      }
      unit = StreamEncoders.encode(enc, unit, 0, Step.Flush.SYNC);
    }
    int split = spec.path("split").asInt(32768);
    for (int i = 0; i < spec.path("emptyBefore").asInt(0); i++) {
      frames.add(frame(id, stream, 0, FrameType.COMMAND_RESPONSE, CONTINUATION, new byte[0]));
    }
    boolean eos = spec.path("eos").asBoolean(true);
    int offset = 0;
    do {
      int n = Math.min(split, unit.length - offset);
      byte[] part = new byte[n];
      System.arraycopy(unit, offset, part, 0, n);
      offset += n;
      boolean last = offset >= unit.length;
      int streamFlags = (encoded ? ENCODED : 0) | (last && spec.path("endStream").asBoolean(false) ? STREAM_END : 0);
      frames.add(frame(id, stream, streamFlags, FrameType.COMMAND_RESPONSE, last && eos ? EOS : CONTINUATION, part));
    } while (offset < unit.length);
    return frames;
  }

  /** Several responses cut into frames and sent round robin, one frame of each in turn. */
  List<Frame> interleave(JsonNode specs) {
    List<List<Frame>> each = new ArrayList<>();
    for (JsonNode s : specs) {
      each.add(response(s));
    }
    List<Frame> merged = new ArrayList<>();
    for (int i = 0; ; i++) {
      boolean any = false;
      for (List<Frame> l : each) {
        if (i < l.size()) {
          merged.add(l.get(i));
          any = true;
        }
      }
      if (!any) {
        return merged;
      }
    }
  }

  private Frame frame(int id, int stream, int streamFlags, FrameType type, int flags, byte[] payload) {
    if (!open.containsKey(stream)) {
      streamFlags |= STREAM_BEGIN;
    }
    Frame f = Frame.of(id, stream, streamFlags, type, flags, payload);
    track(f);
    return f;
  }

  static CborValue.MapValue statusMap(String status) {
    return new CborValue.MapValue(List.of(new CborValue.Entry(CborValue.Bytes.of("status"), CborValue.Bytes.of(status))));
  }

  @Override
  public void close() {
    encoders.values().forEach(ContentEncoder::close);
    encoders.clear();
  }
}
