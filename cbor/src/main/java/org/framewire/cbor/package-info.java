/**
 * CBOR as the protocol uses it (SPEC.md §5, RFC 8949): the {@link org.framewire.cbor.CborValue}
 * data model (§5.1), the incremental, bounded {@link org.framewire.cbor.CborDecoder} with its
 * {@link org.framewire.cbor.CborLimits} (§5.2, §5.4) and the deterministic {@link
 * org.framewire.cbor.CborEncoder} (§5.3).
 *
 * <p>Sans-I/O and thread-free. Malformed or over-limit input is a {@code ProtocolException} citing
 * CBOR-1 to CBOR-5; every limit is checked before allocating. It depends on protocol-spec only;
 * the Python-literal notation for values lives with the frame notation in {@code
 * org.framewire.frames}.
 */
package org.framewire.cbor;
