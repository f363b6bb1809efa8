package org.framewire.streams.encoding;

import java.nio.ByteBuffer;

/**
 * One outbound stream's compression context (SPEC.md §4.3): it lives as long as the stream and
 * carries its history across every request and response the stream transports ({@code ENC-3}).
 *
 * <p>All methods write into a caller-supplied {@code dst} from its position up to its limit and
 * advance its position; they never allocate output buffers of their own. When {@code dst} fills
 * before the operation completes, the caller supplies more room and calls the same method again.
 *
 * <p>The encoded byte stream is made of <em>members</em>, each a complete unit of the profile's
 * format (a zstd frame; the one zlib stream). {@link #endMember(ByteBuffer)} completes the current
 * member. For a profile that {@linkplain EncodingProfile#supportsMembers() supports members} the
 * next {@link #encode} starts a new one, which is what lets pre-encoded members (made elsewhere,
 * e.g. cached) be spliced into a stream between members; for the others a member ends only with
 * the stream.
 *
 * <p>Not thread-safe: confine an instance to one thread at a time. Distinct instances share
 * nothing and may run concurrently.
 */
public interface ContentEncoder extends AutoCloseable {

  /**
   * Feeds {@code src}'s remaining bytes into the context, writing whatever output it produces.
   * Returns once all of {@code src} is consumed or {@code dst} is full; output the context holds
   * back comes out of later calls. With {@code src} empty, it drains pending output into {@code
   * dst} without adding input.
   */
  void encode(ByteBuffer src, ByteBuffer dst);

  /**
   * Emits everything needed for a decoder to produce all input fed so far, keeping the context's
   * history (zlib {@code Z_SYNC_FLUSH}, zstd {@code ZSTD_e_flush}) — the per-response flush of
   * {@code ENC-4}.
   *
   * @return true when the flush is complete; false when {@code dst} filled first
   */
  boolean flush(ByteBuffer dst);

  /**
   * Completes the current member (zlib {@code Z_FINISH}, zstd {@code ZSTD_e_end}); a following
   * {@link #encode} starts a new member with a fresh history. Used at stream end and, for profiles
   * that support members, before splicing pre-encoded members.
   *
   * @return true when the member is complete; false when {@code dst} filled first
   */
  boolean endMember(ByteBuffer dst);

  /** Frees the context, including native memory. Idempotent. */
  @Override
  void close();
}
