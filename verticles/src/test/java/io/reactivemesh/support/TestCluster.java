package io.reactivemesh.support;

import io.reactivemesh.node.CommandLine;
import io.reactivemesh.node.DeploymentPlan;
import io.reactivemesh.node.MeshNode;
import io.reactivemesh.node.NodeOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A mesh of real nodes (real Hazelcast members, clustered Vert.x, HA) inside the test JVM, on loopback, with a random
 * cluster name and random ports; registered with {@code @RegisterExtension}, it stops every node after each test.
 */
public final class TestCluster implements AfterEachCallback {

  private final List<MeshNode> nodes = new CopyOnWriteArrayList<>();
  private String clusterName = newClusterName();
  private List<Integer> hzPorts = List.of();

  /** Reserves the Hazelcast ports of a cluster of {@code size} members; call before starting its nodes. */
  public TestCluster ofSize(int size) {
    hzPorts = FreePorts.pick(size);
    return this;
  }

  /**
   * Starts member {@code index} (0-based) with the given conf (its {@code deploy} and {@code mesh} sections, as in
   * conf/node.yaml) and extra options given as name/value pairs ("quorum", "2").
   */
  public Future<MeshNode> start(int index, JsonObject conf, String... options) {
    if (index >= hzPorts.size()) {
      throw new IllegalArgumentException("member " + index + " outside the reserved size " + hzPorts.size());
    }
    List<String> args = new ArrayList<>(List.of(
      "--node-name", "node-" + index,
      "--cluster-name", clusterName,
      "--hz-port", String.valueOf(hzPorts.get(index)),
      "--http-port", String.valueOf(FreePorts.pick(1).get(0)),
      "--members", String.join(",", hzPorts.stream().map(p -> "127.0.0.1:" + p).toList())));
    for (int i = 0; i + 1 < options.length; i += 2) {
      args.add("--" + options[i]);
      args.add(options[i + 1]);
    }
    if (!args.contains("--drain-timeout-ms")) {
      args.addAll(List.of("--drain-timeout-ms", "500"));
    }
    NodeOptions nodeOptions = NodeOptions.resolve(CommandLine.parse(args), Map.of(), location -> conf);
    return MeshNode.start(nodeOptions, DeploymentPlan.from(conf), new HashMap<>()).onSuccess(nodes::add);
  }

  /** Starts members 0..size-1 one after the other (the first bootstraps the cluster) with the same conf. */
  public Future<List<MeshNode>> startAll(JsonObject conf, String... options) {
    Future<List<MeshNode>> chain = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < hzPorts.size(); i++) {
      int index = i;
      chain = chain.compose(started -> start(index, conf, options).map(node -> {
        started.add(node);
        return started;
      }));
    }
    return chain;
  }

  public List<MeshNode> nodes() {
    return List.copyOf(nodes);
  }

  /** Stops a node cleanly (drain, unregister, leave) and forgets it. */
  public void stop(MeshNode node) throws Exception {
    nodes.remove(node);
    node.shutdown().get(30, TimeUnit.SECONDS);
  }

  /**
   * Crashes a node's cluster membership the way {@code kill -9} would: its Hazelcast member is terminated at once (no
   * partitions handed over, no goodbye), then its Vert.x is closed for the test JVM's sake; the node is forgotten.
   */
  public void crash(MeshNode node) throws Exception {
    nodes.remove(node);
    node.runtime().cluster().hazelcast().getLifecycleService().terminate();
    node.vertx().close().toCompletionStage().toCompletableFuture().handle((v, e) -> null).get(30, TimeUnit.SECONDS);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (MeshNode node : nodes) {
      node.shutdown().get(30, TimeUnit.SECONDS);
    }
    nodes.clear();
    clusterName = newClusterName();
  }

  private static String newClusterName() {
    return "test-" + UUID.randomUUID();
  }
}
