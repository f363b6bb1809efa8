package org.framewire.session;

import java.util.List;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandRequest;

/**
 * What a {@link ServerSession} knows about one request, from its first command-request frame until
 * it has been received in full and answered in full; held in the session's {@link RequestTable}.
 *
 * <pre>
 *   new -> RECEIVING_REQUEST --last request frame, have-data--> RECEIVING_DATA --data eos--> RECEIVED
 *                 |                                                                           ^
 *                 +------------------last request frame, no have-data-------------------------+
 * </pre>
 *
 * A request is dispatched ({@link ServerEvent.RunCommand}) when it reaches {@code RECEIVED}, or in
 * STREAM mode already when it reaches {@code RECEIVING_DATA}. The entry leaves the table once it is
 * {@code RECEIVED} and its response has ended.
 */
final class ServerRequest {

  /** Receiving progress of one request; the session keeps it in its request table's tag for the id. */
  enum Phase {
    /** Command-request frames with {@code more} came; more of them follow (CMD-2). */
    RECEIVING_REQUEST,
    /** The request map is complete and flagged have-data; command-data frames follow (CMD-5). */
    RECEIVING_DATA,
    /** Every frame of the request has arrived. */
    RECEIVED
  }

  final int id;
  final boolean haveData;
  /** The request map's bytes while {@link Phase#RECEIVING_REQUEST}; then {@code null}. */
  BoundedBuffer requestBytes;
  /** The decoded request, once the request map is complete. */
  CommandRequest request;
  /** The request map's {@code files}, once it is complete. */
  List<CborValue.Bytes> files = List.of();
  /** BUFFER mode: the command data received so far; {@code null} otherwise. */
  BoundedBuffer data;
  /** Whether {@link ServerEvent.RunCommand} was emitted. */
  boolean dispatched;
  /** Whether the application ended the response (or it was ended for it). */
  boolean responseEnded;
  /** The request timeout, while frames of it are still expected; {@code null} otherwise. */
  DeadlineQueue.Timer<Object> timer;
  /** The response handle, created on dispatch. */
  ServerResponse response;

  ServerRequest(int id, boolean haveData, BoundedBuffer requestBytes) {
    this.id = id;
    this.haveData = haveData;
    this.requestBytes = requestBytes;
  }

  @Override
  public String toString() {
    return "ServerRequest[" + id + (dispatched ? " dispatched" : "")
        + (responseEnded ? " answered" : "") + "]";
  }
}
