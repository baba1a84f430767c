package io.reactivemesh.publishing;

import io.reactivemesh.node.MeshNode;
import io.reactivemesh.support.AsyncPoll;
import io.reactivemesh.support.TestCluster;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.reactivemesh.publishing.PublishingHttp.article;
import static io.reactivemesh.publishing.PublishingHttp.newAuthor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partitions a split puts in doubt. A member left alone when the other two of three crash at once holds a copy of
 * only two thirds of the partitions: reads of articles in the others (and of their view counts) must not answer 404
 * (they exist, on members that may come back and merge), but 503; articles it holds are still served; once a merge
 * has brought a partition back its misses are honest 404s. And while a member merging in brings a partition, the
 * articles in it answer reads and updates with 503 (the copy here may be older), on every member, until its merge is
 * done.
 */
@ExtendWith(VertxExtension.class)
class HealingPartitionsIT {

  static final int ARTICLES = 40;
  static final String STATS = "/stats";

  @RegisterExtension
  final TestCluster cluster = new TestCluster();

  @Test
  @Timeout(value = 150, timeUnit = TimeUnit.SECONDS)
  void shouldAnswer503NotA404ForArticlesWhosePartitionLostEveryCopyUntilItIsMergedBack(Vertx vertx,
                                                                                          VertxTestContext testContext) {
    PublishingHttp http = new PublishingHttp(WebClient.create(vertx));
    String author = newAuthor();
    cluster.ofSize(3);
    cluster.startAll(PublishingConfs.bundled(), "quorum", "2")
      .compose(nodes -> createArticles(http, nodes.get(0), author)
        .compose(ids -> vertx.executeBlocking(() -> {
          cluster.crash(nodes.get(1));
          cluster.crash(nodes.get(2));
          return ids;
        }))
        .compose(ids -> statusesOnceLost(vertx, http, nodes.get(0), ids)
          .compose(statuses -> statuses(http, nodes.get(0), ids, STATS).compose(stats -> {
            testContext.verify(() -> assertThat(stats).as("each view count answers as its article does")
              .isEqualTo(statuses));
            List<String> lost = statuses.entrySet().stream().filter(e -> e.getValue() == 503).map(Map.Entry::getKey)
              .toList();
            return mergedBack(vertx, nodes.get(0), lost).compose(v -> AsyncPoll.until(vertx, Duration.ofSeconds(10),
              "misses of partitions merged back (empty here) are 404s again, and so are their view counts",
              () -> Future.all(statuses(http, nodes.get(0), lost, ""), statuses(http, nodes.get(0), lost, STATS))
                .map(all -> Optional.of(all).filter(a -> Set.of(404).containsAll(a.<Map<String, Integer>>resultAt(0).values())
                  && Set.of(404).containsAll(a.<Map<String, Integer>>resultAt(1).values())))));
          }))))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 150, timeUnit = TimeUnit.SECONDS)
  void shouldAnswer503ToReadsAndUpdatesOfArticlesWhosePartitionIsBeingMergedInUntilTheMergeIsDone(
    Vertx vertx, VertxTestContext testContext) {
    PublishingHttp http = new PublishingHttp(WebClient.create(vertx));
    String author = newAuthor();
    cluster.ofSize(3);
    cluster.startAll(PublishingConfs.bundled(), "quorum", "2")
      .compose(nodes -> createArticles(http, nodes.get(0), author).compose(ids -> {
        var hazelcast = nodes.get(0).runtime().cluster().hazelcast();
        List<String> merging = ids.subList(0, ARTICLES / 2);
        Set<Integer> partitions = merging.stream()
          .map(id -> hazelcast.getPartitionService().getPartition(id).getPartitionId())
          .collect(Collectors.toSet());
        List<String> untouched = ids.stream()
          .filter(id -> !partitions.contains(hazelcast.getPartitionService().getPartition(id).getPartitionId()))
          .toList();
        HealingPartitions healing = HealingPartitions.of(hazelcast);
        return vertx.executeBlocking(() -> healing.markMerging(partitions, "merge-under-test"))
          .compose(marks -> AsyncPoll.until(vertx, Duration.ofSeconds(10),
              "every node answers 503 for the articles being merged, 200 for the others",
              () -> Future.all(nodes.stream().map(node -> Future.all(statuses(http, node, merging, ""),
                  statuses(http, node, untouched, ""))).toList())
                .map(all -> Optional.of(all).filter(a -> IntStream.range(0, a.size()).allMatch(i -> {
                  CompositeFuture perNode = a.resultAt(i);
                  return Set.of(503).containsAll(perNode.<Map<String, Integer>>resultAt(0).values())
                    && Set.of(200).containsAll(perNode.<Map<String, Integer>>resultAt(1).values());
                }))))
            .compose(v -> http.put(nodes.get(1), merging.get(0), article(author, "edited while merging"), "\"1\""))
            .compose(refused -> {
              testContext.verify(() -> assertThat(refused.statusCode()).as("an update while merging").isEqualTo(503));
              return vertx.executeBlocking(() -> {
                healing.forgetBroughtBack(partitions, marks);
                return null;
              });
            }))
          .compose(v -> AsyncPoll.until(vertx, Duration.ofSeconds(10), "every article answers 200 again",
            () -> statuses(http, nodes.get(2), merging, "")
              .map(statuses -> Optional.of(statuses).filter(st -> Set.of(200).containsAll(st.values())))))
          .compose(v -> http.put(nodes.get(1), merging.get(0), article(author, "edited after the merge"), "\"1\""));
      }))
      .onComplete(testContext.succeeding(updated -> testContext.verify(() -> {
        assertThat(updated.statusCode()).as("the update refused while merging applies afterwards, on version 1")
          .isEqualTo(200);
        testContext.completeNow();
      })));
  }

  private Future<List<String>> createArticles(PublishingHttp http, MeshNode node, String author) {
    Future<List<String>> chain = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < ARTICLES; i++) {
      String title = "article " + i;
      chain = chain.compose(ids -> http.created(node, article(author, title)).map(id -> {
        ids.add(id);
        return ids;
      }));
    }
    return chain;
  }

  /**
   * Each article's GET status on {@code node} once it marked the partitions it lost: the articles it still holds
   * answer 200, the others 503, and none 404. Polled: the marks follow the crash by a few hundred milliseconds.
   */
  private Future<Map<String, Integer>> statusesOnceLost(Vertx vertx, PublishingHttp http, MeshNode node,
                                                        List<String> ids) {
    return AsyncPoll.until(vertx, Duration.ofSeconds(30), "every article answers 200 or 503 (none 404), some 503",
      () -> statuses(http, node, ids, "").map(statuses -> Optional.of(statuses)
        .filter(s -> Set.of(200, 503).containsAll(s.values()) && s.containsValue(200) && s.containsValue(503))));
  }

  /** The GET status of {@code /api/articles/<id><suffix>} on {@code node}, per id. */
  private Future<Map<String, Integer>> statuses(PublishingHttp http, MeshNode node, List<String> ids, String suffix) {
    List<Future<Integer>> reads = ids.stream()
      .map(id -> http.get(node, "/api/articles/" + id + suffix).map(reply -> reply.statusCode()))
      .toList();
    return Future.all(reads).map(all -> IntStream.range(0, ids.size()).boxed()
      .collect(Collectors.toMap(ids::get, i -> all.<Integer>resultAt(i))));
  }

  /** What a member's {@code MERGED} does once it has brought back the partitions of {@code ids} (lost on the survivor). */
  private Future<Void> mergedBack(Vertx vertx, MeshNode node, List<String> ids) {
    var hazelcast = node.runtime().cluster().hazelcast();
    Set<Integer> partitions = ids.stream()
      .map(id -> hazelcast.getPartitionService().getPartition(id).getPartitionId())
      .collect(Collectors.toSet());
    return vertx.executeBlocking(() -> {
      HealingPartitions.of(hazelcast).forgetBroughtBack(partitions, Set.of());
      return null;
    }).compose(v -> AsyncPoll.until(vertx, Duration.ofSeconds(10), "their marks are gone",
      () -> vertx.executeBlocking(() -> hazelcast.<Integer, Long>getMap(Publishing.LOST_PARTITIONS_MAP).keySet())
        .map(marked -> Optional.of(marked).filter(m -> Collections.disjoint(m, partitions)))).mapEmpty());
  }
}
