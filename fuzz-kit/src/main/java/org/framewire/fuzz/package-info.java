/**
 * Property-based fuzzing of framewire parsers and sessions — framewire's own and other
 * implementations' — against {@code protocol-spec/SPEC.md}. See {@code docs/fuzzing.md}.
 *
 * <h2>Generators (jqwik arbitraries), each labelled from SPEC.md</h2>
 *
 * <ul>
 *   <li>{@link org.framewire.fuzz.FrameArbitraries}: headers and frames (§2), valid and with each
 *       header field pushed to and past its bounds ({@link org.framewire.fuzz.HeaderCase}).
 *   <li>{@link org.framewire.fuzz.CborArbitraries}: CBOR units in every form a decoder meets
 *       ({@link org.framewire.fuzz.CborCase}); the values of the data model (§5.1) inside them come
 *       from {@link org.framewire.cbor.arbitraries.CborValueArbitraries} in module cbor.
 *   <li>{@link org.framewire.fuzz.RequestArbitraries}: command requests cut into frames anywhere
 *       ({@link org.framewire.fuzz.FramedRequest}, §6.1, §6.2).
 *   <li>{@link org.framewire.fuzz.ResponseArbitraries}: response streams in each encoding, cut
 *       anywhere ({@link org.framewire.fuzz.ResponseStream}, §6.3, §4).
 *   <li>{@link org.framewire.fuzz.ConversationArbitraries}: whole client conversations from a model
 *       of the protocol's state, valid or with exactly one {@link org.framewire.fuzz.Violation}.
 *   <li>{@link org.framewire.fuzz.Chunking}: where input is cut on its way to a receiver.
 * </ul>
 *
 * <h2>Coverage-guided fuzzing</h2>
 *
 * <p>{@link org.framewire.fuzz.ByteMutator}, deterministic over a {@link
 * org.framewire.fuzz.RandomSource}: a seed, a {@link java.util.Random} or a fuzzer's bytes.
 *
 * <h2>Oracle</h2>
 *
 * <p>{@link org.framewire.fuzz.ServerAdapter} and {@link org.framewire.fuzz.ServerConnection} put
 * any server behind bytes in, bytes out; {@link org.framewire.fuzz.ReferenceServerAdapter} is
 * framewire's reference session; {@link org.framewire.fuzz.Oracle} runs conversations and compares
 * {@link org.framewire.fuzz.Verdict}s in {@link org.framewire.fuzz.Transcript}s.
 */
package org.framewire.fuzz;
