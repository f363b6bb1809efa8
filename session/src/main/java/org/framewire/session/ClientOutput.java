package org.framewire.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.framewire.cbor.CborEncoder;
import org.framewire.cbor.CborValue;
import org.framewire.frames.CommandFramer;
import org.framewire.frames.CommandRequest;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.frames.StreamFlags;
import org.framewire.streams.OutboundStream;
import org.framewire.streams.RequestEmitter;
import org.framewire.streams.StreamRegistry;

/**
 * The frames of a client's requests on its one stream (SPEC.md §3.1, §6.1, §6.2, §8.1, §4), added
 * to the session's outbound queue in sending order.
 *
 * <ul>
 *   <li>The sender-protocol-settings frame advertising {@link ClientConfig#contentEncodings()} comes
 *       first, on the frame that begins the stream (SET-1), unless that list is empty.
 *   <li>Without {@link ClientConfig#sendEncoding()}, each request is {@link CommandFramer}'s frames,
 *       unencoded: byte for byte what Mercurial's client sends.
 *   <li>With it, the stream is an {@link OutboundStream} of that profile, opened with the session:
 *       its stream settings go out before the first encoded frame (ENC-7), and {@link
 *       RequestEmitter} sends each request's map and data through the stream's one encoder context
 *       (ENC-3), flushed with the last frame of each message (ENC-4) and every 2^24 input bytes
 *       (ENC-11). Every server decodes all three profiles (ENC-10), so nothing is negotiated first.
 * </ul>
 */
final class ClientOutput {
  private final ClientConfig config;
  private final OutboundQueue queue;
  /** The client's stream when it encodes; null when requests go out unencoded. */
  private final OutboundStream encoded;

  ClientOutput(ClientConfig config, StreamRegistry streams, OutboundQueue queue) {
    this.config = config;
    this.queue = queue;
    this.encoded = config.sendEncoding() == null ? null
        : streams.openOutbound(config.profiles().find(config.sendEncoding()).orElseThrow(), config.maxFrameSize(), queue);
  }

  /**
   * Queues the frames of request {@code id}, with its command data ({@code null} for none);
   * {@code first} when they are the session's first frames.
   */
  void send(int id, CommandRequest request, ByteBuffer data, boolean first) {
    boolean settings = first && !config.contentEncodings().isEmpty();
    if (encoded != null) {
      if (settings) { // SET-1: the stream's first frame, so it carries stream-begin
        encoded.sendRaw(id, FrameType.SENDER_PROTOCOL_SETTINGS, FrameType.FLAG_EOS, ByteBuffer.wrap(settingsPayload()));
      }
      RequestEmitter.send(encoded, id, request.encode(), data);
      return;
    }
    if (settings) { // SET-1: before any other frame, and so the one that begins the stream
      queue.add(Frame.of(id, ClientSession.STREAM_ID, StreamFlags.BEGIN, FrameType.SENDER_PROTOCOL_SETTINGS,
          FrameType.FLAG_EOS, settingsPayload()));
    }
    boolean begin = first && !settings;
    CommandFramer framer = data == null
        ? CommandFramer.of(id, ClientSession.STREAM_ID, begin, config.maxFrameSize(), request)
        : CommandFramer.of(id, ClientSession.STREAM_ID, begin, config.maxFrameSize(), request, data);
    for (Iterator<Frame> it = framer.iterator(); it.hasNext(); ) {
      queue.add(it.next());
    }
  }

  /** The sender-protocol-settings map (SPEC.md §8.1): the encodings the client decodes. */
  private byte[] settingsPayload() {
    List<CborValue> names = new ArrayList<>();
    for (String n : config.contentEncodings()) {
      names.add(CborValue.bytes(n));
    }
    return CborEncoder.encode(CborValue.MapValue.of(CborValue.bytes("contentencodings"), new CborValue.Array(names)));
  }
}
