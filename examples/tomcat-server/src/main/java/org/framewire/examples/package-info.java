/**
 * The {@code tomcat-server} example ({@link org.framewire.examples.TomcatServer}, examples/README.md): a small
 * application written as an embedder of framewire would write it, built with {@code -Pexamples}.
 */
package org.framewire.examples;
