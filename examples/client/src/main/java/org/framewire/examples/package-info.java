/**
 * The {@code client} example ({@link org.framewire.examples.Client}, examples/README.md): a small
 * application written as an embedder of framewire would write it, built with {@code -Pexamples}.
 */
package org.framewire.examples;
