package io.reactivemesh.loadtest;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * A short, gentle check (CI runs it) that every gateway answers its operating endpoints and routes calls through the
 * mesh: readiness, the members view, and the echo service. {@code -Drate=20} users/s for {@code -DdurationSeconds=15}.
 */
public class SmokeSimulation extends Simulation {

  private final ScenarioBuilder operator = scenario("operator views and echo")
    .exec(http("ready").get("/health/ready").check(status().is(200)))
    .exec(http("nodes").get("/mesh/nodes").check(status().is(200)))
    .exec(Journeys.echo());

  {
    Duration duration = Params.seconds("durationSeconds", 15);
    if (duration.toSeconds() > 60) {
      throw new IllegalArgumentException("-DdurationSeconds: a smoke run lasts at most 60 s, got " + duration.toSeconds());
    }
    setUp(operator.injectOpen(constantUsersPerSec(Params.number("rate", 20)).during(duration)))
      .protocols(Journeys.protocol(Gateways.fromSystemProperty()))
      .assertions(
        global().failedRequests().percent().lt(1.0),
        global().responseTime().percentile(95.0).lt(Params.whole("p95Millis", 200)));
  }
}
