package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.node.StartFailure;
import io.reactivemesh.service.MeshService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The {@code notify} service, the publish workflow's announcement step: {@code POST /internal/notifications} announces
 * an article once per workflow (recorded in {@link Publishing#NOTIFICATIONS_MAP}, published on
 * {@link Publishing#ANNOUNCED_ADDRESS}; a repeat answers the first record) and refuses, with a 422 naming
 * {@code tags}, an article carrying one of the configured {@code refuseTags} (see {@link NotifyConfig});
 * {@code DELETE /internal/notifications/:workflowId} retracts the announcement (the step's compensation), before it
 * is sent if need be.
 */
public class NotifyService extends MeshService {

  static final String NOTIFICATIONS = "/internal/notifications";

  private NotifyConfig config;
  private ClusterProxy<IMap<String, HazelcastJsonValue>> sent;
  private ServiceRoutes routes;

  @Override
  protected String serviceName() {
    return Publishing.NOTIFY_SERVICE;
  }

  @Override
  protected Future<?> startService() {
    try {
      config = NotifyConfig.from(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new StartFailure(e.getMessage()));
    }
    var hazelcast = NodeRuntime.of(vertx).cluster().hazelcast();
    sent = ClusterProxy.map(vertx, hazelcast, Publishing.NOTIFICATIONS_MAP);
    routes = new ServiceRoutes()
      .on("POST", NOTIFICATIONS, this::announce)
      .on("DELETE", NOTIFICATIONS + "/:workflowId", this::retract);
    return sent.warmUp();
  }

  @Override
  protected Future<Reply> handle(Request request) {
    return routes.dispatch(request);
  }

  private Future<Reply> announce(Request request, Map<String, String> params) {
    JsonObject body = request.bodyAsJsonObject();
    if (body == null || !(body.getValue("workflowId") instanceof String workflowId)
      || !(body.getValue("articleId") instanceof String)) {
      throw MeshException.invalid(400, "Bad Request", "a notification names its workflowId and articleId", "workflowId");
    }
    JsonArray tags = body.getJsonArray("tags", new JsonArray());
    for (String refused : config.refuseTags()) {
      if (tags.contains(refused)) {
        throw MeshException.invalid(422, "Unprocessable Content", "article " + body.getString("articleId")
          + " is tagged '" + refused + "': announcements of such articles are refused (notify refuseTags)", "tags");
      }
    }
    JsonObject record = body.copy().put("sentAt", System.currentTimeMillis()).put("retracted", false);
    return delivered().compose(v -> sent.get())
      .compose(map -> ClusterCalls.await(map.submitToKey(workflowId, new CommonProcessors.PutIfAbsent(record.encode())),
        context))
      .map(existing -> {
        if (existing != null) {
          return Reply.ok(new JsonObject(existing));
        }
        vertx.eventBus().publish(Publishing.ANNOUNCED_ADDRESS, record);
        return Reply.of(201, record);
      });
  }

  private Future<Reply> retract(Request request, Map<String, String> params) {
    String workflowId = params.get("workflowId");
    // a retraction that overtakes its announcement (a timed-out attempt still delivering) leaves a tombstone, so the
    // late announcement finds it and is never sent
    JsonObject retracted = new JsonObject().put("workflowId", workflowId).put("retracted", true)
      .put("retractedAt", System.currentTimeMillis());
    return sent.get()
      .compose(map -> ClusterCalls.await(map.submitToKey(workflowId, new CommonProcessors.Upsert(retracted.encode())),
        context))
      .map(record -> {
        vertx.eventBus().publish(Publishing.ANNOUNCED_ADDRESS, new JsonObject(record));
        return Reply.noContent();
      });
  }

  /** Completes once the announcement's channel took it: at once, or after the configured delivery delay. */
  private Future<Void> delivered() {
    if (config.deliveryDelayMillis() == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> delivered = Promise.promise();
    vertx.setTimer(config.deliveryDelayMillis(), id -> delivered.complete());
    return delivered.future();
  }
}
