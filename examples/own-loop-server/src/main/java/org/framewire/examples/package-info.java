/**
 * The {@code own-loop-server} example ({@link org.framewire.examples.OwnLoopServer}, examples/README.md): a small
 * application written as an embedder of framewire would write it, built with {@code -Pexamples}.
 */
package org.framewire.examples;
