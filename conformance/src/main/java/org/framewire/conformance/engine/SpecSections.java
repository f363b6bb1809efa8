package org.framewire.conformance.engine;

import org.framewire.spec.Requirement;
import org.framewire.spec.SpecDocument;

/** The SPEC.md section defining each requirement, read from the bundled SPEC.md. */
public final class SpecSections {
  private static final SpecDocument SPEC = SpecDocument.load();

  private SpecSections() {}

  /** The section number, such as {@code 2.4}, or {@code ?} when SPEC.md does not define {@code r}. */
  public static String of(Requirement r) {
    return SPEC.definition(r).map(SpecDocument.Definition::section).orElse("?");
  }
}
