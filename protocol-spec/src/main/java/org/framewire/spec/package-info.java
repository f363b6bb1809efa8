/**
 * The specification as code: {@link org.framewire.spec.Requirement}, every requirement id of
 * SPEC.md (§1.1) as an enum constant with its level and text; {@link
 * org.framewire.spec.SpecDocument}, SPEC.md itself read from the classpath; and {@link
 * org.framewire.spec.Vectors}, the reference vectors and conformance case files shipped with it.
 *
 * <p>The lowest layer of framewire (docs/architecture.md): it imports nothing of framewire. The
 * module also carries {@code org.framewire.spec.ProtocolException}, the typed error of §7.2,
 * so that every layer can throw it.
 */
package org.framewire.spec;
