package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The atomic changes of an article, run by Hazelcast on the partition that owns it (and replayed on its backup), so a
 * compare-and-set never races: an edit under {@code If-Match}, a delete, and the status transitions of the publish
 * workflow. Each answers with a JSON {@code {outcome, article?, detail?}}.
 */
final class ArticleProcessors {

  static final String UPDATED = "updated";
  static final String DELETED = "deleted";
  static final String STALE = "stale";
  static final String MISSING = "missing";
  static final String OK = "ok";
  static final String CONFLICT = "conflict";

  /** A step of the publish workflow on the article. */
  enum Action { RESERVE, RELEASE, PUBLISH }

  private ArticleProcessors() {
  }

  private static JsonObject outcome(String outcome, JsonObject article) {
    JsonObject result = new JsonObject().put("outcome", outcome);
    return article == null ? result : result.put("article", article);
  }

  private static JsonObject current(Map.Entry<String, HazelcastJsonValue> entry) {
    HazelcastJsonValue value = entry.getValue();
    return value == null ? null : new JsonObject(value.toString());
  }

  /** Replaces the writable fields when {@code If-Match} holds: {@code updated}, {@code stale} or {@code missing}. */
  static final class Edit implements EntryProcessor<String, HazelcastJsonValue, String> {

    private final IfMatch ifMatch;
    private final ArticleInput input;
    private final long now;

    Edit(IfMatch ifMatch, ArticleInput input, long now) {
      this.ifMatch = ifMatch;
      this.input = input;
      this.now = now;
    }

    @Override
    public String process(Map.Entry<String, HazelcastJsonValue> entry) {
      JsonObject article = current(entry);
      if (article == null) {
        return outcome(MISSING, null).encode();
      }
      if (!ifMatch.matches(Article.version(article))) {
        return outcome(STALE, article).encode();
      }
      JsonObject edited = Article.edited(article, input, now);
      entry.setValue(new HazelcastJsonValue(edited.encode()));
      return outcome(UPDATED, edited).encode();
    }
  }

  /** Removes the article, under {@code If-Match} when given: {@code deleted}, {@code stale} or {@code missing}. */
  static final class Delete implements EntryProcessor<String, HazelcastJsonValue, String> {

    private final IfMatch ifMatch;

    Delete(IfMatch ifMatch) {
      this.ifMatch = ifMatch;
    }

    @Override
    public String process(Map.Entry<String, HazelcastJsonValue> entry) {
      JsonObject article = current(entry);
      if (article == null) {
        return outcome(MISSING, null).encode();
      }
      if (ifMatch != null && !ifMatch.matches(Article.version(article))) {
        return outcome(STALE, article).encode();
      }
      entry.setValue(null);
      return outcome(DELETED, article).encode();
    }
  }

  /**
   * A workflow's step on the article, idempotent for that workflow: reserve (draft -> publishing), publish
   * (publishing -> published) and release (back to draft, the compensation of both). Another workflow's article is a
   * {@code conflict} for reserve and publish, and left alone by release.
   */
  static final class Transition implements EntryProcessor<String, HazelcastJsonValue, String> {

    private final Action action;
    private final String workflowId;
    private final long now;

    Transition(Action action, String workflowId, long now) {
      this.action = action;
      this.workflowId = workflowId;
      this.now = now;
    }

    @Override
    public String process(Map.Entry<String, HazelcastJsonValue> entry) {
      JsonObject article = current(entry);
      if (article == null) {
        return outcome(action == Action.RELEASE ? OK : MISSING, null).encode();
      }
      String status = article.getString("status");
      boolean ours = workflowId.equals(article.getString("workflowId"));
      JsonObject changed = switch (action) {
        case RESERVE -> Article.DRAFT.equals(status) ? Article.inStatus(article, Article.PUBLISHING, workflowId, now) : null;
        case PUBLISH -> ours && Article.PUBLISHING.equals(status)
          ? Article.inStatus(article, Article.PUBLISHED, workflowId, now) : null;
        case RELEASE -> ours ? Article.inStatus(article, Article.DRAFT, null, now) : null;
      };
      if (changed != null) {
        entry.setValue(new HazelcastJsonValue(changed.encode()));
        return outcome(OK, changed).encode();
      }
      boolean alreadyDone = switch (action) {
        case RESERVE -> ours;
        case PUBLISH -> ours && Article.PUBLISHED.equals(status);
        case RELEASE -> true;
      };
      if (alreadyDone) {
        return outcome(OK, article).encode();
      }
      String owner = article.getString("workflowId");
      return outcome(CONFLICT, article).put("detail", "article " + article.getString("id") + " is " + status
        + (owner == null ? "" : " (workflow " + owner + ")")).encode();
    }
  }
}
