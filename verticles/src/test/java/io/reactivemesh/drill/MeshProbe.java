package io.reactivemesh.drill;

import io.reactivemesh.drill.FinalState.ArticleView;
import io.reactivemesh.drill.FinalState.NodeView;
import io.reactivemesh.support.NodeProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Reads the mesh's state through its gateways once the workload has stopped, with plain blocking HTTP: the articles,
 * counts and workflows the history names, and each node's views of the mesh ({@code /mesh/nodes},
 * {@code /mesh/services}, {@code /mesh/singletons}).
 */
final class MeshProbe {

  static final Duration REFUSAL_PROBE_INTERVAL = Duration.ofMillis(200);
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(3);

  private final List<Workload.Gateway> gateways;

  MeshProbe(List<Workload.Gateway> gateways) {
    this.gateways = List.copyOf(gateways);
  }

  /** Everything the checker needs, from every gateway; the workflows from the first gateway that answers. */
  FinalState collect(Collection<String> articleIds, Collection<String> workflowIds) {
    Map<String, NodeView> nodes = new LinkedHashMap<>();
    for (Workload.Gateway gateway : gateways) {
      nodes.put(gateway.name(), nodeView(gateway, articleIds));
    }
    return new FinalState(nodes, workflowStates(workflowIds));
  }

  /** The state of each workflow ({@code running}, {@code completed}, ...), or {@code unreadable}. */
  Map<String, String> workflowStates(Collection<String> workflowIds) {
    Map<String, String> states = new LinkedHashMap<>();
    for (String id : workflowIds) {
      states.put(id, anyGateway("/api/workflows/" + id).map(w -> w.getString("state")).orElse("unreadable"));
    }
    return states;
  }

  private NodeView nodeView(Workload.Gateway gateway, Collection<String> articleIds) {
    JsonObject nodes = json(gateway, "/mesh/nodes").orElse(new JsonObject());
    Set<String> members = new HashSet<>();
    String self = null;
    for (Object m : nodes.getJsonArray("members", new JsonArray())) {
      JsonObject member = (JsonObject) m;
      members.add(member.getString("nodeId"));
      if (member.getBoolean("local", false)) {
        self = member.getString("nodeId");
      }
    }
    List<String> localSingletons = nodes.getJsonArray("singletons", new JsonArray()).stream().map(String::valueOf).toList();
    Map<String, String> instances = new LinkedHashMap<>();
    json(gateway, "/mesh/services").ifPresent(services -> services.forEach(e -> ((JsonArray) e.getValue()).stream()
      .map(JsonObject.class::cast).forEach(r -> instances.put(r.getString("instanceId"), r.getString("nodeId")))));
    Map<String, String> owners = new LinkedHashMap<>();
    json(gateway, "/mesh/singletons").ifPresent(singletons -> singletons.forEach(e -> {
      JsonObject owner = (JsonObject) e.getValue();
      if (!owner.getBoolean("released", false)) {
        owners.put(e.getKey(), owner.getString("node"));
      }
    }));
    Map<String, ArticleView> articles = new LinkedHashMap<>();
    Map<String, Long> views = new LinkedHashMap<>();
    for (String id : articleIds) {
      article(gateway, id).ifPresent(a -> articles.put(id, a));
      json(gateway, "/api/articles/" + id + "/stats").ifPresent(s -> views.put(id, s.getLong("views")));
    }
    return new NodeView(gateway.name(), self, members, localSingletons, instances, owners, articles, views);
  }

  private Optional<ArticleView> article(Workload.Gateway gateway, String id) {
    return get(gateway, "/api/articles/" + id).flatMap(response -> switch (response.statusCode()) {
      case 200 -> {
        JsonObject article = new JsonObject(response.body());
        yield Optional.of(new ArticleView(article.getLong("version"), article.getString("title"),
          article.getString("status")));
      }
      case 404 -> Optional.of(ArticleView.MISSING);
      default -> Optional.empty();
    });
  }

  private Optional<JsonObject> anyGateway(String path) {
    for (Workload.Gateway gateway : gateways) {
      Optional<JsonObject> answer = json(gateway, path);
      if (answer.isPresent()) {
        return answer;
      }
    }
    return Optional.empty();
  }

  /** The JSON body of a 200 answer, or empty. */
  static Optional<JsonObject> json(Workload.Gateway gateway, String path) {
    return get(gateway, path).filter(r -> r.statusCode() == 200).map(r -> new JsonObject(r.body()));
  }

  /** The answer to a GET, or empty when none came within 3 s. */
  static Optional<HttpResponse<String>> get(Workload.Gateway gateway, String path) {
    return send(HttpRequest.newBuilder(URI.create(gateway.baseUri() + path)).GET());
  }

  /**
   * When {@code gateway} first refused a write with 503, on {@code clock}: a POST of {@code json} goes out every
   * {@link #REFUSAL_PROBE_INTERVAL} without waiting for the ones before, since a write stuck on a partition owner it
   * cannot reach holds its answer for up to 3 s and must not delay the next probe. Empty when none was refused within
   * {@code bound}.
   */
  static Optional<Long> firstRefusal(Workload.Gateway gateway, String path, JsonObject json, Duration bound,
                                     LongSupplier clock) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUri() + path))
      .header("Content-Type", "application/json").timeout(ANSWER_BOUND)
      .POST(HttpRequest.BodyPublishers.ofString(json.encode())).build();
    AtomicReference<Long> refusedAt = new AtomicReference<>();
    long deadline = System.nanoTime() + bound.toNanos();
    while (refusedAt.get() == null && System.nanoTime() < deadline) {
      NodeProcess.sendAsync(request).thenAccept(answer -> {
        if (answer.statusCode() == 503) {
          refusedAt.compareAndSet(null, clock.getAsLong());
        }
      });
      LockSupport.parkNanos(REFUSAL_PROBE_INTERVAL.toNanos());
    }
    return Optional.ofNullable(refusedAt.get());
  }

  private static Optional<HttpResponse<String>> send(HttpRequest.Builder builder) {
    return NodeProcess.send(builder.timeout(ANSWER_BOUND).build());
  }
}
