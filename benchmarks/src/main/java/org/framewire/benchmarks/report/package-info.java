/**
 * The report of {@code framewire bench} (docs/benchmarks.md): runs the JMH benchmarks in rounds,
 * the deterministic compression sizes and Mercurial's baseline, computes the ratios — each from
 * measurements taken side by side in one run — and writes them as JSON, PNG plots (Java2D) and a
 * Markdown table. {@link org.framewire.benchmarks.report.BenchMain} is the entry point.
 */
package org.framewire.benchmarks.report;
