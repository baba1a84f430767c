package io.reactivemesh.loadtest;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * A short, gentle check (CI runs it) that every gateway answers its operating endpoints and routes calls through the
 * mesh: readiness, the members view, and the echo service. {@code -DwarmUpSeconds=5} of traffic first (its failures
 * count, its latency does not: freshly started JVMs answer their first calls slowly), then {@code -Drate=20} users/s
 * for {@code -DdurationSeconds=15}, whose calls must each stay under the route deadline at p99. A latency bar of your
 * own machine is opt-in: {@code -Dp95Millis=N}. Latency targets are the benchmark's job, as ratios to a bare server.
 */
public class SmokeSimulation extends Simulation {

  /** The mesh's route deadline (DESIGN.md §3): a healthy mesh never makes a caller wait it out. */
  private static final int ROUTE_DEADLINE_MILLIS = 2_000;
  private static final String MEASURED = "measured";
  private static final List<String> CALLS = List.of("ready", "nodes", "echo item", "echo post");

  private static ChainBuilder operatorCalls() {
    return exec(http(CALLS.get(0)).get("/health/ready").check(status().is(200)))
      .exec(http(CALLS.get(1)).get("/mesh/nodes").check(status().is(200)))
      .exec(Journeys.echo());
  }

  {
    Duration warmUp = Params.seconds("warmUpSeconds", 5);
    Duration duration = Params.seconds("durationSeconds", 15);
    if (warmUp.plus(duration).toSeconds() > 60) {
      throw new IllegalArgumentException("-DwarmUpSeconds plus -DdurationSeconds: a smoke run lasts at most 60 s, got "
        + warmUp.plus(duration).toSeconds());
    }
    double rate = Params.number("rate", 20);
    ScenarioBuilder warmingUp = scenario("warm-up").exec(operatorCalls());
    ScenarioBuilder measured = scenario("operator views and echo").exec(group(MEASURED).on(operatorCalls()));

    List<Assertion> assertions = new ArrayList<>();
    assertions.add(global().failedRequests().percent().lt(1.0));
    int p95Millis = Params.whole("p95Millis", 0);
    for (String call : CALLS) {
      assertions.add(details(MEASURED, call).responseTime().percentile(99.0).lt(ROUTE_DEADLINE_MILLIS));
      if (p95Millis > 0) {
        assertions.add(details(MEASURED, call).responseTime().percentile(95.0).lt(p95Millis));
      }
    }
    setUp(warmingUp.injectOpen(constantUsersPerSec(rate).during(warmUp))
      .andThen(measured.injectOpen(constantUsersPerSec(rate).during(duration))))
      .protocols(Journeys.protocol(Gateways.fromSystemProperty()))
      .assertions(assertions);
  }
}
