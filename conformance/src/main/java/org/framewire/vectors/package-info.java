/**
 * The reference-vector runner ({@code framewire vectors}): each vector kind (frames, CBOR,
 * command requests, response streams, server sessions, ...) as a runner that checks framewire's
 * codecs and sessions against protocol-spec's {@code vectors/} (recorded from Mercurial 6.3.2 and
 * written from SPEC.md), and the tagged JSON those vectors use for CBOR values.
 */
package org.framewire.vectors;
