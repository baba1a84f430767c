package io.reactivemesh.loadtest;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * The mixed publishing workload (DESIGN.md §5) through every gateway: an open model that ramps new users up to
 * {@code rate} per second, then holds it. Of each second's users, most read (an article, a view, its stats), some
 * browse (feed, list by author), some write (create with Idempotency-Key, read back, update under If-Match; a part of
 * them publish through the saga and read the workflow, or check the replay / 412 / 428 contracts), a few delete.
 *
 * <p>{@code -Drate=20} users/s at steady state (each makes 2 to 7 requests), {@code -DrampSeconds=30},
 * {@code -DsteadySeconds=60}; assertions: {@code -Dp95Millis=500}, {@code -Dp99Millis=1000},
 * {@code -DmaxFailedPercent=1}.
 */
public class PublishingSimulation extends Simulation {

  private static final double READ_SHARE = 0.55;
  private static final double BROWSE_SHARE = 0.2;
  private static final double WRITE_SHARE = 0.2;
  private static final double DELETE_SHARE = 0.05;
  private static final double PUBLISH_PROBABILITY = 0.3;
  private static final double CONTRACT_CHECK_PROBABILITY = 0.1;

  private final double rate = Params.number("rate", 20);
  private final Duration ramp = Params.seconds("rampSeconds", 30);
  private final Duration steady = Params.seconds("steadySeconds", 60);
  private final KnownArticles known = new KnownArticles();

  private final ScenarioBuilder writers = scenario("writers")
    .exec(Journeys.writeArticle(known))
    .exec(Journeys.sometimes(PUBLISH_PROBABILITY, Journeys.publishArticle()))
    .exec(Journeys.sometimes(CONTRACT_CHECK_PROBABILITY, Journeys.checkContracts()));

  private final ScenarioBuilder readers = scenario("readers").exec(Journeys.readArticle(known));

  private final ScenarioBuilder browsers = scenario("browsers").exec(Journeys.browse());

  private final ScenarioBuilder deleters = scenario("deleters").exec(Journeys.createAndDelete());

  {
    setUp(
      open(writers, WRITE_SHARE),
      open(readers, READ_SHARE),
      open(browsers, BROWSE_SHARE),
      open(deleters, DELETE_SHARE))
      .protocols(Journeys.protocol(Gateways.fromSystemProperty()))
      .assertions(
        global().failedRequests().percent().lte(Params.number("maxFailedPercent", 1)),
        global().responseTime().percentile(95.0).lt(Params.whole("p95Millis", 500)),
        global().responseTime().percentile(99.0).lt(Params.whole("p99Millis", 1000)),
        details("create article").failedRequests().percent().lte(Params.number("maxFailedPercent", 1)));
  }

  /** The scenario's part of the open model: a ramp to its share of the rate, then that rate held. */
  private PopulationBuilder open(ScenarioBuilder scenario, double share) {
    double target = rate * share;
    List<OpenInjectionStep> steps = List.of(
      rampUsersPerSec(0).to(target).during(ramp),
      constantUsersPerSec(target).during(steady));
    return scenario.injectOpen(steps);
  }
}
