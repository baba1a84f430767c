package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The feed's durable event log, a Hazelcast ringbuffer ({@link Publishing#FEED_EVENTS_RINGBUFFER}, synchronous backup):
 * each {@code article.published} / {@code article.unpublished} event gets the next sequence number on append, and the
 * projector reads the log in order from its checkpoint, waiting for new events without polling.
 */
final class FeedEvents {

  static final String PUBLISHED = "article.published";
  static final String UNPUBLISHED = "article.unpublished";

  private final Context context;
  private final ClusterProxy<Ringbuffer<String>> log;

  FeedEvents(Vertx vertx, Context context, HazelcastInstance hazelcast) {
    this.context = context;
    this.log = new ClusterProxy<>(vertx, hazelcast, Publishing.FEED_EVENTS_RINGBUFFER,
      () -> hazelcast.getRingbuffer(Publishing.FEED_EVENTS_RINGBUFFER), () -> true);
  }

  Future<Void> warmUp() {
    return log.warmUp();
  }

  static JsonObject published(String workflowId, String articleId, String title, String author, JsonArray tags,
                              long publishedAt) {
    return new JsonObject()
      .put("type", PUBLISHED)
      .put("articleId", articleId)
      .put("workflowId", workflowId)
      .put("title", title)
      .put("author", author)
      .put("tags", tags == null ? new JsonArray() : tags)
      .put("publishedAt", publishedAt);
  }

  /** Takes the article out of the feed: only the entry of {@code workflowId} when given, whatever entry otherwise. */
  static JsonObject unpublished(String articleId, String workflowId) {
    JsonObject event = new JsonObject().put("type", UNPUBLISHED).put("articleId", articleId);
    return workflowId == null ? event : event.put("workflowId", workflowId);
  }

  /** Appends the event; completes with its sequence number once it and its backup are stored. */
  Future<Long> append(JsonObject event) {
    return log.get().compose(l -> ClusterCalls.await(l.addAsync(event.encode(), OverflowPolicy.OVERWRITE), context));
  }

  /** Up to {@code max} events from {@code sequence} on; waits until there is at least one. */
  Future<ReadResultSet<String>> read(long sequence, int max) {
    return log.get().compose(l -> ClusterCalls.await(l.readManyAsync(sequence, 1, max, null), context));
  }
}
