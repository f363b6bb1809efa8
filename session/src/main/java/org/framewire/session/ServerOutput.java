package org.framewire.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.framewire.frames.Frame;
import org.framewire.frames.FrameType;
import org.framewire.streams.OutboundStream;
import org.framewire.streams.ResponseEmitter;
import org.framewire.streams.StreamRegistry;
import org.framewire.streams.encoding.EncodingProfile;
import org.framewire.streams.encoding.EncodingProfiles;

/**
 * The server's output streams (SPEC.md §3, §4, §8.2) and the queue their frames wait in.
 *
 * <p>The encoding is the profile the server prefers most among those the client listed (SET-3,
 * SET-5), chosen when the first response begins. Because an encoder holds input back, the encoded
 * frames between two flush points must belong to one message (ENC-4), so two responses cannot feed
 * one encoder in turn. Each response therefore owns an encoded stream while it is open:
 *
 * <ul>
 *   <li>a response takes an idle encoded stream, so responses that follow one another share one
 *       stream and its compression context (ENC-3) — exactly Mercurial's output;
 *   <li>when all are busy it opens another, up to {@link ServerConfig#maxEncodedStreams()}, each
 *       with its own context;
 *   <li>beyond that it goes out unencoded, on one stream without a profile that any number of
 *       responses share.
 * </ul>
 *
 * <p>With the identity profile (or none) nothing is held back, and every response shares the first
 * stream. A response cut short by a server error flushes the encoder into continuation frames
 * before its error-response ({@link ResponseEmitter#fail}), so its stream serves the next response.
 */
final class ServerOutput extends OutboundQueue {
  /** One output stream and whether a response owns it. */
  private static final class Slot {
    final OutboundStream stream;
    boolean busy;

    Slot(OutboundStream stream) {
      this.stream = stream;
    }
  }

  private final StreamRegistry registry;
  private final EncodingProfiles profiles;
  /** The client's encodings, most preferred first (SPEC.md §8.1); {@code [identity]} until it sent any. */
  private List<String> clientEncodings;
  private final int maxFrameSize;
  private final int maxEncodedStreams;
  /** Chosen with the first response; null until then. */
  private EncodingProfile profile;
  private boolean profileChosen;
  /**
   * The first stream with the negotiated profile, the one shared stream when it does not transform,
   * and whether a response owns it: fields here, not a slot in a list, so that a response on one of
   * thousands of sessions reads no list, array and slot of its own to find its stream.
   */
  private OutboundStream first;
  private boolean firstBusy;
  /** The further encoded streams, opened when the first is busy; made on demand. */
  private List<Slot> slots;
  /** The shared stream without profile, for responses beyond the encoded streams; opened on demand. */
  private OutboundStream overflow;

  ServerOutput(StreamRegistry registry, ServerConfig config, List<String> clientEncodings) {
    this.registry = registry;
    this.profiles = config.encodings();
    this.clientEncodings = clientEncodings;
    this.maxFrameSize = config.maxFrameSize();
    this.maxEncodedStreams = config.maxEncodedStreams();
  }

  List<String> clientEncodings() {
    return clientEncodings;
  }

  /** The client's sender-protocol-settings listed {@code encodings}: the profile is chosen among them. */
  void clientEncodings(List<String> encodings) {
    clientEncodings = encodings;
  }

  /**
   * Queues an error-response frame (ERR-1) with {@code payload} for {@code requestId}, never
   * encoded, on any stream already open (or a new one without profile), and returns it.
   */
  Frame sendError(int requestId, byte[] payload) {
    OutboundStream s = first != null ? first : overflow();
    s.sendRaw(requestId, FrameType.ERROR_RESPONSE, 0, ByteBuffer.wrap(payload));
    return last();
  }

  /** A stream for a new response, owned by it until {@link #release}. */
  OutboundStream acquire() {
    EncodingProfile p = profile();
    boolean transforms = p != null && !p.isIdentity();
    if (first == null) {
      first = registry.openOutbound(p, maxFrameSize, this);
    }
    if (!transforms || !firstBusy) {
      firstBusy = transforms;
      return first;
    }
    if (slots != null) {
      for (Slot s : slots) {
        if (!s.busy) {
          s.busy = true;
          return s.stream;
        }
      }
    }
    if (1 + (slots == null ? 0 : slots.size()) < maxEncodedStreams) {
      if (slots == null) {
        slots = new ArrayList<>();
      }
      Slot s = new Slot(registry.openOutbound(p, maxFrameSize, this));
      s.busy = true;
      slots.add(s);
      return s.stream;
    }
    return overflow();
  }

  /** The response on {@code stream} ended normally: the stream is free for the next one. */
  void release(OutboundStream stream) {
    if (stream == first) {
      firstBusy = false;
      return;
    }
    if (slots != null) {
      for (Slot s : slots) {
        if (s.stream == stream) {
          s.busy = false;
        }
      }
    }
  }

  /**
   * The response of {@code emitter} (null when it had not begun), on {@code stream}, is cut short
   * by a server error (ERR-4): what the emitter holds and the encoder's flush output go out in
   * continuation frames, then the error-response (ENC-4, CMD-8); the stream stays usable.
   */
  void abort(OutboundStream stream, ResponseEmitter emitter, int requestId, String message) {
    ByteBuffer payload = ByteBuffer.wrap(ErrorPayloads.server(message));
    if (emitter == null) {
      stream.sendRaw(requestId, FrameType.ERROR_RESPONSE, 0, payload);
    } else {
      emitter.fail(payload, false);
    }
    release(stream);
  }

  /** Sends a text-output or progress frame of a response on its stream, unencoded (STREAM-7). */
  void sendRaw(OutboundStream stream, int requestId, FrameType type, ByteBuffer payload) {
    stream.sendRaw(requestId, type, 0, payload);
  }

  private EncodingProfile profile() {
    if (!profileChosen) {
      profile = profiles.choose(clientEncodings).orElse(null);
      profileChosen = true;
    }
    return profile;
  }

  private OutboundStream overflow() {
    if (overflow == null) {
      overflow = registry.openOutbound(null, maxFrameSize, this);
    }
    return overflow;
  }
}
