/**
 * The {@code nio-server} example ({@link org.framewire.examples.NioServer}, examples/README.md): a small
 * application written as an embedder of framewire would write it, built with {@code -Pexamples}.
 */
package org.framewire.examples;
