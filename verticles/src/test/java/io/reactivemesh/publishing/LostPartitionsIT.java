package io.reactivemesh.publishing;

import io.reactivemesh.node.MeshNode;
import io.reactivemesh.support.AsyncPoll;
import io.reactivemesh.support.TestCluster;
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
 * A member left alone when the other two of three crash at once holds a copy of only two thirds of the partitions:
 * reads of articles in the others (and of their view counts) must not answer 404 (they exist, on members that may
 * come back and merge), but 503; articles it holds are still served; once a merge has brought a partition back its
 * misses are honest 404s.
 */
@ExtendWith(VertxExtension.class)
class LostPartitionsIT {

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
            return mergedBack(vertx, nodes.get(0), lost).compose(v -> Future.all(statuses(http, nodes.get(0), lost, ""),
              statuses(http, nodes.get(0), lost, STATS)));
          }))))
      .onComplete(testContext.succeeding(afterMerge -> testContext.verify(() -> {
        assertThat(afterMerge.<Map<String, Integer>>resultAt(0).values())
          .as("misses of partitions merged back (empty here) are 404s again").containsOnly(404);
        assertThat(afterMerge.<Map<String, Integer>>resultAt(1).values()).as("and so are their view counts")
          .containsOnly(404);
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

  /** What a member's {@code MERGED} does once it has brought back the partitions of {@code ids}. */
  private Future<Void> mergedBack(Vertx vertx, MeshNode node, List<String> ids) {
    var hazelcast = node.runtime().cluster().hazelcast();
    Set<Integer> partitions = ids.stream()
      .map(id -> hazelcast.getPartitionService().getPartition(id).getPartitionId())
      .collect(Collectors.toSet());
    return vertx.executeBlocking(() -> {
      LostPartitions.of(hazelcast).forgetBroughtBack(partitions);
      return null;
    }).compose(v -> AsyncPoll.until(vertx, Duration.ofSeconds(10), "their marks are gone",
      () -> vertx.executeBlocking(() -> hazelcast.<Integer, Long>getMap(Publishing.LOST_PARTITIONS_MAP).keySet())
        .map(marked -> Optional.of(marked).filter(m -> Collections.disjoint(m, partitions)))).mapEmpty());
  }
}
