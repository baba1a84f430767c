package io.reactivemesh.publishing;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.reactivemesh.node.MeshNode;
import io.reactivemesh.support.AsyncPoll;
import io.reactivemesh.support.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.reactivemesh.publishing.PublishingHttp.article;
import static io.reactivemesh.publishing.PublishingHttp.newAuthor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Split-brain protection of the articles: a mesh of two members with quorum 2 loses one; the member left alone is a
 * minority and refuses writes with 503 + Retry-After — at the service and in Hazelcast itself — while reads go on.
 */
@ExtendWith(VertxExtension.class)
class SplitBrainProtectionIT {

  @RegisterExtension
  final TestCluster cluster = new TestCluster();

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void shouldRefuseWritesWith503OnASideBelowTheQuorumAndStillServeReads(Vertx vertx, VertxTestContext testContext) {
    PublishingHttp http = new PublishingHttp(WebClient.create(vertx));
    String author = newAuthor();
    cluster.ofSize(2);
    cluster.startAll(PublishingConfs.bundled(), "quorum", "2")
      .compose(nodes -> {
        MeshNode survivor = nodes.get(0);
        return http.created(survivor, article(author, "before the split"))
          .compose(id -> memberLeaves(vertx, survivor, nodes.get(1))
            .compose(v -> Future.all(List.of(
              http.create(survivor, article(author, "on the minority")),
              http.put(survivor, id, article(author, "edited on the minority"), "\"1\""),
              http.get(survivor, "/api/articles/" + id))))
            .compose(all -> {
              List<HttpResponse<Buffer>> replies = all.list();
              testContext.verify(() -> {
                assertThat(replies.get(0).statusCode()).isEqualTo(503);
                assertThat(replies.get(0).getHeader("retry-after")).isNotBlank();
                assertThat(replies.get(0).getHeader("content-type")).startsWith(PublishingHttp.PROBLEM_JSON);
                assertThat(replies.get(1).statusCode()).isEqualTo(503);
                assertThat(replies.get(2).statusCode()).isEqualTo(200);
                assertThat(replies.get(2).bodyAsJsonObject().getString("title")).isEqualTo("before the split");
              });
              IMap<String, HazelcastJsonValue> articles = survivor.runtime().cluster().hazelcast()
                .getMap(Publishing.ARTICLES_MAP);
              return refusedByHazelcast(vertx, articles, id);
            }));
      })
      .onComplete(testContext.succeeding(refusal -> testContext.verify(() -> {
        assertThat(refusal).isInstanceOf(SplitBrainProtectionException.class);
        testContext.completeNow();
      })));
  }

  /**
   * The protected maps' proxies (whose creation adds their indexes, a write) cannot be created while the first node is
   * alone below the quorum, nor while the second is still a lite member, even though the latter's own protection may
   * already say present. They are created once the quorum is there, with no call waiting on it: a call that had to
   * create one itself waited seconds, past its deadline, while partitions migrated (the first publish of a mesh just
   * formed got 504 in CI).
   */
  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void shouldCreateTheProtectedMapsOnceTheQuorumIsThereBeforeAnyCall(Vertx vertx, VertxTestContext testContext) {
    cluster.ofSize(2);
    cluster.startAll(PublishingConfs.bundled(), "quorum", "2")
      .compose(nodes -> AsyncPoll.untilPresent(vertx, Duration.ofSeconds(10), "the protected maps exist on both members",
        () -> Optional.of(nodes).filter(all -> all.stream().allMatch(SplitBrainProtectionIT::holdsProtectedMaps))))
      .onComplete(testContext.succeedingThenComplete());
  }

  private static boolean holdsProtectedMaps(MeshNode node) {
    Set<String> maps = node.runtime().cluster().hazelcast().getDistributedObjects().stream()
      .filter(object -> object instanceof IMap<?, ?>)
      .map(DistributedObject::getName)
      .collect(Collectors.toSet());
    return maps.containsAll(List.of(Publishing.ARTICLES_MAP, Publishing.WORKFLOWS_MAP));
  }

  /** Stops {@code leaving} cleanly and completes once {@code survivor} saw it leave. */
  private Future<Void> memberLeaves(Vertx vertx, MeshNode survivor, MeshNode leaving) {
    Promise<Void> left = Promise.promise();
    survivor.runtime().cluster().onMembershipChange(survivor.vertx().getOrCreateContext(), change -> {
      if (!change.joined()) {
        left.tryComplete();
      }
    });
    return vertx.executeBlocking(() -> {
      cluster.stop(leaving);
      return null;
    }).compose(v -> left.future());
  }

  /**
   * A write straight to the Hazelcast map, bypassing the service's own quorum check. Hazelcast re-evaluates its
   * protection on an executor of its own after the membership event, with no event of its own to wait on: so a write
   * that still went through is tried again until the bound.
   */
  private Future<Throwable> refusedByHazelcast(Vertx vertx, IMap<String, HazelcastJsonValue> articles, String id) {
    HazelcastJsonValue value = new HazelcastJsonValue("{\"id\":\"" + id + "\"}");
    return AsyncPoll.until(vertx, Duration.ofSeconds(2), "Hazelcast refuses writes below the quorum",
      () -> Future.fromCompletionStage(articles.setAsync(id + "-probe", value), vertx.getOrCreateContext())
        .transform(ar -> Future.succeededFuture(
          ar.failed() ? Optional.of(ClusterCalls.unwrap(ar.cause())) : Optional.<Throwable>empty())));
  }
}
