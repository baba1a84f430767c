package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.service.MeshService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.UUID;

/**
 * The {@code stats} service: {@code POST /api/articles/:id/views} counts a view (202) and
 * {@code GET /api/articles/:id/stats} reads the count, in the map {@link Publishing#VIEWS_MAP}: an increment is an
 * entry processor on the article's partition, acknowledged once its synchronous backup has it, so a crash loses no
 * counted view; a side of a partition below the quorum refuses it (503); and each node counts in a slot of its own
 * ({@link ViewCount}), so that what a side counted before it noticed a split survives the merge. An unknown article
 * is a 404 (a 503 while a split heals, as for the articles service). It reads the article store directly — same
 * domain, one hop fewer on the busiest call.
 */
public class StatsService extends MeshService {

  static final String VIEWS = "/api/articles/:id/views";
  static final String STATS = "/api/articles/:id/stats";

  private ArticleStore articles;
  private ClusterProxy<IMap<String, HazelcastJsonValue>> views;
  private String slot;
  private ServiceRoutes routes;

  @Override
  protected String serviceName() {
    return Publishing.STATS_SERVICE;
  }

  @Override
  protected Future<?> startService() {
    HazelcastInstance hazelcast = NodeRuntime.of(vertx).cluster().hazelcast();
    slot = NodeRuntime.of(vertx).cluster().localMember().nodeId();
    articles = new ArticleStore(vertx, context, hazelcast);
    views = ClusterProxy.map(vertx, hazelcast, Publishing.VIEWS_MAP);
    routes = new ServiceRoutes()
      .on("POST", VIEWS, this::countView)
      .on("GET", STATS, this::stats);
    return Future.all(articles.warmUp(), views.warmUp());
  }

  @Override
  protected Future<Reply> handle(Request request) {
    return routes.dispatch(request);
  }

  private Future<Reply> countView(Request request, Map<String, String> params) {
    String id = params.get("id");
    return requireArticle(id)
      .compose(v -> views.get())
      .compose(map -> ClusterCalls.await(
        map.submitToKey(id, new ViewCount.Count(slot, UUID.randomUUID().toString())), context))
      .map(count -> Reply.of(202, view(id, count)));
  }

  private Future<Reply> stats(Request request, Map<String, String> params) {
    String id = params.get("id");
    return requireArticle(id)
      .compose(v -> views.get())
      .compose(map -> ClusterCalls.await(map.getAsync(id), context))
      .map(stored -> Reply.ok(view(id, ViewCount.total(ViewCount.slots(stored)))));
  }

  private Future<Void> requireArticle(String id) {
    return articles.get(id).compose(article -> article == null ? articles.missing(id) : Future.succeededFuture());
  }

  private static JsonObject view(String id, long views) {
    return new JsonObject().put("articleId", id).put("views", views);
  }
}
