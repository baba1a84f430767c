package io.reactivemesh.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A mesh of real node processes on loopback (random cluster name and ports, quorum = majority), started from the fat
 * jar with the bundled conf; closing it kills every node it started, by pid.
 */
public final class ProcessMesh implements AutoCloseable {

  private final List<NodeProcess> nodes;

  private ProcessMesh(List<NodeProcess> nodes) {
    this.nodes = nodes;
  }

  /** Starts {@code size} nodes named node-0.. and waits until all are ready; extra arguments go to every node. */
  public static ProcessMesh start(int size, Path logs, String... extraArgs) throws IOException, InterruptedException {
    List<Integer> ports = FreePorts.pick(2 * size);
    String cluster = "it-" + UUID.randomUUID();
    String members = String.join(",", ports.subList(size, 2 * size).stream().map(p -> "127.0.0.1:" + p).toList());
    List<NodeProcess> nodes = new ArrayList<>();
    ProcessMesh mesh = new ProcessMesh(nodes);
    try {
      for (int i = 0; i < size; i++) {
        List<String> args = new ArrayList<>(List.of("--cluster-name", cluster, "--hz-port",
          String.valueOf(ports.get(size + i)), "--members", members, "--quorum", String.valueOf(size / 2 + 1)));
        args.addAll(List.of(extraArgs));
        NodeProcess node = NodeProcess.start("node-" + i, ports.get(i), logs, args);
        nodes.add(node);
        if (i == 0) {
          node.awaitLive();
        }
      }
      for (NodeProcess node : nodes) {
        node.awaitReady();
      }
      return mesh;
    } catch (IOException | RuntimeException e) {
      mesh.close();
      throw e;
    }
  }

  public List<NodeProcess> nodes() {
    return List.copyOf(nodes);
  }

  public NodeProcess node(int index) {
    return nodes.get(index);
  }

  @Override
  public void close() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }
}
