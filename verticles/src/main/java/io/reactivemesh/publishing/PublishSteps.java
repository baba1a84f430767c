package io.reactivemesh.publishing;

import io.reactivemesh.client.MeshClient;
import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The publish saga's steps and their compensations, each a call through the mesh client to the service that owns the
 * state — articles (reserve, markPublished; release undoes both), feed (add; remove), notify (announce; retract) — with
 * the idempotency key {@code <workflowId>:<step>}, so a step run twice (a retry, a resumed saga) has one effect.
 * A 4xx answer is a definite failure; a 5xx or no answer may succeed on another attempt.
 */
final class PublishSteps {

  /** A step that did not succeed; {@code retryable} when another attempt may. */
  static final class StepFailure extends RuntimeException {

    private final boolean retryable;

    StepFailure(String message, boolean retryable) {
      super(message, null, false, false);
      this.retryable = retryable;
    }

    boolean retryable() {
      return retryable;
    }
  }

  private final MeshClient client;

  PublishSteps(MeshClient client) {
    this.client = client;
  }

  /** Runs the step; completes with what its service answered (a JSON object, or null). */
  Future<JsonObject> run(String step, SagaLog log) {
    String wf = log.id();
    String article = log.articleId();
    return switch (step) {
      case SagaLog.RESERVE -> call(Publishing.ARTICLES_SERVICE, "POST", "/internal/articles/" + article + "/reserve",
        new JsonObject().put("workflowId", wf), wf + ":" + step, false);
      case SagaLog.ADD_TO_FEED -> call(Publishing.FEED_SERVICE, "POST", FeedService.INTERNAL_ENTRIES,
        announcement(log).put("publishedAt", log.createdAt()), wf + ":" + step, false);
      case SagaLog.NOTIFY -> call(Publishing.NOTIFY_SERVICE, "POST", NotifyService.NOTIFICATIONS, announcement(log),
        wf + ":" + step, false);
      case SagaLog.MARK_PUBLISHED -> call(Publishing.ARTICLES_SERVICE, "POST", "/internal/articles/" + article
        + "/publish", new JsonObject().put("workflowId", wf), wf + ":" + step, false);
      default -> throw new IllegalArgumentException("no step " + step);
    };
  }

  /** Undoes the step; a 404 counts as done (there is nothing left to undo). */
  Future<JsonObject> compensate(String step, SagaLog log) {
    String wf = log.id();
    String key = wf + ":undo-" + step;
    return switch (step) {
      case SagaLog.RESERVE, SagaLog.MARK_PUBLISHED -> call(Publishing.ARTICLES_SERVICE, "POST",
        "/internal/articles/" + log.articleId() + "/release", new JsonObject().put("workflowId", wf), key, true);
      case SagaLog.ADD_TO_FEED -> call(Publishing.FEED_SERVICE, new Request("DELETE", FeedService.INTERNAL_ENTRIES
        + "/" + log.articleId(), null, new JsonObject().put("workflowId", wf), null, null, 0, null, null, key), true);
      case SagaLog.NOTIFY -> call(Publishing.NOTIFY_SERVICE, "DELETE", NotifyService.NOTIFICATIONS + "/" + wf, null,
        key, true);
      default -> throw new IllegalArgumentException("no step " + step);
    };
  }

  private static JsonObject announcement(SagaLog log) {
    JsonObject article = log.article() == null ? new JsonObject() : log.article();
    return new JsonObject()
      .put("workflowId", log.id())
      .put("articleId", log.articleId())
      .put("title", article.getString("title"))
      .put("author", article.getString("author"))
      .put("tags", article.getJsonArray("tags", new JsonArray()));
  }

  private Future<JsonObject> call(String service, String method, String path, JsonObject body, String key,
                                  boolean notFoundIsDone) {
    return call(service, Request.of(method, path).withBody(body).withIdempotencyKey(key), notFoundIsDone);
  }

  private Future<JsonObject> call(String service, Request request, boolean notFoundIsDone) {
    return client.request(service, request).transform(ar -> {
      if (ar.failed()) {
        boolean retryable = !(ar.cause() instanceof MeshException mesh) || mesh.status() >= 500;
        return Future.failedFuture(new StepFailure(service + " did not answer: " + ar.cause().getMessage(), retryable));
      }
      Reply reply = ar.result();
      if (reply.status() < 300 || (notFoundIsDone && reply.status() == 404)) {
        return Future.succeededFuture(reply.body() instanceof JsonObject json ? json : null);
      }
      String detail = reply.body() instanceof JsonObject problem ? problem.getString("detail", "") : "";
      return Future.failedFuture(new StepFailure(service + " answered " + reply.status()
        + (detail.isEmpty() ? "" : ": " + detail), reply.status() >= 500));
    });
  }
}
