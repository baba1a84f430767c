package io.reactivemesh.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.reactivemesh.ops.MeshMetricsFactory;
import io.reactivemesh.ops.PrometheusNaming;
import io.reactivemesh.ops.Tracing;
import io.reactivemesh.registry.RegistryVerticle;
import io.reactivemesh.registry.ServiceRegistry;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The mesh node's main: resolves options (flags > MESH_* > conf file > defaults), builds the clustered Vert.x with HA,
 * deploys the node's plan, and on SIGTERM/SIGINT drains, unregisters and leaves the cluster before exiting 0.
 */
public final class MeshNode {

  static final int EXIT_BAD_OPTION = 2;
  static final int EXIT_START_FAILED = 1;
  /**
   * Time allowed on top of the drain timeout for undeploying and leaving the cluster on SIGTERM: leaving is Hazelcast's
   * graceful shutdown, which hands the node's partitions to the others first and may take up to its
   * {@code hazelcast.graceful.shutdown.max.wait} (10 s in the bundled configs). The rolling drill saw a node under load
   * on a slow 2-core machine need more than the 1.5 s once allowed, and exit 1 from a clean stop.
   */
  static final long LEAVE_GRACE_MILLIS = 10_000;

  private final Vertx vertx;
  private final NodeRuntime runtime;
  private final Deployments deployments;
  /** Exports spans when the node has an OTLP endpoint, else null; closed last so the final spans are flushed. */
  private final OpenTelemetrySdk tracing;
  /** Completed outside any Vert.x context: after {@code vertx.close()} no event loop is left to run callbacks on. */
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  /** What the node deployed itself, so that a clean stop can undeploy it in the right order. */
  private record Deployments(String registry, List<String> services, String supervisor) {
  }

  private MeshNode(Vertx vertx, NodeRuntime runtime, Deployments deployments, OpenTelemetrySdk tracing) {
    this.vertx = vertx;
    this.runtime = runtime;
    this.deployments = deployments;
    this.tracing = tracing;
  }

  public static void main(String[] args) {
    NodeOptions options;
    DeploymentPlan plan;
    try {
      CommandLine commandLine = CommandLine.parse(List.of(args));
      if (commandLine.help()) {
        // --help is the one place the node writes to stdout directly: it is the answer the user asked for, not a log line
        System.out.print(CommandLine.usage());
        return;
      }
      options = NodeOptions.resolve(commandLine, System.getenv());
      plan = DeploymentPlan.from(options.conf());
    } catch (OptionException e) {
      System.err.println("mesh-node: " + e.getMessage());
      System.exit(EXIT_BAD_OPTION);
      return;
    }
    configureLogging(options);
    Logger log = LoggerFactory.getLogger(MeshNode.class);
    start(options, plan, System.getenv())
      .onSuccess(node -> node.stopOnSignals(log))
      .onFailure(e -> {
        log.error("cannot start node {}: {}", options.nodeName(), StartFailure.describe(e));
        System.exit(EXIT_START_FAILED);
      });
  }

  /** Starts a node in this JVM: used by {@link #main} and by the in-JVM test cluster. */
  public static Future<MeshNode> start(NodeOptions options, DeploymentPlan plan, Map<String, String> env) {
    HazelcastClusterManager clusterManager;
    try {
      PortCheck.requireFree(options.clusterHost(), options.hzPort(), Option.HZ_PORT);
      PortCheck.requireFree(options.clusterHost(), options.busPort(), Option.BUS_PORT);
      clusterManager = new HazelcastClusterManager(ClusterConfigFactory.build(options, env));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    EventBusOptions eventBus = new EventBusOptions().setHost(options.clusterHost()).setPort(options.busPort());
    if (options.publicHost() != null) {
      eventBus.setClusterPublicHost(options.publicHost());
    }
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PrometheusNaming.apply(meters);
    VertxOptions vertxOptions = new VertxOptions()
      .setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        // one registry per node: several nodes may share a JVM (tests), and labels stay bounded (no paths, no addresses)
        .setRegistryName("mesh-" + options.nodeName() + "-" + UUID.randomUUID()))
      .setHAEnabled(true)
      .setHAGroup(options.haGroup())
      .setQuorumSize(options.quorum())
      .setEventBusOptions(eventBus);
    JoiningHealthServer joining;
    try {
      joining = JoiningHealthServer.start(options);
    } catch (StartFailure e) {
      return Future.failedFuture(e);
    }
    VertxBuilder builder = Vertx.builder().withClusterManager(clusterManager)
      .withTransport(transport(options.transport()))
      .withMetrics(new MeshMetricsFactory(meters));
    OpenTelemetrySdk tracing = options.otlpEndpoint() == null ? null
      : Tracing.exporter(options.otlpEndpoint(), options.nodeName());
    if (tracing != null) {
      vertxOptions.setTracingOptions(new OpenTelemetryOptions());
      builder.withTracer(new OpenTelemetryTracingFactory(tracing));
    }
    return builder.with(vertxOptions)
      .buildClustered()
      .onComplete(ar -> stop(joining))
      .compose(vertx -> {
        NodeRuntime runtime = new NodeRuntime(options,
          new ClusterView(clusterManager.getHazelcastInstance(), options.quorum()), meters);
        runtime.install(vertx);
        return checkJoined(runtime)
          .compose(v -> deployPlan(vertx, plan))
          .compose(deployed -> DataMembership.takeShare(vertx, clusterManager.getHazelcastInstance()).map(deployed))
          .map(deployed -> new MeshNode(vertx, runtime, deployed, tracing))
          .onSuccess(node -> {
            runtime.markDeployed();
            node.logStarted(plan);
          })
          .recover(e -> vertx.close().transform(ignored -> Future.failedFuture(e)));
      })
      .onFailure(e -> {
        if (tracing != null) {
          tracing.close();
        }
      });
  }

  /**
   * Netty's epoll transport when asked for and it loads (the jar carries it for Linux x86-64; docs/BENCHMARKS.md has
   * what it saves). Elsewhere the node still starts, on java.nio, and says why.
   */
  private static Transport transport(NodeOptions.IoTransport wanted) {
    if (wanted == NodeOptions.IoTransport.NIO) {
      return Transport.NIO;
    }
    if (Transport.EPOLL.available()) {
      return Transport.EPOLL;
    }
    LoggerFactory.getLogger(MeshNode.class).warn("native transport unavailable, running on java.nio: {}",
      String.valueOf(Transport.EPOLL.unavailabilityCause()));
    return Transport.NIO;
  }

  private static void stop(JoiningHealthServer joining) {
    if (joining != null) {
      joining.stop();
    }
  }

  /**
   * A node whose own address is not in the member list is a joiner: it must find an existing member. Forming a
   * one-member cluster of its own would split the mesh silently, so it fails instead.
   */
  private static Future<Void> checkJoined(NodeRuntime runtime) {
    NodeOptions options = runtime.options();
    boolean seed = options.members().contains(options.advertisedHost() + ":" + options.hzPort());
    if (!seed && runtime.cluster().size() < 2) {
      return Future.failedFuture(new StartFailure("could not join cluster " + options.clusterName()
        + ": no member of " + String.join(",", options.members()) + " answered"));
    }
    return Future.succeededFuture();
  }

  private static Future<Deployments> deployPlan(Vertx vertx, DeploymentPlan plan) {
    List<String> services = new ArrayList<>();
    return vertx.deployVerticle(RegistryVerticle.class.getName()).compose(registry -> {
      Future<Void> chain = Future.succeededFuture();
      for (DeploymentPlan.Unit unit : plan.services()) {
        chain = chain.compose(v -> vertx.deployVerticle(unit.verticle(),
            new DeploymentOptions().setInstances(unit.instances()).setConfig(unit.config()))
          .map(id -> {
            services.add(id);
            return null;
          }));
      }
      return chain
        .compose(v -> vertx.deployVerticle(new SingletonSupervisorVerticle(plan.singletons())))
        .map(supervisor -> new Deployments(registry, List.copyOf(services), supervisor));
    });
  }

  public Vertx vertx() {
    return vertx;
  }

  public NodeRuntime runtime() {
    return runtime;
  }

  /**
   * A clean stop: withdraw this node's service instances from the registry, stop accepting and drain (the gateway's
   * stop, as the plan's last service), unregister services, hand singletons over, then leave the cluster. Vert.x HA
   * sees a clean leave, so nothing fails over.
   */
  public CompletableFuture<Void> shutdown() {
    if (!runtime.beginStopping()) {
      return stopped;
    }
    List<String> servicesLastFirst = new ArrayList<>(deployments.services());
    Collections.reverse(servicesLastFirst);
    // withdrawn from every caller's registry while the gateway still serves unready: by the time a service's consumer
    // goes, no caller sends to it any more (the rolling drill saw a view sent to a consumer just unregistered end in 504)
    Future<Void> chain = ServiceRegistry.of(vertx).unpublishOwn().recover(e -> Future.succeededFuture());
    for (String id : servicesLastFirst) {
      chain = chain.compose(v -> undeployQuietly(id));
    }
    chain
      .compose(v -> Future.join(vertx.deploymentIDs().stream()
        .filter(id -> !id.equals(deployments.registry()) && !id.equals(deployments.supervisor()))
        .map(this::undeployQuietly).toList()).<Void>mapEmpty())
      .compose(v -> undeployQuietly(deployments.supervisor()))
      .compose(v -> undeployQuietly(deployments.registry()))
      .onComplete(undeployed -> {
        runtime.cluster().close();
        vertx.close().onComplete(closed -> {
          if (tracing != null) {
            tracing.close();
          }
          stopped.complete(null);
        });
      });
    return stopped;
  }

  private Future<Void> undeployQuietly(String deploymentId) {
    return vertx.undeploy(deploymentId).recover(e -> Future.succeededFuture());
  }

  private void stopOnSignals(Logger log) {
    SignalHandler onSignal = signal -> {
      long bound = runtime.options().drainTimeoutMillis() + LEAVE_GRACE_MILLIS;
      log.info("node {} received SIG{}: draining (at most {} ms) and leaving the cluster",
        runtime.options().nodeName(), signal.getName(), bound);
      try {
        shutdown().get(bound, TimeUnit.MILLISECONDS);
        log.info("node {} stopped cleanly", runtime.options().nodeName());
        System.exit(0);
      } catch (Exception e) {
        log.error("node {} did not stop cleanly within {} ms: {}", runtime.options().nodeName(), bound, e.toString());
        System.exit(EXIT_START_FAILED);
      }
    };
    Signal.handle(new Signal("TERM"), onSignal);
    Signal.handle(new Signal("INT"), onSignal);
  }

  private void logStarted(DeploymentPlan plan) {
    NodeOptions options = runtime.options();
    String members = runtime.cluster().members().stream()
      .map(m -> m.name() + "@" + m.clusterAddress())
      .collect(Collectors.joining(", "));
    String services = plan.services().stream()
      .map(u -> u.shortName() + (u.instances() > 1 ? " x" + u.instances() : ""))
      .collect(Collectors.joining(", "));
    String singletons = plan.singletons().stream().map(DeploymentPlan.Unit::shortName).collect(Collectors.joining(", "));
    LoggerFactory.getLogger(MeshNode.class).info(
      "mesh node {} listening on http://{}:{}, cluster {} ({} members: {}, quorum {}), deployed [{}], singletons [{}], "
        + "transport {}, conf {}",
      options.nodeName(), options.httpHost(), runtime.httpPort(), options.clusterName(), runtime.cluster().size(),
      members, options.quorum(), services, singletons, vertx.isNativeTransportEnabled() ? "epoll" : "nio",
      options.confLocation());
  }

  /** Chooses the log format and names the node in every line; must run before the first logger is created. */
  private static void configureLogging(NodeOptions options) {
    System.setProperty("mesh.log.format", options.logFormat().name());
    System.setProperty("mesh.node.name", options.nodeName());
    System.setProperty("hazelcast.logging.type", "slf4j");
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
  }
}
