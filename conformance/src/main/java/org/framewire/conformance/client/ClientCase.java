package org.framewire.conformance.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.framewire.spec.Requirement;

/**
 * One client-role case (docs/conformance/client-role.md): a scripted server. The suite tells the
 * client under test to make {@link #calls}, plays {@link #script} on the connection, and grades the
 * final event of each call against {@link #expect}.
 *
 * @param id stable id, {@code client/...}
 * @param title what the case checks, one line
 * @param section the SPEC.md section
 * @param requirements the requirement ids checked, main one first
 * @param needs capabilities the client must have: encoding profile names, and the names of the
 *     limits ({@code frameReadTimeoutMillis}) the adapter must declare in {@code ready}
 * @param transport {@code any} (the raw transport, or TLS under {@code check-client --tls}) or
 *     {@code http}: the case runs on the HTTP script server ({@link ScriptHttp}, SPEC.md §9.2) and
 *     makes one call, one exchange (the case file's {@code "needs": {"transport": "http"}})
 * @param sendEncodings the encoding profiles the client must be able to send its requests in, which the adapter
 *     declares in {@code ready} ({@code sendEncodings})
 * @param calls the calls, numbered from 1 in the script ({@code $1} is call 1's wire request id)
 * @param script the steps the suite's server plays, in order
 * @param expect per call, what its final event must be
 */
public record ClientCase(
    String id,
    String title,
    String section,
    List<Requirement> requirements,
    List<String> needs,
    String transport,
    List<String> sendEncodings,
    List<JsonNode> calls,
    List<JsonNode> script,
    List<JsonNode> expect) {

  /** The transports a client case may name. */
  static final List<String> TRANSPORTS = List.of("any", "http");

  public ClientCase {
    requirements = List.copyOf(requirements);
    needs = List.copyOf(needs);
    sendEncodings = List.copyOf(sendEncodings);
    calls = List.copyOf(calls);
    script = List.copyOf(script);
    expect = List.copyOf(expect);
    if (expect.size() != calls.size()) {
      throw new IllegalArgumentException(id + ": one expect entry per call needed");
    }
    if (!TRANSPORTS.contains(transport)) {
      throw new IllegalArgumentException(id + ": a client case's transport is one of " + TRANSPORTS + ", not " + transport);
    }
    if (transport.equals("http") && calls.size() != 1) {
      throw new IllegalArgumentException(id + ": an HTTP case makes exactly one call (one exchange)");
    }
  }

  /** The main requirement: the first listed. */
  public Requirement main() {
    return requirements.get(0);
  }

  /** Whether the case runs on the HTTP script server (SPEC.md §9.2). */
  public boolean http() {
    return transport.equals("http");
  }
}
