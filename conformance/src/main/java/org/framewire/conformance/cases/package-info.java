/**
 * The conformance case model (docs/conformance/case-format.md): a case's frames in the frame
 * notation (SPEC.md §1.4), the outcomes it accepts (an error frame citing a requirement, a close,
 * a response, an HTTP status), capabilities that size limit cases, and the loader and writer of
 * the JSON case files.
 */
package org.framewire.conformance.cases;
