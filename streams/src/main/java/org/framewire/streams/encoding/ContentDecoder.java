package org.framewire.streams.encoding;

import java.nio.ByteBuffer;
import org.framewire.spec.ProtocolException;

/**
 * One inbound stream's decompression context (SPEC.md §4.3), living as long as the stream and
 * applied to the payload of every frame that carries the {@code encoded} stream flag, across
 * requests ({@code ENC-3}).
 *
 * <p>It decodes into caller-supplied buffers of fixed size, so the caller can count decoded
 * bytes after every buffer and stop a decompression bomb at its limit plus at most one buffer
 * ({@code ENC-6}). Decoders of profiles that {@linkplain EncodingProfile#supportsMembers()
 * support members} accept one member after another; the others treat input after their one
 * member as corrupt ({@code ENC-8}).
 *
 * <p>Not thread-safe: confine an instance to one thread at a time.
 */
public interface ContentDecoder extends AutoCloseable {

  /**
   * Decodes {@code src}'s remaining bytes into {@code dst}. Returns when {@code dst} is full (more
   * output may be pending: call again with room, even if {@code src} is exhausted) or when {@code
   * src} is exhausted and every byte decodable from the input so far has been written.
   *
   * @throws ProtocolException citing {@code ENC-8} when the input is not valid for the profile,
   *     or {@code ENC-5} when it needs a larger window than the profile allows
   */
  void decode(ByteBuffer src, ByteBuffer dst) throws ProtocolException;

  /** Frees the context, including native memory. Idempotent. */
  @Override
  void close();
}
