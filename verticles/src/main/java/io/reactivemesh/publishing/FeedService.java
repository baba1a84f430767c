package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastInstance;
import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.service.MeshService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The {@code feed} service: {@code GET /api/feed?author=&limit=} serves published articles newest first from the
 * projection (eventually consistent: an event shows once the projector applied it); the publish workflow appends the
 * events through {@code POST /internal/feed/entries} (article.published) and
 * {@code DELETE /internal/feed/entries/:articleId[?workflowId=]} (article.unpublished).
 */
public class FeedService extends MeshService {

  static final String FEED = "/api/feed";
  static final String INTERNAL_ENTRIES = "/internal/feed/entries";

  private FeedEvents events;
  private FeedStore store;
  private ServiceRoutes routes;

  @Override
  protected String serviceName() {
    return Publishing.FEED_SERVICE;
  }

  @Override
  protected Future<?> startService() {
    NodeRuntime runtime = NodeRuntime.of(vertx);
    HazelcastInstance hazelcast = runtime.cluster().hazelcast();
    events = new FeedEvents(vertx, context, hazelcast);
    store = new FeedStore(vertx, context, hazelcast);
    routes = new ServiceRoutes()
      .on("GET", FEED, this::feed)
      .on("POST", INTERNAL_ENTRIES, this::addEntry)
      .on("DELETE", INTERNAL_ENTRIES + "/:articleId", this::removeEntry);
    return Future.all(events.warmUp(), store.warmUp());
  }

  @Override
  protected Future<Reply> handle(Request request) {
    return routes.dispatch(request);
  }

  private Future<Reply> feed(Request request, Map<String, String> params) {
    String author = QueryParams.author(request);
    int limit = QueryParams.limit(request);
    return store.newest(author, limit).map(entries -> Reply.ok(new JsonObject().put("items", new JsonArray(entries))));
  }

  private Future<Reply> addEntry(Request request, Map<String, String> params) {
    JsonObject body = request.bodyAsJsonObject();
    if (body == null) {
      throw MeshException.invalid(400, "Bad Request", "a feed entry is a JSON object", "body");
    }
    for (String field : new String[]{"workflowId", "articleId", "title", "author"}) {
      if (!(body.getValue(field) instanceof String)) {
        throw MeshException.invalid(400, "Bad Request", "a feed entry needs " + field, field);
      }
    }
    JsonObject event = FeedEvents.published(body.getString("workflowId"), body.getString("articleId"),
      body.getString("title"), body.getString("author"), body.getJsonArray("tags"),
      body.getLong("publishedAt", System.currentTimeMillis()));
    return events.append(event).map(sequence -> Reply.of(202, new JsonObject().put("sequence", sequence)));
  }

  private Future<Reply> removeEntry(Request request, Map<String, String> params) {
    JsonObject event = FeedEvents.unpublished(params.get("articleId"), request.queryParam("workflowId"));
    return events.append(event).map(sequence -> Reply.of(202, new JsonObject().put("sequence", sequence)));
  }
}
