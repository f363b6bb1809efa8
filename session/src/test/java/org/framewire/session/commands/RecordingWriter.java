package org.framewire.session.commands;

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
  /** The payloads of the text-output and progress frames written, in order. */
  final List<CborValue> notices = new ArrayList<>();
  String ending;
  String message;
  /** The bytes of a command error's message, as the command gave them. */
  byte[] messageBytes;
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
  public ResponseWriter writeObject(CborValue value) {
    open();
    values.add(value);
    return this;
  }

  @Override
  public ResponseWriter writeEncoded(ByteBuffer cbor) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ResponseWriter writeByteString(ByteBuffer bytes) {
    open();
    values.add(new CborValue.Bytes(copy(bytes)));
    return this;
  }

  @Override
  public ResponseWriter beginBytes() {
    open();
    chunks = new ArrayList<>();
    return this;
  }

  @Override
  public ResponseWriter writeBytesChunk(ByteBuffer chunk) {
    chunks.add(copy(chunk));
    return this;
  }

  @Override
  public ResponseWriter endBytes() {
    values.add(new CborValue.IndefiniteBytes(chunks));
    chunks = null;
    return this;
  }

  @Override
  public ResponseWriter textOutput(List<TextAtom> atoms) {
    notices.add(new CborValue.Array(atoms.stream().map(a -> (CborValue) a.toCbor()).toList()));
    return this;
  }

  @Override
  public ResponseWriter progress(ProgressUpdate update) {
    notices.add(update.toCbor());
    return this;
  }

  @Override
  public ResponseWriter flush() {
    return this;
  }

  @Override
  public void end() {
    open();
    ending = "end";
  }

  @Override
  public void commandError(String message, List<? extends CborValue> args) {
    commandError(new CborValue.Bytes(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)), args);
  }

  @Override
  public void commandError(CborValue.Bytes message, List<? extends CborValue> args) {
    messageBytes = message.value().clone();
    String text = new String(message.value(), java.nio.charset.StandardCharsets.UTF_8);
    open();
    if (hasOutput()) {
      throw new IllegalStateException("command error after output");
    }
    ending = "commandError";
    this.message = text;
    this.args = List.copyOf(args);
  }

  @Override
  public ResponseWriter redirect(CborValue.MapValue location) {
    if (!offered) {
      throw new IllegalStateException("no redirect offered");
    }
    this.location = location;
    return this;
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
