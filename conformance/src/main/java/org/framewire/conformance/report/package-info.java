/**
 * Reports of a suite run: the terminal summary, JUnit XML, JSON and HTML, the known-failures
 * ratchet, and the report flags shared by the CLI's check commands.
 */
package org.framewire.conformance.report;
