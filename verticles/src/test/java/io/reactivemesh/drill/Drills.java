package io.reactivemesh.drill;

import io.reactivemesh.support.NodeProcess;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;

/** Small questions the drills ask the mesh before they inject a fault. */
final class Drills {

  private Drills() {
  }

  /** The node that runs {@code singleton} now, by its {@code /mesh/nodes} view; the last node when none says so. */
  static NodeProcess holderOf(List<NodeProcess> nodes, String singleton) {
    return nodes.stream()
      .filter(n -> n.getJson("/mesh/nodes").map(v -> v.getJsonArray("singletons").contains(singleton)).orElse(false))
      .findFirst().orElse(nodes.get(nodes.size() - 1));
  }

  /**
   * The Hazelcast master: the oldest member, first in every member list ({@code /mesh/nodes} of the first node that
   * answers); the last node when none answers.
   */
  static NodeProcess masterOf(List<NodeProcess> nodes) {
    return nodes.stream()
      .flatMap(n -> n.getJson("/mesh/nodes").stream())
      .map(view -> view.getJsonArray("members").getJsonObject(0).getString("name"))
      .findFirst()
      .flatMap(name -> nodes.stream().filter(n -> n.name().equals(name)).findFirst())
      .orElse(nodes.get(nodes.size() - 1));
  }

  /** The node's Vert.x node id, from its own {@code /mesh/nodes}. */
  static Optional<String> nodeId(NodeProcess node) {
    return node.getJson("/mesh/nodes").flatMap(v -> v.getJsonArray("members").stream().map(JsonObject.class::cast)
      .filter(m -> m.getBoolean("local", false)).map(m -> m.getString("nodeId")).findFirst());
  }
}
