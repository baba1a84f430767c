package io.reactivemesh.publishing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the publishing services announce on the clustered event bus, seen from one node, so that a test waits on the
 * event — a workflow ended, the feed projector applied an article's event — instead of polling; an event that came
 * before the test asked for it is kept.
 */
final class PublishingEvents {

  private final Map<String, Promise<JsonObject>> workflowsEnded = new ConcurrentHashMap<>();
  private final Map<String, Promise<JsonObject>> feedChanges = new ConcurrentHashMap<>();

  /** Starts listening on {@code vertx}'s event bus; completes once both consumers are registered in the cluster. */
  Future<Void> listen(Vertx vertx) {
    MessageConsumer<JsonObject> ended = vertx.eventBus().consumer(Publishing.WORKFLOW_ENDED_ADDRESS,
      msg -> promise(workflowsEnded, msg.body().getString("workflowId")).tryComplete(msg.body()));
    MessageConsumer<JsonObject> feed = vertx.eventBus().consumer(Publishing.FEED_CHANGED_ADDRESS,
      msg -> msg.body().getJsonArray("changes").forEach(change -> {
        JsonObject c = (JsonObject) change;
        promise(feedChanges, c.getString("articleId") + " " + c.getString("type")).tryComplete(c);
      }));
    return Future.all(ended.completion(), feed.completion()).mapEmpty();
  }

  /** Completes with {workflowId, articleId, state, node} when the workflow ends. */
  Future<JsonObject> workflowEnded(String workflowId) {
    return promise(workflowsEnded, workflowId).future();
  }

  /** Completes when the projector applied an event of {@code type} (article.published/unpublished) for the article. */
  Future<JsonObject> feedChanged(String articleId, String type) {
    return promise(feedChanges, articleId + " " + type).future();
  }

  private static Promise<JsonObject> promise(Map<String, Promise<JsonObject>> promises, String key) {
    return promises.computeIfAbsent(key, k -> Promise.promise());
  }
}
