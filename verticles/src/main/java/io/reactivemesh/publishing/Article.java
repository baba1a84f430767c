package io.reactivemesh.publishing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * The article document as stored and served: {@code id, title, body, author, tags, status, version, createdAt,
 * updatedAt} plus {@code workflowId} and {@code publishedAt} once a publish workflow took it. Status goes draft ->
 * publishing (reserved by a workflow) -> published, or back to draft when the workflow is compensated; every change
 * bumps {@code version}, the entity tag.
 */
final class Article {

  static final String DRAFT = "draft";
  static final String PUBLISHING = "publishing";
  static final String PUBLISHED = "published";
  static final Set<String> STATUSES = Set.of(DRAFT, PUBLISHING, PUBLISHED);
  static final String PATH_PREFIX = "/api/articles/";

  private Article() {
  }

  static JsonObject draft(String id, ArticleInput input, long now) {
    return new JsonObject()
      .put("id", id)
      .put("title", input.title())
      .put("body", input.body())
      .put("author", input.author())
      .put("tags", new JsonArray(input.tags()))
      .put("status", DRAFT)
      .put("version", 1L)
      .put("createdAt", now)
      .put("updatedAt", now);
  }

  /** {@code article} with the client's new fields: a new version. */
  static JsonObject edited(JsonObject article, ArticleInput input, long now) {
    return article.copy()
      .put("title", input.title())
      .put("body", input.body())
      .put("author", input.author())
      .put("tags", new JsonArray(input.tags()))
      .put("version", version(article) + 1)
      .put("updatedAt", now);
  }

  /** {@code article} in another status, owned by {@code workflowId} (or by none when null): a new version. */
  static JsonObject inStatus(JsonObject article, String status, String workflowId, long now) {
    JsonObject changed = article.copy()
      .put("status", status)
      .put("version", version(article) + 1)
      .put("updatedAt", now);
    if (workflowId == null) {
      changed.remove("workflowId");
      changed.remove("publishedAt");
    } else {
      changed.put("workflowId", workflowId);
    }
    if (PUBLISHED.equals(status)) {
      changed.put("publishedAt", now);
    }
    return changed;
  }

  /** What a list shows of an article: everything but the body, which may be 64 KiB. */
  static JsonObject summary(JsonObject article) {
    JsonObject summary = article.copy();
    summary.remove("body");
    return summary;
  }

  static long version(JsonObject article) {
    return article.getLong("version", 0L);
  }

  static String location(String id) {
    return PATH_PREFIX + id;
  }
}
