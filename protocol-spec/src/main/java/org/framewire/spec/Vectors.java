package org.framewire.spec;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The test vector files bundled in the protocol-spec jar (see {@code protocol-spec/vectors/README.md}
 * for their schema).
 *
 * <p>Names are paths relative to the vectors folder, such as {@code mercurial/frames.json}. The
 * files under {@code mercurial/} were recorded from Mercurial 6.3.2 by {@code vectors/generate.py};
 * those under {@code framewire/} cover what that oracle cannot produce (large and malformed frames,
 * malformed CBOR) and are written from SPEC.md. A runner that is given no path runs all of {@link
 * #names()}.
 */
public final class Vectors {

  /** The classpath folder holding the vector files. */
  public static final String RESOURCE_ROOT = "org/framewire/spec/vectors/";

  private static final List<String> NAMES =
      List.of(
          "mercurial/frames.json",
          "mercurial/cbor.json",
          "mercurial/command-requests.json",
          "mercurial/server-sessions.json",
          "mercurial/response-streams.json",
          "framewire/frames-large.json",
          "framewire/frames-malformed.json",
          "framewire/cbor-malformed.json");

  private Vectors() {}

  /** Every bundled vector file, oracle recordings first. */
  public static List<String> names() {
    return NAMES;
  }

  /** The classpath resource name of the vector file {@code name}, e.g. for {@code mercurial/cbor.json}. */
  public static String resourceName(String name) {
    return RESOURCE_ROOT + name;
  }

  /**
   * Opens the bundled vector file {@code name}; the caller closes the stream.
   *
   * @throws IllegalArgumentException if {@code name} is not one of {@link #names()}
   * @throws FileNotFoundException if the file is missing from the classpath
   */
  public static InputStream open(String name) throws IOException {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("not a bundled vector file: " + name);
    }
    InputStream in = Vectors.class.getClassLoader().getResourceAsStream(resourceName(name));
    if (in == null) {
      throw new FileNotFoundException(resourceName(name) + " is not on the classpath");
    }
    return in;
  }
}
