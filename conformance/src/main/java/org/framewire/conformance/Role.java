package org.framewire.conformance;

/** Which side of the protocol a run tests: the target is a server, or a client. */
public enum Role {
  /** The suite plays the client; the target serves (SPEC.md §6). */
  SERVER("server"),
  /** The suite plays the server; the target is a client driven through its control channel. */
  CLIENT("client");

  private final String label;

  Role(String label) {
    this.label = label;
  }

  /** {@code server} or {@code client}. */
  public String label() {
    return label;
  }
}
