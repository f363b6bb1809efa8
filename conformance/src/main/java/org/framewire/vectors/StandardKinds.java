package org.framewire.vectors;

import java.util.List;

/** Every vector kind framewire checks. */
public final class StandardKinds {
  private StandardKinds() {}

  public static List<VectorKind> all() {
    return List.of(
        new FrameEncodingKind(),
        new FrameDecodingKind(),
        new CborKind(),
        new CborDecodingKind(),
        new CommandRequestKind(),
        new ResponseStreamKind(),
        new ServerSessionKind());
  }
}
