package io.reactivemesh.loadtest;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/** A short, gentle check that every gateway answers its operating endpoints: health and mesh views. */
public class SmokeSimulation extends Simulation {

  private final List<String> gateways = Gateways.fromSystemProperty();

  private final HttpProtocolBuilder protocol = http
    .baseUrls(gateways)
    .acceptHeader("application/json");

  private final ScenarioBuilder operator = scenario("operator views")
    .exec(http("ready").get("/health/ready").check(status().is(200)))
    .exec(http("nodes").get("/mesh/nodes").check(status().is(200)));

  {
    setUp(operator.injectOpen(constantUsersPerSec(20).during(Duration.ofSeconds(10))))
      .protocols(protocol)
      .assertions(
        global().failedRequests().percent().lt(1.0),
        global().responseTime().percentile(95.0).lt(200));
  }
}
