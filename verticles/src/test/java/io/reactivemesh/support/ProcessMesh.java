package io.reactivemesh.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * A mesh of real node processes (random cluster name, quorum = majority), started from the fat jar with the bundled
 * conf — on loopback with random ports, or each node at a {@link Placement} of its own (a network namespace); a node
 * can be restarted with the arguments it first had; closing the mesh kills every node it started, by pid.
 */
public final class ProcessMesh implements AutoCloseable {

  /**
   * Where one node runs: the address its gateway and Hazelcast bind, its ports, and the command prefix that puts it
   * there (empty on loopback; {@code ip netns exec <ns>} in a network namespace).
   */
  public record Placement(String host, int httpPort, int hzPort, List<String> commandPrefix, List<String> args) {

    public Placement {
      commandPrefix = List.copyOf(commandPrefix);
      args = List.copyOf(args);
    }

    String member() {
      return host + ":" + hzPort;
    }
  }

  private final List<NodeProcess> nodes;
  private final List<Placement> placements;
  private final List<List<String>> arguments;
  private final Path logs;

  private ProcessMesh(List<NodeProcess> nodes, List<Placement> placements, List<List<String>> arguments, Path logs) {
    this.nodes = nodes;
    this.placements = placements;
    this.arguments = arguments;
    this.logs = logs;
  }

  /** Starts {@code size} nodes named node-0.. on loopback and waits until all are ready; extra arguments go to every node. */
  public static ProcessMesh start(int size, Path logs, String... extraArgs) throws IOException, InterruptedException {
    List<Integer> ports = FreePorts.pick(2 * size);
    return start(size, logs, i -> new Placement("127.0.0.1", ports.get(i), ports.get(size + i), List.of(), List.of()),
      extraArgs);
  }

  /**
   * Starts {@code size} nodes named node-0.., node i at {@code placement.apply(i)}, each listing every node as a member,
   * and waits until all are ready; extra arguments go to every node.
   */
  public static ProcessMesh start(int size, Path logs, IntFunction<Placement> placement, String... extraArgs)
    throws IOException, InterruptedException {
    List<Placement> placements = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      placements.add(placement.apply(i));
    }
    String cluster = "it-" + UUID.randomUUID();
    String members = String.join(",", placements.stream().map(Placement::member).toList());
    List<List<String>> arguments = new ArrayList<>();
    for (Placement at : placements) {
      List<String> args = new ArrayList<>(List.of("--cluster-name", cluster, "--hz-port", String.valueOf(at.hzPort()),
        "--members", members, "--quorum", String.valueOf(size / 2 + 1)));
      args.addAll(at.args());
      args.addAll(List.of(extraArgs));
      arguments.add(List.copyOf(args));
    }
    ProcessMesh mesh = new ProcessMesh(new ArrayList<>(), placements, arguments, logs);
    try {
      for (int i = 0; i < size; i++) {
        NodeProcess node = mesh.launch(i);
        mesh.nodes.add(node);
        if (i == 0) {
          node.awaitLive();
        }
      }
      for (NodeProcess node : mesh.nodes) {
        node.awaitReady();
      }
      return mesh;
    } catch (IOException | RuntimeException e) {
      mesh.close();
      throw e;
    }
  }

  private NodeProcess launch(int index) throws IOException {
    Placement at = placements.get(index);
    return NodeProcess.start("node-" + index, at.host(), at.httpPort(), logs, at.commandPrefix(), arguments.get(index));
  }

  public List<NodeProcess> nodes() {
    return List.copyOf(nodes);
  }

  public NodeProcess node(int index) {
    return nodes.get(index);
  }

  /**
   * Starts node {@code index} again with its first arguments, once its previous process has exited, and waits until it
   * is ready; the new process replaces the old one in this mesh.
   */
  public NodeProcess restart(int index) throws IOException, InterruptedException {
    NodeProcess old = nodes.get(index);
    if (old.alive() && old.awaitExit(Duration.ofSeconds(10)) == -1) {
      throw new IllegalStateException("node " + old.name() + " (pid " + old.pid() + ") is still running");
    }
    NodeProcess fresh = launch(index);
    nodes.set(index, fresh);
    return fresh.awaitReady();
  }

  @Override
  public void close() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }
}
