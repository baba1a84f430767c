package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The feed projection ({@link Publishing#FEED_MAP}: article id -> entry) and the projectors' checkpoints. An event is
 * applied by an entry processor that compares sequences, so applying it twice — a replay after a failover — changes
 * nothing; an unpublished article keeps a tombstone ({@code listed: false}) holding the sequence and workflow that
 * removed it, so a publication of that workflow arriving after its own removal is ignored.
 */
final class FeedStore {

  /** Newest publication first. Serializable, as each partition sorts its own page. */
  static final class NewestFirst implements Comparator<Map.Entry<String, HazelcastJsonValue>>, Serializable {
    @Override
    public int compare(Map.Entry<String, HazelcastJsonValue> a, Map.Entry<String, HazelcastJsonValue> b) {
      return Long.compare(sequence(b.getValue()), sequence(a.getValue()));
    }

    private static long sequence(HazelcastJsonValue value) {
      return new JsonObject(value.toString()).getLong("sequence", -1L);
    }
  }

  /** Applies one feed event at its sequence, once: an older or equal sequence than the entry's changes nothing. */
  static final class Apply implements EntryProcessor<String, HazelcastJsonValue, Boolean> {

    private final String event;
    private final long sequence;

    Apply(String event, long sequence) {
      this.event = event;
      this.sequence = sequence;
    }

    @Override
    public Boolean process(Map.Entry<String, HazelcastJsonValue> entry) {
      JsonObject current = entry.getValue() == null ? null : new JsonObject(entry.getValue().toString());
      if (current != null && current.getLong("sequence", -1L) >= sequence) {
        return false;
      }
      JsonObject change = new JsonObject(event);
      String workflowId = change.getString("workflowId");
      boolean sameWorkflow = current != null && (workflowId == null || workflowId.equals(current.getString("workflowId")));
      boolean listed = current != null && current.getBoolean("listed", false);
      if (FeedEvents.PUBLISHED.equals(change.getString("type"))) {
        if (sameWorkflow && !listed) {
          // its workflow already took it back: a publication that arrives after its own removal is void
          return false;
        }
        JsonObject entryJson = change.copy().put("listed", true).put("sequence", sequence);
        entryJson.remove("type");
        entry.setValue(new HazelcastJsonValue(entryJson.encode()));
        return true;
      }
      if (current != null && (!sameWorkflow || !listed)) {
        return false;
      }
      entry.setValue(new HazelcastJsonValue(new JsonObject()
        .put("articleId", entry.getKey())
        .put("workflowId", current == null ? workflowId : current.getString("workflowId"))
        .put("listed", false)
        .put("sequence", sequence).encode()));
      return current != null;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final ClusterProxy<IMap<String, HazelcastJsonValue>> feed;
  private final ClusterProxy<IMap<String, Long>> checkpoints;

  FeedStore(Vertx vertx, Context context, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.context = context;
    this.feed = ClusterProxy.map(vertx, hazelcast, Publishing.FEED_MAP);
    this.checkpoints = ClusterProxy.map(vertx, hazelcast, Publishing.CHECKPOINTS_MAP);
  }

  Future<Void> warmUp() {
    return Future.all(feed.warmUp(), checkpoints.warmUp()).mapEmpty();
  }

  /** The sequence of the last event {@code projector} applied, -1 when it never applied one. */
  Future<Long> checkpoint(String projector) {
    return checkpoints.get().compose(c -> ClusterCalls.await(c.getAsync(projector), context)).map(seq -> seq == null ? -1L : seq);
  }

  /** Moves the checkpoint up to {@code sequence}; never back, even if an old owner writes late. */
  Future<Long> saveCheckpoint(String projector, long sequence) {
    return checkpoints.get()
      .compose(c -> ClusterCalls.await(c.submitToKey(projector, new CommonProcessors.RaiseTo(sequence)), context));
  }

  /** Applies an event; true when it changed the feed. */
  Future<Boolean> apply(JsonObject event, long sequence) {
    return feed.get().compose(f -> ClusterCalls.await(f.submitToKey(event.getString("articleId"),
      new Apply(event.encode(), sequence)), context));
  }

  /** The listed entries, newest first, of one author when given. */
  Future<List<JsonObject>> newest(String author, int limit) {
    Predicate<String, HazelcastJsonValue> listed = Predicates.equal("listed", true);
    Predicate<String, HazelcastJsonValue> filter = author == null ? listed
      : Predicates.and(listed, Predicates.equal("author", author));
    var paging = Predicates.pagingPredicate(filter, new NewestFirst(), limit);
    return feed.get().compose(f -> ClusterCalls.blocking(vertx, () -> List.copyOf(f.values(paging)))).map(values -> {
      List<JsonObject> entries = new ArrayList<>();
      values.forEach(v -> {
        JsonObject entry = new JsonObject(v.toString());
        entry.remove("listed");
        entries.add(entry);
      });
      return entries;
    });
  }
}
