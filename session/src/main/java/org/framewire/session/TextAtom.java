package org.framewire.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;

/**
 * One atom of human-readable text (SPEC.md §7.3, TEXT-1): a printf-like formatting string whose
 * {@code %s} take the arguments in order ({@code %%} is a literal {@code %}), plus labels for the
 * client to style it. Text-output frames carry an array of atoms; error messages use them too.
 *
 * <p>On the wire an atom is the map {@code {b'msg': MSG, b'args': [ARG...], b'labels': [LABEL...]}}
 * with byte-string values; {@code args} and {@code labels} are left out when empty.
 *
 * @param message the formatting string (ASCII)
 * @param args the arguments (UTF-8 on the wire)
 * @param labels the labels (ASCII)
 */
public record TextAtom(String message, List<String> args, List<String> labels) {

  public TextAtom {
    Objects.requireNonNull(message, "message");
    args = List.copyOf(args);
    labels = List.copyOf(labels);
  }

  /** An atom without arguments or labels. */
  public static TextAtom of(String message) {
    return new TextAtom(message, List.of(), List.of());
  }

  /** The message with every {@code %s} replaced by the next argument and {@code %%} by {@code %}. */
  public String format() {
    StringBuilder sb = new StringBuilder(message.length());
    int arg = 0;
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c == '%' && i + 1 < message.length()) {
        char n = message.charAt(i + 1);
        if (n == 's' && arg < args.size()) {
          sb.append(args.get(arg++));
          i++;
          continue;
        } else if (n == '%') {
          sb.append('%');
          i++;
          continue;
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** The atom's wire form. */
  public CborValue.MapValue toCbor() {
    List<CborValue.Entry> e = new ArrayList<>(3);
    e.add(new CborValue.Entry(CborValue.bytes("msg"), bytes(message)));
    if (!args.isEmpty()) {
      e.add(new CborValue.Entry(CborValue.bytes("args"), byteStrings(args)));
    }
    if (!labels.isEmpty()) {
      e.add(new CborValue.Entry(CborValue.bytes("labels"), byteStrings(labels)));
    }
    return new CborValue.MapValue(e);
  }

  /**
   * Reads an atom from its wire form.
   *
   * @throws ProtocolException {@code requirement} when {@code value} is not an atom map
   */
  public static TextAtom fromCbor(CborValue value, Requirement requirement) throws ProtocolException {
    if (!(value instanceof CborValue.MapValue map) || !(map.get("msg") instanceof CborValue.Bytes msg)) {
      throw new ProtocolException(requirement, "not a text atom with a byte-string msg: " + value);
    }
    return new TextAtom(utf8(msg), strings(map.get("args"), requirement), strings(map.get("labels"), requirement));
  }

  /** Reads an array of atoms, as a text-output payload or an error message holds them. */
  public static List<TextAtom> listFromCbor(CborValue value, Requirement requirement) throws ProtocolException {
    if (!(value instanceof CborValue.Array array)) {
      throw new ProtocolException(requirement, "not an array of text atoms: " + value);
    }
    List<TextAtom> atoms = new ArrayList<>(array.items().size());
    for (CborValue item : array.items()) {
      atoms.add(fromCbor(item, requirement));
    }
    return List.copyOf(atoms);
  }

  private static List<String> strings(CborValue value, Requirement requirement) throws ProtocolException {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof CborValue.Array array)) {
      throw new ProtocolException(requirement, "text atom args or labels are not an array: " + value);
    }
    List<String> out = new ArrayList<>(array.items().size());
    for (CborValue item : array.items()) {
      if (!(item instanceof CborValue.Bytes b)) {
        throw new ProtocolException(requirement, "text atom arg or label is not a byte string: " + item);
      }
      out.add(utf8(b));
    }
    return out;
  }

  private static CborValue.Array byteStrings(List<String> strings) {
    List<CborValue> items = new ArrayList<>(strings.size());
    for (String s : strings) {
      items.add(bytes(s));
    }
    return new CborValue.Array(items);
  }

  static CborValue.Bytes bytes(String s) {
    return new CborValue.Bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  static String utf8(CborValue.Bytes b) {
    return new String(b.value(), StandardCharsets.UTF_8);
  }
}
