package org.framewire.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HttpApiServer} as a proxy such as nginx sees it (issue 18, docs/deployment.md): the
 * response waits for the end of the request body, an early violation included, and the connection
 * is reused afterwards.
 */
@Timeout(60)
class HttpBehindProxyTest {

  @Test
  void earlyViolationWaitsForTheBody() throws Exception {
    try (Fixture f = new Fixture()) {
      ProxyScenarios.earlyViolationWaitsForTheBody(f.http().localAddress(), "");
    }
  }

  @Test
  void answerWaitsForTheBody() throws Exception {
    try (Fixture f = new Fixture()) {
      ProxyScenarios.answerWaitsForTheBody(f.http().localAddress(), "");
    }
  }

  @Test
  void deepPipelineWaitsForTheBody() throws Exception {
    try (Fixture f = new Fixture()) {
      ProxyScenarios.deepPipelineWaitsForTheBody(f.http().localAddress(), "");
    }
  }
}
