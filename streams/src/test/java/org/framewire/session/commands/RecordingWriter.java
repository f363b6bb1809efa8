package org.framewire.transport.commands;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.session.ProgressUpdate;
import org.framewire.session.TextAtom;

/**
 * A {@link ResponseWriter} that records what a handler does, for testing handlers without a
 * session: values (byte strings assembled), the ending, and nothing else.
 */
final class RecordingWriter implements ResponseWriter {
  final List<CborValue> values = new ArrayList<>();
  String ending;
  String message;
  List<CborValue> args;
  private List<byte[]> chunks;

  @Override
  public int requestId() {
    return 1;
  }

  @Override
  public boolean isOpen() {
    return ending == null;
  }

  @Override
  public boolean hasOutput() {
    return !values.isEmpty() || chunks != null || ending != null;
  }

  /** Whether the call's client offered a redirect target (CMD-9). */
  boolean offered;
  /** The redirect location written, if any. */
  CborValue.MapValue location;

  @Override
  public boolean redirectOffered() {
    return offered;
  }

  @Override
  public void writeObject(CborValue value) {
    open();
    values.add(value);
  }

  @Override
  public void writeEncoded(ByteBuffer cbor) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void writeByteString(ByteBuffer bytes) {
    open();
    values.add(new CborValue.Bytes(copy(bytes)));
  }

  @Override
  public void beginBytes() {
    open();
    chunks = new ArrayList<>();
  }

  @Override
  public void writeBytesChunk(ByteBuffer chunk) {
    chunks.add(copy(chunk));
  }

  @Override
  public void endBytes() {
    values.add(new CborValue.IndefiniteBytes(chunks));
    chunks = null;
  }

  @Override
  public void textOutput(List<TextAtom> atoms) { }

  @Override
  public void progress(ProgressUpdate update) { }

  @Override
  public void end() {
    open();
    ending = "end";
  }

  @Override
  public void commandError(String message, List<? extends CborValue> args) {
    open();
    if (hasOutput()) {
      throw new IllegalStateException("command error after output");
    }
    ending = "commandError";
    this.message = message;
    this.args = List.copyOf(args);
  }

  @Override
  public void redirect(CborValue.MapValue location) {
    if (!offered) {
      throw new IllegalStateException("no redirect offered");
    }
    this.location = location;
  }

  @Override
  public void serverError(String message) {
    open();
    ending = "serverError";
    this.message = message;
  }

  private void open() {
    if (ending != null) {
      throw new IllegalStateException("already ended: " + ending);
    }
  }

  private static byte[] copy(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
