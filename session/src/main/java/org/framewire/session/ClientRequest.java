package org.framewire.session;

import org.framewire.cbor.CborDecoder;
import org.framewire.cbor.CborValue;

/**
 * What a {@link ClientSession} knows about one request it sent, from sending until the server ends
 * the response; held in the session's {@link RequestTable} under its request id.
 */
final class ClientRequest {

  /** What the response's status map said (CMD-7); {@code null} until it arrived. */
  enum Status { OK, ERROR, REDIRECT }

  final int id;
  /** Whether the request advertised redirect targets, so a redirect may answer it (CMD-9). */
  final boolean redirectOffered;
  /** The stream the response travels on (CMD-16), 0 until its first frame. */
  int streamId;
  /** The response decoder, created with the first response frame. */
  CborDecoder decoder;
  Status status;
  /** A command error's status map, reported when the response ends (CMD-10). */
  CborValue.MapValue error;
  /**
   * Whether the application no longer wants the response (it timed out or was abandoned): frames
   * for it are dropped until the server ends it, then the id is free again.
   */
  boolean abandoned;
  /** The request timeout, while the response is awaited; {@code null} otherwise. */
  DeadlineQueue.Timer<Object> timer;
  /**
   * Whether its frames were queued for the server. A request beyond {@link
   * ClientConfig#maxConcurrentRequests()} holds its id but waits, with its {@link #command} and
   * {@link #data}, until a response ends; no server frame may name it before (CMD-4).
   */
  boolean sent;
  /** The request to send, while it waits; then {@code null}. */
  org.framewire.frames.CommandRequest command;
  /** Its command data, while it waits; {@code null} for none or once sent. */
  java.nio.ByteBuffer data;

  ClientRequest(int id, boolean redirectOffered) {
    this.id = id;
    this.redirectOffered = redirectOffered;
  }

  @Override
  public String toString() {
    return "ClientRequest[" + id + (sent ? "" : " waiting") + (status == null ? "" : " " + status) + (abandoned ? " abandoned" : "") + "]";
  }
}
