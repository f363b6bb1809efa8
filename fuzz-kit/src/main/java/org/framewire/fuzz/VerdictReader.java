package org.framewire.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;

/** Reads a {@link Verdict} from a server's frames (SPEC.md §7.1, §7.2). */
final class VerdictReader {

  private VerdictReader() {}

  /** The verdict expressed by {@code serverFrames}: the first protocol error-response decides. */
  static Verdict read(List<Frame> serverFrames) {
    for (Frame f : serverFrames) {
      if (f.type() != FrameType.ERROR_RESPONSE) {
        continue;
      }
      CborValue.MapValue map;
      try {
        if (!(CborDecoder.decodeOne(f.payloadBytes()) instanceof CborValue.MapValue m)) {
          continue;
        }
        map = m;
      } catch (ProtocolException e) {
        continue;
      }
      if (!(map.get("type") instanceof CborValue.Bytes type) || !type.latin1().equals("protocol")) {
        continue;
      }
      String message = formatAtoms(map.get("message"));
      Optional<Requirement> requirement = Optional.empty();
      if (map.get("requirement") instanceof CborValue.Bytes id) {
        requirement = Optional.ofNullable(Requirement.byId(id.latin1()));
      }
      if (requirement.isEmpty()) {
        Matcher m = LEADING_ID.matcher(message);
        if (m.lookingAt()) {
          requirement = Optional.ofNullable(Requirement.byId(m.group(1)));
        }
      }
      return new Verdict.Rejected(requirement, message);
    }
    return Verdict.ACCEPTED;
  }

  /** The {@code type} of an error-response frame's payload (SPEC.md §7.1), or {@code null} when unreadable. */
  static String errorType(Frame f) {
    try {
      if (CborDecoder.decodeOne(f.payloadBytes()) instanceof CborValue.MapValue m
          && m.get("type") instanceof CborValue.Bytes type) {
        return type.latin1();
      }
    } catch (ProtocolException e) {
      return null;
    }
    return null;
  }

  /** A requirement id at the start of a message, as in {@code FRAME-2: payload length ...}. */
  private static final Pattern LEADING_ID = Pattern.compile("\\s*([A-Z]+-[0-9]+)\\b");

  /** Text atoms (SPEC.md §7.3) formatted and joined; anything else shown as it is. */
  private static String formatAtoms(CborValue message) {
    if (!(message instanceof CborValue.Array atoms)) {
      return String.valueOf(message);
    }
    StringBuilder sb = new StringBuilder();
    for (CborValue a : atoms.items()) {
      if (!(a instanceof CborValue.MapValue atom) || !(atom.get("msg") instanceof CborValue.Bytes msg)) {
        sb.append(a);
        continue;
      }
      List<CborValue> args = atom.get("args") instanceof CborValue.Array arr ? arr.items() : List.of();
      String format = new String(msg.value(), StandardCharsets.UTF_8);
      int next = 0;
      for (int i = 0; i < format.length(); i++) {
        char c = format.charAt(i);
        if (c == '%' && i + 1 < format.length()) {
          char d = format.charAt(i + 1);
          if (d == 's' && next < args.size()) {
            CborValue arg = args.get(next++);
            sb.append(arg instanceof CborValue.Bytes b
                ? new String(b.value(), StandardCharsets.UTF_8) : String.valueOf(arg));
            i++;
            continue;
          } else if (d == '%') {
            sb.append('%');
            i++;
            continue;
          }
        }
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
