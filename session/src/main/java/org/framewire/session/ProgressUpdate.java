package org.framewire.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.framewire.cbor.CborValue;
import org.framewire.spec.ProtocolException;
import org.framewire.spec.Requirement;

/**
 * The progress of one operation on the server (SPEC.md §7.4, PROG-1), the payload of a progress
 * frame: the map {@code {b'topic': T, b'pos': N, b'total': N, b'label': L, b'item': I}} with
 * byte-string texts, the last three optional. A position of -1 ends the topic.
 *
 * @param topic what is progressing; static text the client may localize
 * @param position how far it is; -1 when the topic is done
 * @param total the end position, or {@code null} when unknown
 * @param label the unit, e.g. {@code files}, or {@code null}
 * @param item the item being worked on, or {@code null}
 */
public record ProgressUpdate(String topic, long position, Long total, String label, String item) {

  public ProgressUpdate {
    Objects.requireNonNull(topic, "topic");
  }

  /** A position without total, unit or item. */
  public static ProgressUpdate of(String topic, long position) {
    return new ProgressUpdate(topic, position, null, null, null);
  }

  /** Whether this update ends its topic (position -1). */
  public boolean done() {
    return position == -1;
  }

  /** The wire form. */
  public CborValue.MapValue toCbor() {
    List<CborValue.Entry> e = new ArrayList<>(5);
    e.add(new CborValue.Entry(CborValue.bytes("topic"), TextAtom.bytes(topic)));
    e.add(new CborValue.Entry(CborValue.bytes("pos"), new CborValue.Int(position)));
    if (total != null) {
      e.add(new CborValue.Entry(CborValue.bytes("total"), new CborValue.Int(total)));
    }
    if (label != null) {
      e.add(new CborValue.Entry(CborValue.bytes("label"), TextAtom.bytes(label)));
    }
    if (item != null) {
      e.add(new CborValue.Entry(CborValue.bytes("item"), TextAtom.bytes(item)));
    }
    return new CborValue.MapValue(e);
  }

  /**
   * Reads a progress payload.
   *
   * @throws ProtocolException PROG-1 when it is not a progress map
   */
  public static ProgressUpdate fromCbor(CborValue value) throws ProtocolException {
    if (!(value instanceof CborValue.MapValue map)
        || !(map.get("topic") instanceof CborValue.Bytes topic)
        || !(map.get("pos") instanceof CborValue.Int pos && pos.fitsLong())) {
      throw new ProtocolException(Requirement.PROG_PAYLOAD, "not a progress map with topic and pos: " + value);
    }
    CborValue total = map.get("total");
    if (total != null && !(total instanceof CborValue.Int t && t.fitsLong() && t.value() >= 0)) {
      throw new ProtocolException(Requirement.PROG_PAYLOAD, "progress total is not an unsigned integer: " + total);
    }
    return new ProgressUpdate(TextAtom.utf8(topic), pos.value(),
        total == null ? null : ((CborValue.Int) total).value(),
        optionalText(map.get("label")), optionalText(map.get("item")));
  }

  private static String optionalText(CborValue v) throws ProtocolException {
    if (v == null) {
      return null;
    }
    if (!(v instanceof CborValue.Bytes b)) {
      throw new ProtocolException(Requirement.PROG_PAYLOAD, "progress label or item is not a byte string: " + v);
    }
    return TextAtom.utf8(b);
  }
}
