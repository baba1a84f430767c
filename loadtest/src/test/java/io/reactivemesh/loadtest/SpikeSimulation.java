package io.reactivemesh.loadtest;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * A spike through every gateway: a calm open rate, a jump to {@code peakRate} new users per second held for
 * {@code spikeSeconds}, then calm again; the mesh must absorb it without failures and recover its latency. The users are
 * readers (articles, views, stats, feed) while a trickle of writers keeps creating what they read; with
 * {@code -Dworkload=echo} they call the echo service instead.
 *
 * <p>{@code -DbaseRate=20}, {@code -DpeakRate=200}, {@code -DcalmSeconds=20}, {@code -DspikeSeconds=10},
 * {@code -DrampSeconds=2}; assertions {@code -DmaxFailedPercent=1}, {@code -Dp95Millis=500}, {@code -Dp99Millis=1000}.
 */
public class SpikeSimulation extends Simulation {

  private static final double WRITER_SHARE_OF_BASE = 0.1;

  private final double baseRate = Params.number("baseRate", 20);
  private final double peakRate = Params.number("peakRate", 200);
  private final Duration calm = Params.seconds("calmSeconds", 20);
  private final Duration spike = Params.seconds("spikeSeconds", 10);
  private final Duration ramp = Params.seconds("rampSeconds", 2);
  private final boolean publishing = Journeys.publishingWorkload();
  private final KnownArticles known = new KnownArticles();

  private final ScenarioBuilder users = publishing
    ? scenario("spike readers").exec(Journeys.readArticle(known)).exec(Journeys.browse())
    : scenario("spike echo").exec(Journeys.echo());

  private final ScenarioBuilder writers = scenario("writers").exec(Journeys.writeArticle(known));

  {
    var spikeUsers = users.injectOpen(
      constantUsersPerSec(baseRate).during(calm),
      rampUsersPerSec(baseRate).to(peakRate).during(ramp),
      constantUsersPerSec(peakRate).during(spike),
      rampUsersPerSec(peakRate).to(baseRate).during(ramp),
      constantUsersPerSec(baseRate).during(calm));
    var population = publishing
      ? setUp(spikeUsers, writers.injectOpen(constantUsersPerSec(Math.max(1, baseRate * WRITER_SHARE_OF_BASE))
          .during(calm.plus(ramp).plus(spike).plus(ramp).plus(calm))))
      : setUp(spikeUsers);
    population
      .protocols(Journeys.protocol(Gateways.fromSystemProperty()))
      .assertions(
        global().failedRequests().percent().lte(Params.number("maxFailedPercent", 1)),
        global().responseTime().percentile(95.0).lt(Params.whole("p95Millis", 500)),
        global().responseTime().percentile(99.0).lt(Params.whole("p99Millis", 1000)));
  }
}
