package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.reactivemesh.client.MeshException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The articles map ({@link Publishing#ARTICLES_MAP}): reads from the key's owner (read-your-writes), writes as entry
 * processors on the key's partition (atomic compare-and-set, synchronous backup), pages in key order (newest first)
 * through a paging query that each partition answers with at most one page. While a split heals
 * ({@link HealingPartitions}), reading or changing an article whose partition is being merged in is a 503 (the copy
 * here may be older than the one on its way), and a missing article is a 503 rather than a 404 when its partition
 * lost every copy on this side.
 */
final class ArticleStore {

  /** One page of a list: the articles, and the id the next page starts after (null on the last page). */
  record Page(List<JsonObject> articles, String lastId, boolean more) {
  }

  /** Newest first: ids begin with their creation time. Serializable, as each partition sorts its own page. */
  static final class NewestFirst implements Comparator<Map.Entry<String, HazelcastJsonValue>>, Serializable {
    @Override
    public int compare(Map.Entry<String, HazelcastJsonValue> a, Map.Entry<String, HazelcastJsonValue> b) {
      return b.getKey().compareTo(a.getKey());
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final HazelcastInstance hazelcast;
  private final ClusterProxy<IMap<String, HazelcastJsonValue>> map;
  private HealingPartitions healing;

  ArticleStore(Vertx vertx, Context context, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.context = context;
    this.hazelcast = hazelcast;
    this.map = new ClusterProxy<>(vertx, hazelcast, Publishing.ARTICLES_MAP, () -> {
      IMap<String, HazelcastJsonValue> articles = hazelcast.getMap(Publishing.ARTICLES_MAP);
      HealingPartitions.of(hazelcast).trackWrites(articles);
      return articles;
    }, () -> QuorumFunction.satisfied(hazelcast));
  }

  Future<Void> warmUp() {
    return Future.all(map.warmUp(),
        ClusterCalls.blocking(vertx, () -> HealingPartitions.of(hazelcast)).onSuccess(h -> healing = h))
      .mapEmpty();
  }

  /** The article, or null when there is none. */
  Future<JsonObject> get(String id) {
    return unlessMerging(id, () -> map.get().compose(m -> ClusterCalls.await(m.getAsync(id), context)))
      .map(v -> v == null ? null : new JsonObject(v.toString()));
  }

  /** Stores {@code article} under its id unless one is there; answers the article stored under that id. */
  Future<JsonObject> create(JsonObject article) {
    return map.get().compose(m -> ClusterCalls.await(m.submitToKey(article.getString("id"),
        new CommonProcessors.PutIfAbsent(article.encode())), context)).map(existing -> existing == null ? article : new JsonObject(existing));
  }

  Future<JsonObject> edit(String id, IfMatch ifMatch, ArticleInput input, long now) {
    return run(id, new ArticleProcessors.Edit(ifMatch, input, now));
  }

  Future<JsonObject> delete(String id, IfMatch ifMatch) {
    return run(id, new ArticleProcessors.Delete(ifMatch));
  }

  Future<JsonObject> transition(String id, ArticleProcessors.Action action, String workflowId, long now) {
    return run(id, new ArticleProcessors.Transition(action, workflowId, now));
  }

  /** A page of articles, newest first, filtered by author and status when given, after the cursor's id. */
  Future<Page> page(String author, String status, String afterId, int limit) {
    List<Predicate<String, HazelcastJsonValue>> filters = new ArrayList<>();
    if (author != null) {
      filters.add(Predicates.equal("author", author));
    }
    if (status != null) {
      filters.add(Predicates.equal("status", status));
    }
    if (afterId != null) {
      filters.add(Predicates.lessThan("__key", afterId));
    }
    Predicate<String, HazelcastJsonValue> filter = filters.isEmpty() ? Predicates.alwaysTrue()
      : filters.size() == 1 ? filters.get(0) : Predicates.and(filters.toArray(Predicate[]::new));
    // one more than asked: whether it comes back says if there is a next page
    var paging = Predicates.pagingPredicate(filter, new NewestFirst(), limit + 1);
    return map.get().compose(m -> ClusterCalls.blocking(vertx, () -> List.copyOf(m.values(paging)))).map(values -> {
      List<JsonObject> articles = new ArrayList<>();
      for (HazelcastJsonValue value : values.subList(0, Math.min(limit, values.size()))) {
        articles.add(new JsonObject(value.toString()));
      }
      String lastId = articles.isEmpty() ? null : articles.get(articles.size() - 1).getString("id");
      return new Page(articles, lastId, values.size() > limit);
    });
  }

  /**
   * What a call that found no article {@code id} answers: {@code absent}, unless the article's partition lost every
   * copy in a split that has not merged back yet, or is being merged in ({@link HealingPartitions}); then the article
   * may well exist on the other side, and the answer is a 503 to retry, not a 404 (or a delete that the merge would
   * undo).
   */
  <T> Future<T> ifAbsent(String id, Supplier<Future<T>> absent) {
    return healing.inDoubt(id) ? Future.failedFuture(new MeshException(503, "Service Unavailable", "article " + id
      + " may be on the other side of a split that is healing: its partition lost every copy here, or is being "
      + "merged back, and the merge is not done yet")) : absent.get();
  }

  /** A 404 for a missing article, or the 503 of {@link #ifAbsent} when its partition is in doubt. */
  <T> Future<T> missing(String id) {
    return ifAbsent(id, () -> Future.failedFuture(new MeshException(404, "Not Found", "no article " + id)));
  }

  /** {@code call}, unless the article's partition is being merged in: then a 503 (the copy here may be older). */
  private <T> Future<T> unlessMerging(String id, Supplier<Future<T>> call) {
    return healing.merging(id) ? Future.failedFuture(new MeshException(503, "Service Unavailable", "article " + id
      + " is being merged back after a split: the copy here may be older than the one on its way")) : call.get();
  }

  private Future<JsonObject> run(String id, com.hazelcast.map.EntryProcessor<String, HazelcastJsonValue, String> change) {
    return unlessMerging(id, () -> map.get().compose(m -> ClusterCalls.await(m.submitToKey(id, change), context)))
      .map(JsonObject::new);
  }
}
