package io.reactivemesh.loadtest;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * A node killed under load: a steady open rate through the gateways that stay up, and {@code killAtSeconds} into the
 * run the simulation runs {@code -Dfailover.kill} (loadtest/run-simulation passes {@code bin/mesh-cluster kill node-3}),
 * a {@code kill -9} of a node whose service instances are taking calls. The mesh must route around them (retries on
 * another instance, breakers, the registry dropping the dead node), so the failed share stays small.
 *
 * <p>The victim's own gateway gets no traffic ({@code -Dfailover.victimGateway}, left out of {@code -Dgateways}): a
 * client loses a dead gateway's connections whatever the mesh does, and a load balancer's health check drops it.
 * {@code -Drate=30} users/s (publishing: readers, browsers, writers with Idempotency-Key; {@code -Dworkload=echo}: echo
 * calls), {@code -DdurationSeconds=60}, {@code -DkillAtSeconds=20}; assertions {@code -DmaxFailedPercent=1},
 * {@code -Dp99Millis=2000}.
 */
public class FailoverSimulation extends Simulation {

  private static final Logger LOG = LoggerFactory.getLogger(FailoverSimulation.class);

  private final double rate = Params.number("rate", 30);
  private final Duration duration = Params.seconds("durationSeconds", 60);
  private final Duration killAt = Params.seconds("killAtSeconds", 20);
  private final String killCommand = Params.text("failover.kill", "");
  private final String victimGateway = Params.text("failover.victimGateway", "");
  private final boolean publishing = Journeys.publishingWorkload();
  private final KnownArticles known = new KnownArticles();

  private final ScenarioBuilder users = publishing
    ? scenario("failover users")
      .randomSwitch().on(
        percent(25.0).then(Journeys.writeArticle(known)),
        percent(55.0).then(Journeys.readArticle(known)),
        percent(20.0).then(Journeys.browse()))
    : scenario("failover echo").exec(Journeys.echo());

  private final ScenarioBuilder killer = scenario("node killer").exec(session -> {
    kill();
    return session;
  });

  {
    if (killCommand.isEmpty()) {
      LOG.warn("no -Dfailover.kill command: no node is killed in this run (kill one yourself at {} s)",
        killAt.toSeconds());
    }
    List<String> gateways = Gateways.fromSystemProperty().stream().filter(url -> !url.equals(victimGateway)).toList();
    if (gateways.isEmpty()) {
      throw new IllegalArgumentException("-Dgateways lists only the victim's gateway: no gateway would survive the kill");
    }
    setUp(
      users.injectOpen(constantUsersPerSec(rate).during(duration)),
      killer.injectOpen(nothingFor(killAt), atOnceUsers(killCommand.isEmpty() ? 0 : 1)))
      .protocols(Journeys.protocol(gateways))
      .assertions(
        global().failedRequests().percent().lte(Params.number("maxFailedPercent", 1)),
        global().responseTime().percentile(99.0).lt(Params.whole("p99Millis", 2000)));
  }

  /** Starts the kill command without waiting on it: the session function runs on one of Gatling's event loops. */
  private void kill() {
    try {
      Process process = new ProcessBuilder("bash", "-c", killCommand)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .directory(new File(System.getProperty("user.dir")))
        .start();
      LOG.warn("failover: {} s into the run, running '{}'", killAt.toSeconds(), killCommand);
      process.onExit().thenAccept(p -> LOG.warn("failover: '{}' exited {}", killCommand, p.exitValue()));
    } catch (IOException e) {
      LOG.error("failover: cannot run '{}'", killCommand, e);
    }
  }
}
