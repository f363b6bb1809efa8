/**
 * Content encodings of SPEC.md §4: the profiles a stream's payloads may be encoded with, their
 * encoders and decoders, and the ordered registry a connection negotiates from.
 *
 * <p>A profile ({@link org.framewire.streams.encoding.EncodingProfile}) is named on the wire by
 * its stream-settings frame (§4.1). Its encoder and decoder each hold <em>one</em> compression
 * context that lives as long as the stream, across any number of requests ({@code ENC-3}); a
 * {@code flush} at the end of each response makes everything so far decodable ({@code ENC-4}).
 * The built-in profiles are {@code identity}, {@code zlib} and {@code zstd-8mb} (§4.2); users
 * add their own by implementing the interface — there is no reflection and no service loading.
 *
 * <p>Encoders and decoders work between caller-supplied {@link java.nio.ByteBuffer}s so that
 * output lands directly in the buffer that becomes a frame payload, and decoding proceeds into
 * fixed-size buffers that the caller checks against its limits after each one ({@code ENC-6}).
 * They are not thread-safe: each is confined to one thread at a time, and distinct instances are
 * independent, so different streams may be encoded on different cores.
 */
package org.framewire.streams.encoding;
