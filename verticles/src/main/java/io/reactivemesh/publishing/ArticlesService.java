package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastInstance;
import io.reactivemesh.client.MeshClient;
import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.reactivemesh.node.ClusterView;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.service.MeshService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The {@code articles} service: create (201, {@code Location}, {@code ETag: "1"}, {@code Idempotency-Key} replays the
 * first reply), read (200 + {@code ETag}), update under {@code If-Match} (compare-and-set on the version: 412 stale,
 * 428 missing), delete (204), list by author/status with a cursor; plus the publish workflow's internal transitions
 * {@code POST /internal/articles/:id/{reserve,publish,release}}. State: the {@link Publishing#ARTICLES_MAP} map, whose
 * writes a side of the cluster below the quorum refuses (503); a miss in a partition lost in a split is a 503 too.
 */
public class ArticlesService extends MeshService {

  static final String COLLECTION = "/api/articles";
  static final String ITEM = "/api/articles/:id";
  static final String TRANSITION = "/internal/articles/:id/:action";
  private static final Logger LOG = LoggerFactory.getLogger(ArticlesService.class);

  private ArticleStore store;
  private IdempotencyStore keys;
  private ClusterView cluster;
  private ServiceRoutes routes;

  @Override
  protected String serviceName() {
    return Publishing.ARTICLES_SERVICE;
  }

  @Override
  protected Future<?> startService() {
    NodeRuntime runtime = NodeRuntime.of(vertx);
    cluster = runtime.cluster();
    HazelcastInstance hazelcast = cluster.hazelcast();
    store = new ArticleStore(vertx, context, hazelcast);
    keys = new IdempotencyStore(vertx, context, hazelcast, Publishing.ARTICLE_KEYS_MAP);
    routes = new ServiceRoutes()
      .on("POST", COLLECTION, this::create)
      .on("GET", COLLECTION, this::list)
      .on("GET", ITEM, this::read)
      .on("PUT", ITEM, this::update)
      .on("DELETE", ITEM, this::delete)
      .on("POST", TRANSITION, this::transition);
    return Future.all(store.warmUp(), keys.warmUp());
  }

  @Override
  protected Future<Reply> handle(Request request) {
    return routes.dispatch(request);
  }

  private Future<Reply> create(Request request, Map<String, String> params) {
    ArticleInput input = ArticleInput.parse(request.body());
    requireQuorum();
    long now = System.currentTimeMillis();
    String key = request.idempotencyKey();
    if (key == null) {
      return store.create(Article.draft(Ids.next(now), input, now)).map(ArticlesService::created);
    }
    String fingerprint = IdempotencyStore.fingerprint("POST " + COLLECTION, request.body());
    return keys.claim(key, fingerprint, Ids.next(now)).compose(claim -> {
      if (claim.reply() != null) {
        return Future.succeededFuture(claim.reply().withHeader("idempotent-replayed", "true"));
      }
      return store.create(Article.draft(claim.resourceId(), input, now))
        .map(ArticlesService::created)
        .compose(reply -> keys.remember(key, fingerprint, claim.resourceId(), reply).map(reply));
    });
  }

  private Future<Reply> read(Request request, Map<String, String> params) {
    String id = params.get("id");
    return store.get(id).compose(article -> article == null ? store.missing(id)
      : Future.succeededFuture(withETag(Reply.ok(article), article)));
  }

  private Future<Reply> update(Request request, Map<String, String> params) {
    String id = params.get("id");
    IfMatch ifMatch = IfMatch.parse(request.header(IfMatch.HEADER));
    if (ifMatch == null) {
      throw MeshException.invalid(428, "Precondition Required", "an update needs If-Match with the article's ETag "
        + "(GET it first): updates are compare-and-set on the version", "If-Match");
    }
    ArticleInput input = ArticleInput.parse(request.body());
    requireQuorum();
    return store.edit(id, ifMatch, input, System.currentTimeMillis()).compose(result -> {
      JsonObject article = result.getJsonObject("article");
      return switch (result.getString("outcome")) {
        case ArticleProcessors.UPDATED -> Future.succeededFuture(withETag(Reply.ok(article), article));
        case ArticleProcessors.STALE -> Future.failedFuture(stale(article));
        default -> store.missing(id);
      };
    });
  }

  private Future<Reply> delete(Request request, Map<String, String> params) {
    String id = params.get("id");
    IfMatch ifMatch = IfMatch.parse(request.header(IfMatch.HEADER));
    requireQuorum();
    return store.delete(id, ifMatch).compose(result -> {
      JsonObject article = result.getJsonObject("article");
      return switch (result.getString("outcome")) {
        case ArticleProcessors.DELETED -> removeFromFeed(request, article).map(Reply.noContent());
        case ArticleProcessors.STALE -> Future.failedFuture(stale(article));
        // deleting is idempotent: a retried DELETE whose first attempt removed the article still succeeds
        default -> store.ifAbsent(id, () -> ifMatch == null ? Future.succeededFuture(Reply.noContent())
          : Future.failedFuture(new MeshException(412, "Precondition Failed", "article " + id + " does not exist")));
      };
    });
  }

  private Future<Reply> list(Request request, Map<String, String> params) {
    String author = QueryParams.author(request);
    String status = QueryParams.status(request);
    int limit = QueryParams.limit(request);
    String after = QueryParams.cursor(request);
    return store.page(author, status, after, limit).map(page -> {
      JsonArray items = new JsonArray();
      page.articles().forEach(article -> items.add(Article.summary(article)));
      return Reply.ok(new JsonObject()
        .put("items", items)
        .put("nextCursor", page.more() ? QueryParams.cursorAfter(page.lastId()) : null));
    });
  }

  private Future<Reply> transition(Request request, Map<String, String> params) {
    String id = params.get("id");
    ArticleProcessors.Action action;
    try {
      action = ArticleProcessors.Action.valueOf(params.get("action").toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MeshException(404, "Not Found", "no such transition: " + params.get("action"));
    }
    JsonObject body = request.bodyAsJsonObject();
    String workflowId = body == null ? null : body.getString("workflowId");
    if (workflowId == null || workflowId.isBlank()) {
      throw MeshException.invalid(400, "Bad Request", "a transition names its workflowId", "workflowId");
    }
    requireQuorum();
    return store.transition(id, action, workflowId, System.currentTimeMillis()).compose(result -> {
      JsonObject article = result.getJsonObject("article");
      return switch (result.getString("outcome")) {
        case ArticleProcessors.OK ->
          Future.succeededFuture(article == null ? Reply.noContent() : withETag(Reply.ok(article), article));
        case ArticleProcessors.CONFLICT ->
          Future.failedFuture(new MeshException(409, "Conflict", result.getString("detail")));
        default -> store.missing(id);
      };
    });
  }

  /** A deleted article that was (being) published leaves the feed too; the delete stands even if that call fails. */
  private Future<Void> removeFromFeed(Request request, JsonObject article) {
    if (Article.DRAFT.equals(article.getString("status"))) {
      return Future.succeededFuture();
    }
    String id = article.getString("id");
    return MeshClient.of(vertx)
      .request(Publishing.FEED_SERVICE, request.downstream("DELETE", FeedService.INTERNAL_ENTRIES + "/" + id))
      .map(reply -> {
        if (reply.status() >= 300) {
          LOG.warn("article {} deleted but its feed entry stays: feed answered {}", id, reply.status());
        }
        return (Void) null;
      })
      .recover(e -> {
        LOG.warn("article {} deleted but its feed entry stays: {}", id, e.getMessage());
        return Future.succeededFuture();
      });
  }

  /**
   * The quorum check of this node, so that a write on a side cut off is refused at once instead of waiting on a
   * partition owner it cannot reach; Hazelcast's split-brain protection checks it again on the partition owner.
   */
  private void requireQuorum() {
    if (!QuorumFunction.satisfied(cluster.hazelcast())) {
      throw new MeshException(503, "Service Unavailable", "write refused: this node hears from fewer than the quorum of "
        + cluster.quorum() + " member(s) holding data (it sees " + cluster.size() + ", " + cluster.dataMembers()
        + " holding data; split-brain protection)");
    }
  }

  private static Reply created(JsonObject article) {
    return withETag(Reply.of(201, article), article).withHeader("location", Article.location(article.getString("id")));
  }

  private static Reply withETag(Reply reply, JsonObject article) {
    return reply.withHeader("etag", IfMatch.etag(Article.version(article)));
  }

  private static MeshException stale(JsonObject current) {
    return new MeshException(412, "Precondition Failed", "the article changed: its version is now "
      + Article.version(current) + "; GET it again and retry with its ETag", new JsonObject()
      .put("field", "If-Match")
      .put("currentETag", IfMatch.etag(Article.version(current))));
  }
}
