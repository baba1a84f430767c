package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastInstance;
import io.reactivemesh.client.MeshClient;
import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.reactivemesh.node.ClusterView;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.node.StartFailure;
import io.reactivemesh.service.MeshService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The {@code workflow} service: {@code POST /api/articles/:id/publish} starts a publish saga (202 with its
 * {@code workflowId} and {@code Location}; 404 for an unknown article, 409 when it is not a draft; an
 * {@code Idempotency-Key} replays the first reply) and drives it on this node with a {@link SagaOrchestrator};
 * {@code GET /api/workflows/:id} shows the saga log. A saga whose node dies is resumed by
 * {@link WorkflowRecoveryVerticle}.
 */
public class WorkflowService extends MeshService {

  static final String PUBLISH = "/api/articles/:id/publish";
  static final String WORKFLOW = "/api/workflows/:id";
  static final String WORKFLOWS_PATH = "/api/workflows/";

  private SagaStore store;
  private IdempotencyStore keys;
  private SagaOrchestrator orchestrator;
  private SagaLog.Owner owner;
  private ServiceRoutes routes;

  @Override
  protected String serviceName() {
    return Publishing.WORKFLOW_SERVICE;
  }

  @Override
  protected Future<?> startService() {
    WorkflowConfig config;
    try {
      config = WorkflowConfig.from(config(), "WorkflowService config");
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new StartFailure(e.getMessage()));
    }
    NodeRuntime runtime = NodeRuntime.of(vertx);
    ClusterView cluster = runtime.cluster();
    HazelcastInstance hazelcast = cluster.hazelcast();
    owner = new SagaLog.Owner(cluster.localMember().nodeId(), cluster.localMember().name());
    store = new SagaStore(vertx, context, hazelcast);
    keys = new IdempotencyStore(vertx, context, hazelcast, Publishing.WORKFLOW_KEYS_MAP);
    orchestrator = new SagaOrchestrator(vertx, store, new PublishSteps(MeshClient.of(vertx)), config);
    routes = new ServiceRoutes()
      .on("POST", PUBLISH, this::publish)
      .on("GET", WORKFLOW, this::show);
    return Future.all(store.warmUp(), keys.warmUp());
  }

  @Override
  protected Future<?> stopService() {
    orchestrator.stop();
    return Future.succeededFuture();
  }

  @Override
  protected Future<Reply> handle(Request request) {
    return routes.dispatch(request);
  }

  private Future<Reply> publish(Request request, Map<String, String> params) {
    String articleId = params.get("id");
    long now = System.currentTimeMillis();
    String key = request.idempotencyKey();
    if (key == null) {
      return requireDraft(request, articleId).compose(v -> start(Ids.next(now), articleId, now));
    }
    String fingerprint = IdempotencyStore.fingerprint("POST /api/articles/" + articleId + "/publish", request.body());
    return keys.claim(key, fingerprint, Ids.next(now)).compose(claim -> {
      if (claim.reply() != null) {
        return Future.succeededFuture(claim.reply().withHeader("idempotent-replayed", "true"));
      }
      Future<Void> checked = claim.first() ? requireDraft(request, articleId) : Future.succeededFuture();
      return checked
        .compose(v -> start(claim.resourceId(), articleId, now))
        .compose(reply -> keys.remember(key, fingerprint, claim.resourceId(), reply).map(reply));
    });
  }

  /** Fails with 404 for an unknown article and 409 for one that is not a draft; the reserve step checks it again. */
  private Future<Void> requireDraft(Request request, String articleId) {
    return MeshClient.of(vertx)
      .request(Publishing.ARTICLES_SERVICE, request.downstream("GET", Article.location(articleId)))
      .map(reply -> {
        if (reply.status() == 404) {
          throw new MeshException(404, "Not Found", "no article " + articleId);
        }
        if (reply.status() != 200 || !(reply.body() instanceof JsonObject article)) {
          throw new MeshException(503, "Service Unavailable", "the articles service answered " + reply.status());
        }
        String status = article.getString("status");
        if (!Article.DRAFT.equals(status)) {
          throw new MeshException(409, "Conflict", "article " + articleId + " is " + status + ", not a draft"
            + (article.getString("workflowId") == null ? "" : " (workflow " + article.getString("workflowId") + ")"));
        }
        return null;
      });
  }

  /** Records the saga, answers 202 at once and drives it; a saga already recorded under the id is only reported. */
  private Future<Reply> start(String workflowId, String articleId, long now) {
    SagaLog fresh = SagaLog.start(workflowId, articleId, owner, now);
    return store.createIfAbsent(fresh).map(existing -> {
      SagaLog stored = existing == null ? fresh : existing;
      if (existing == null) {
        orchestrator.drive(fresh);
      }
      return Reply.of(202, new JsonObject()
          .put("workflowId", workflowId)
          .put("articleId", articleId)
          .put("state", stored.state().label()))
        .withHeader("location", WORKFLOWS_PATH + workflowId);
    });
  }

  private Future<Reply> show(Request request, Map<String, String> params) {
    String id = params.get("id");
    return store.get(id).map(log -> {
      if (log == null) {
        throw new MeshException(404, "Not Found", "no workflow " + id);
      }
      return Reply.ok(log.view());
    });
  }
}
