package io.reactivemesh.node;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.reactivemesh.client.EnvelopeCodec;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the verticles of one node may know about the node that runs them: its options, its cluster view, its metrics
 * registry and whether its deployment plan is fully deployed; kept in the node's local shared data under {@link #KEY}.
 */
public final class NodeRuntime implements Shareable {

  static final String LOCAL_MAP = "mesh.node";
  static final String MEMBERS_METRIC = "mesh_cluster_members";
  static final String QUORUM_METRIC = "mesh_cluster_quorum";
  static final String KEY = "runtime";

  private final NodeOptions options;
  private final ClusterView cluster;
  private final PrometheusMeterRegistry meters;
  private final AtomicBoolean deployed = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean dataSafe = new AtomicBoolean();
  private final AtomicInteger httpPort = new AtomicInteger(-1);
  private final Set<String> localSingletons = ConcurrentHashMap.newKeySet();

  NodeRuntime(NodeOptions options, ClusterView cluster, PrometheusMeterRegistry meters) {
    this.options = Objects.requireNonNull(options);
    this.cluster = Objects.requireNonNull(cluster);
    this.meters = Objects.requireNonNull(meters);
    Gauge.builder(MEMBERS_METRIC, cluster, ClusterView::size).description("cluster members this node sees")
      .register(meters);
    Gauge.builder(QUORUM_METRIC, cluster, ClusterView::quorum).description("members needed for HA singletons")
      .register(meters);
  }

  /** The runtime of the node that owns {@code vertx}; fails when the verticle runs outside a mesh node. */
  public static NodeRuntime of(Vertx vertx) {
    NodeRuntime runtime = (NodeRuntime) vertx.sharedData().getLocalMap(LOCAL_MAP).get(KEY);
    if (runtime == null) {
      throw new IllegalStateException("not running inside a mesh node: no NodeRuntime in local map " + LOCAL_MAP);
    }
    return runtime;
  }

  /** Makes this the runtime of the node that owns {@code vertx}, and registers the mesh envelopes' codecs there. */
  void install(Vertx vertx) {
    vertx.sharedData().getLocalMap(LOCAL_MAP).put(KEY, this);
    EnvelopeCodec.register(vertx.eventBus());
  }

  public NodeOptions options() {
    return options;
  }

  public ClusterView cluster() {
    return cluster;
  }

  /** This node's metrics (Vert.x's and the mesh's), scraped in Prometheus text format at {@code /metrics}. */
  public PrometheusMeterRegistry meters() {
    return meters;
  }

  /** The port the gateway actually listens on (differs from the option when that is 0), or -1 before it listens. */
  public int httpPort() {
    return httpPort.get();
  }

  public void httpListening(int port) {
    httpPort.set(port);
  }

  /** True once every service of the deployment plan has started. */
  public boolean deployed() {
    return deployed.get();
  }

  void markDeployed() {
    deployed.set(true);
  }

  /** The singletons running on this node now, by name. */
  public Set<String> localSingletons() {
    return Set.copyOf(localSingletons);
  }

  void singletonStarted(String name) {
    localSingletons.add(name);
  }

  void singletonStopped(String name) {
    localSingletons.remove(name);
  }

  /** True once this member's partitions have had their backups in place (readiness; see HealthRoutes). */
  public boolean dataSafe() {
    return dataSafe.get();
  }

  public void markDataSafe() {
    dataSafe.set(true);
  }

  /** True from the moment the node begins a clean shutdown. */
  public boolean stopping() {
    return stopping.get();
  }

  boolean beginStopping() {
    return stopping.compareAndSet(false, true);
  }
}
