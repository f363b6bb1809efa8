/**
 * The frame layer (SPEC.md §2): {@link org.framewire.frames.FrameHeader}, the one place the 8
 * header bytes are packed and unpacked (§2.1); {@link org.framewire.frames.Frame}, {@link
 * org.framewire.frames.FrameType} and {@link org.framewire.frames.StreamFlags} (§2.2, §2.3, §3.2);
 * the incremental zero-copy {@link org.framewire.frames.FrameDecoder}, whose {@code
 * Options.violation} is the one header check (§2.4, §2.5), and the {@link
 * org.framewire.frames.FrameEncoder}; command requests and their framing ({@link
 * org.framewire.frames.CommandRequest}, {@link org.framewire.frames.CommandFramer}, §6.1); and the
 * frame notation of §1.4 ({@link org.framewire.frames.FrameNotation} with {@link
 * org.framewire.frames.PythonLiteral} and its parser).
 *
 * <p>Sans-I/O and thread-free. {@code ProtocolException}, in this package by name, lives in the
 * protocol-spec module so that the cbor module below can throw it.
 */
package org.framewire.frames;

import org.framewire.spec.ProtocolException;
