/**
 * Model-based fuzzing of a server (docs/fuzzing.md): conversations drawn from fuzz-kit's
 * arbitraries run against the target and the reference session side by side; a disagreement is
 * shrunk and written as a conformance case file.
 */
package org.framewire.conformance.fuzz;
