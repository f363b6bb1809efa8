/**
 * The {@code framewire} command-line tool: one picocli command per file ({@code check}, {@code
 * check-client}, {@code vectors}, {@code serve}, {@code call}, {@code load}, {@code fuzz}, {@code
 * bench}, {@code encode}, {@code decode}), registered in {@link org.framewire.cli.Main}. Shaded
 * into {@code cli/target/framewire.jar}; the repository's {@code ./framewire} script runs it.
 */
package org.framewire.cli;
