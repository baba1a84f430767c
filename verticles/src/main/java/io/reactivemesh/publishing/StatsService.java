package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastInstance;
import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.service.MeshService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The {@code stats} service: {@code POST /api/articles/:id/views} counts a view (202) and
 * {@code GET /api/articles/:id/stats} reads the count, in a Hazelcast PN counter per article
 * ({@link Publishing#VIEWS_COUNTER_PREFIX}): a CRDT, so every member takes increments locally and the counts converge;
 * a read is monotonic for this member. An unknown article is a 404. It reads the article store directly — same
 * domain, one hop fewer on the busiest call — and runs counter calls, which block, on workers.
 */
public class StatsService extends MeshService {

  static final String VIEWS = "/api/articles/:id/views";
  static final String STATS = "/api/articles/:id/stats";

  private HazelcastInstance hazelcast;
  private ArticleStore articles;
  private ServiceRoutes routes;

  @Override
  protected String serviceName() {
    return Publishing.STATS_SERVICE;
  }

  @Override
  protected Future<?> startService() {
    hazelcast = NodeRuntime.of(vertx).cluster().hazelcast();
    articles = new ArticleStore(vertx, context, hazelcast);
    routes = new ServiceRoutes()
      .on("POST", VIEWS, this::countView)
      .on("GET", STATS, this::stats);
    return articles.warmUp();
  }

  @Override
  protected Future<Reply> handle(Request request) {
    return routes.dispatch(request);
  }

  private Future<Reply> countView(Request request, Map<String, String> params) {
    String id = params.get("id");
    return requireArticle(id)
      .compose(v -> ClusterCalls.blocking(vertx, () -> hazelcast.getPNCounter(counterName(id)).incrementAndGet()))
      .map(views -> Reply.of(202, view(id, views)));
  }

  private Future<Reply> stats(Request request, Map<String, String> params) {
    String id = params.get("id");
    return requireArticle(id)
      .compose(v -> ClusterCalls.blocking(vertx, () -> hazelcast.getPNCounter(counterName(id)).get()))
      .map(views -> Reply.ok(view(id, views)));
  }

  private Future<Void> requireArticle(String id) {
    return articles.get(id).map(article -> {
      if (article == null) {
        throw new MeshException(404, "Not Found", "no article " + id);
      }
      return null;
    });
  }

  static String counterName(String articleId) {
    return Publishing.VIEWS_COUNTER_PREFIX + articleId;
  }

  private static JsonObject view(String id, long views) {
    return new JsonObject().put("articleId", id).put("views", views);
  }
}
