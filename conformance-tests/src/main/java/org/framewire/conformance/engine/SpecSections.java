package org.framewire.conformance.engine;

import org.framewire.spec.Requirement;
import org.framewire.spec.SpecDocument;

/** The SPEC.md section defining each requirement, read from the bundled SPEC.md. */
final class SpecSections {
  private static final SpecDocument SPEC = SpecDocument.load();

  private SpecSections() {}

  static String of(Requirement r) {
    return SPEC.definition(r).map(SpecDocument.Definition::section).orElse("?");
  }
}
