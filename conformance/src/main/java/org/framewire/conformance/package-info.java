/**
 * The conformance suite as a library; this package holds what its parts share: a case's {@link
 * org.framewire.conformance.Grade}, the {@link org.framewire.conformance.Role} tested, the
 * {@link org.framewire.conformance.WireEvent}s observed, and the case and run reports. Cases live as JSON in protocol-spec's {@code conformance/} and
 * cite SPEC.md requirement ids; docs/conformance/README.md describes the suite. Sub-packages: {@code
 * .cases} (model and loader), {@code .engine} (running and grading a server-role case), {@code
 * .target} (what a case talks to), {@code .client} (the client role), {@code .report}, {@code
 * .fuzz} and {@code .junit}.
 */
package org.framewire.conformance;
