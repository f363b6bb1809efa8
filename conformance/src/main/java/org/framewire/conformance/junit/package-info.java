/**
 * The suite as JUnit 5 dynamic tests, for an implementer's own test run: one test per case, cases
 * that do not apply aborted rather than failed.
 */
package org.framewire.conformance.junit;
