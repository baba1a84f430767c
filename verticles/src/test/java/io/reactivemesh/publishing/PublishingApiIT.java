package io.reactivemesh.publishing;

import io.reactivemesh.client.Request;
import io.reactivemesh.node.MeshNode;
import io.reactivemesh.support.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.reactivemesh.publishing.PublishingHttp.PROBLEM_JSON;
import static io.reactivemesh.publishing.PublishingHttp.article;
import static io.reactivemesh.publishing.PublishingHttp.newAuthor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publishing API of DESIGN.md §5 — every call and status code — through the gateways of three real Hazelcast
 * members in this JVM (quorum 2), deployed from the bundled conf/node.yaml. The mesh is started once for the class:
 * starting three members per test would cost most of the suite's time budget; each test works on its own author's
 * articles, so the tests do not see each other.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishingApiIT {

  /** DESIGN.md / issue 4: the feed shows a publication on every node within 1 s. */
  private static final long FEED_PROPAGATION_BOUND_MILLIS = 1_000;

  private final TestCluster cluster = new TestCluster();
  private final PublishingEvents events = new PublishingEvents();
  private Vertx clientVertx;
  private PublishingHttp http;
  private List<MeshNode> nodes;

  @BeforeAll
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void startMesh(VertxTestContext testContext) {
    clientVertx = Vertx.vertx();
    http = new PublishingHttp(WebClient.create(clientVertx));
    cluster.ofSize(3);
    cluster.startAll(PublishingConfs.bundled(), "quorum", "2")
      .compose(started -> {
        nodes = started;
        return events.listen(started.get(0).vertx());
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterAll
  void stopMesh() throws Exception {
    for (MeshNode node : cluster.nodes()) {
      cluster.stop(node);
    }
    clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private MeshNode node(int index) {
    return nodes.get(index);
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).startsWith(PROBLEM_JSON);
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).isNotBlank();
    if (field != null) {
      assertThat(problem.getString("field")).isEqualTo(field);
    }
  }

  private static List<String> ids(HttpResponse<Buffer> page) {
    return page.bodyAsJsonObject().getJsonArray("items").stream()
      .map(o -> ((JsonObject) o).getString(((JsonObject) o).containsKey("articleId") ? "articleId" : "id")).toList();
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void shouldCreateADraftWith201LocationAndETagOneAndReadItFromEveryNode(VertxTestContext testContext) {
    JsonObject input = article(newAuthor(), "First", "news");
    http.create(node(0), input)
      .compose(created -> {
        testContext.verify(() -> {
          assertThat(created.statusCode()).isEqualTo(201);
          assertThat(created.getHeader("etag")).isEqualTo("\"1\"");
          JsonObject body = created.bodyAsJsonObject();
          assertThat(created.getHeader("location")).isEqualTo("/api/articles/" + body.getString("id"));
          assertThat(body.getString("status")).isEqualTo("draft");
          assertThat(body.getLong("version")).isEqualTo(1);
          assertThat(body.getString("title")).isEqualTo("First");
        });
        String location = created.getHeader("location");
        return Future.all(nodes.stream().map(n -> http.get(n, location)).toList())
          .map(all -> all.<HttpResponse<Buffer>>list());
      })
      .onComplete(testContext.succeeding(reads -> testContext.verify(() -> {
        assertThat(reads).allSatisfy(read -> {
          assertThat(read.statusCode()).isEqualTo(200);
          assertThat(read.getHeader("etag")).isEqualTo("\"1\"");
          assertThat(read.bodyAsJsonObject().getJsonArray("tags")).isEqualTo(new JsonArray().add("news"));
        });
        testContext.completeNow();
      })));
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void shouldRejectBadInputWithAProblemNamingTheFieldAndChangeNothing(VertxTestContext testContext) {
    String author = newAuthor();
    JsonObject tooManyTags = article(author, "t", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
    List<Future<HttpResponse<Buffer>>> calls = List.of(
      http.postRaw(node(1), "/api/articles", "application/json", "{\"title\": "),
      http.postRaw(node(1), "/api/articles", "application/json", "[1, 2]"),
      http.postRaw(node(1), "/api/articles", "text/plain", "title=x"),
      http.create(node(1), article(author, "big").put("body", "x".repeat(64 * 1024 + 1))),
      http.create(node(1), article(author, "t".repeat(201))),
      http.create(node(1), tooManyTags),
      http.create(node(1), article(author, "t", "t".repeat(33))),
      http.create(node(1), article("Not An Author", "t")),
      http.create(node(1), article(author, "t").put("summary", "unknown field")));
    Future.all(calls)
      .compose(done -> http.get(node(2), "/api/articles?author=" + author).map(list -> {
        testContext.verify(() -> {
          assertProblem(calls.get(0).result(), 400, "body");
          assertProblem(calls.get(1).result(), 400, "body");
          assertProblem(calls.get(2).result(), 415, "Content-Type");
          assertProblem(calls.get(3).result(), 413, "body");
          assertProblem(calls.get(4).result(), 422, "title");
          assertProblem(calls.get(5).result(), 422, "tags");
          assertProblem(calls.get(6).result(), 422, "tags");
          assertProblem(calls.get(7).result(), 422, "author");
          assertProblem(calls.get(8).result(), 422, "summary");
          assertThat(ids(list)).as("nothing was created").isEmpty();
        });
        return list;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void shouldRefuseRequestsThatBreakTheOpenApiDocumentAtTheGatewayWithoutCallingAnyService(VertxTestContext testContext) {
    String marker = newAuthor();
    // every call to a service leaves some node's event bus as an envelope: the spy sees each one that carries the marker
    List<JsonObject> envelopes = new CopyOnWriteArrayList<>();
    Handler<DeliveryContext<Object>> spy = delivery -> {
      if (delivery.message().address().startsWith("mesh.svc.") && delivery.body() instanceof Request request
        && request.toJson().encode().contains(marker)) {
        envelopes.add(request.toJson());
      }
      delivery.next();
    };
    nodes.forEach(n -> n.vertx().eventBus().addOutboundInterceptor(spy));
    JsonArray elevenTags = new JsonArray();
    for (int i = 0; i < 11; i++) {
      elevenTags.add("t" + i);
    }
    JsonObject noTitle = article(marker, "t");
    noTitle.remove("title");
    List<Future<HttpResponse<Buffer>>> refused = List.of(
      http.create(node(1), noTitle),
      http.create(node(1), article(marker, "t").put("title", 42)),
      http.create(node(1), article(marker, "t".repeat(201))),
      http.create(node(1), article("Not An Author", marker)),
      http.create(node(1), article(marker, "t").put("tags", elevenTags)),
      http.postRaw(node(1), "/api/articles", "application/json", "[\"" + marker + "\"]"),
      http.get(node(1), "/api/articles?author=" + marker + "&limit=abc"),
      http.get(node(1), "/api/feed?author=" + marker + "&limit=0"),
      http.put(node(1), "0000000000000000z", article(marker, "blind write"), null));
    Future.all(refused)
      .compose(done -> http.create(node(1), article(marker, "valid")))
      .onComplete(testContext.succeeding(valid -> testContext.verify(() -> {
        nodes.forEach(n -> n.vertx().eventBus().removeOutboundInterceptor(spy));
        assertProblem(refused.get(0).result(), 422, "title");
        assertProblem(refused.get(1).result(), 422, "title");
        assertProblem(refused.get(2).result(), 422, "title");
        assertProblem(refused.get(3).result(), 422, "author");
        assertProblem(refused.get(4).result(), 422, "tags");
        assertProblem(refused.get(5).result(), 400, "body");
        assertProblem(refused.get(6).result(), 400, "limit");
        assertProblem(refused.get(7).result(), 400, "limit");
        assertProblem(refused.get(8).result(), 428, "If-Match");
        assertThat(valid.statusCode()).as(valid.bodyAsString()).isEqualTo(201);
        assertThat(envelopes).as("envelopes sent to a service: only the valid create's")
          .singleElement().satisfies(envelope -> {
            assertThat(envelope.getString("method")).isEqualTo("POST");
            assertThat(envelope.getJsonObject("body").getString("title")).isEqualTo("valid");
          });
        assertThat(refused.get(2).result().bodyAsJsonObject().getString("pointer")).as("the gateway's pointer")
          .isEqualTo("/title");
        testContext.completeNow();
      })));
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void shouldAnswer404ForAnUnknownArticleOrWorkflowAnd405ForAnUnroutedMethod(VertxTestContext testContext) {
    String unknown = "0000000000000000z";
    List<Future<HttpResponse<Buffer>>> calls = List.of(
      http.get(node(0), "/api/articles/" + unknown),
      http.put(node(1), unknown, article(newAuthor(), "t"), "\"1\""),
      http.post(node(2), "/api/articles/" + unknown + "/publish"),
      http.post(node(0), "/api/articles/" + unknown + "/views"),
      http.get(node(1), "/api/articles/" + unknown + "/stats"),
      http.get(node(2), "/api/workflows/" + unknown),
      http.request(node(0), HttpMethod.PATCH, "/api/articles/" + unknown).send());
    Future.all(calls).onComplete(testContext.succeeding(done -> testContext.verify(() -> {
      for (int i = 0; i < 6; i++) {
        assertProblem(calls.get(i).result(), 404, null);
      }
      assertProblem(calls.get(6).result(), 405, null);
      testContext.completeNow();
    })));
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void shouldUpdateUnderIfMatchAndAnswer412WhenStaleAnd428WhenMissing(VertxTestContext testContext) {
    String author = newAuthor();
    http.created(node(0), article(author, "v1"))
      .compose(id -> http.put(node(1), id, article(author, "v2", "edited"), "\"1\"")
        .compose(updated -> http.put(node(2), id, article(author, "stale write"), "\"1\"")
          .compose(stale -> http.put(node(0), id, article(author, "blind write"), null)
            .compose(blind -> http.put(node(1), id, article(author, ""), "\"2\"")
              .compose(invalid -> http.get(node(2), "/api/articles/" + id).map(read -> {
                testContext.verify(() -> {
                  assertThat(updated.statusCode()).isEqualTo(200);
                  assertThat(updated.getHeader("etag")).isEqualTo("\"2\"");
                  assertThat(updated.bodyAsJsonObject().getLong("version")).isEqualTo(2);
                  assertProblem(stale, 412, "If-Match");
                  assertThat(stale.bodyAsJsonObject().getString("currentETag")).isEqualTo("\"2\"");
                  assertProblem(blind, 428, "If-Match");
                  assertProblem(invalid, 422, "title");
                  assertThat(read.getHeader("etag")).isEqualTo("\"2\"");
                  assertThat(read.bodyAsJsonObject().getString("title")).isEqualTo("v2");
                });
                return read;
              }))))))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void shouldDeleteWith204AndForgetTheArticle(VertxTestContext testContext) {
    http.created(node(0), article(newAuthor(), "doomed"))
      .compose(id -> http.delete(node(1), "/api/articles/" + id)
        .compose(deleted -> http.get(node(2), "/api/articles/" + id)
          .compose(read -> http.delete(node(0), "/api/articles/" + id).map(again -> {
            testContext.verify(() -> {
              assertThat(deleted.statusCode()).isEqualTo(204);
              assertProblem(read, 404, null);
              assertThat(again.statusCode()).as("a retried delete").isEqualTo(204);
            });
            return again;
          }))))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void shouldPageThroughArticlesNewestFirstWithAnOpaqueCursorAndFilters(VertxTestContext testContext) {
    String author = newAuthor();
    List<String> created = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < 5; i++) {
      int n = i;
      chain = chain.compose(v -> http.created(node(0), article(author, "a" + n)).map(id -> {
        created.add(id);
        return null;
      }));
    }
    String base = "/api/articles?author=" + author;
    chain
      .compose(v -> http.get(node(1), base + "&limit=2"))
      .compose(first -> http.get(node(2), base + "&limit=2&cursor=" + first.bodyAsJsonObject().getString("nextCursor"))
        .compose(second -> http.get(node(0), base + "&limit=2&cursor=" + second.bodyAsJsonObject().getString("nextCursor"))
          .compose(third -> Future.all(List.of(
              http.get(node(1), base + "&status=draft"),
              http.get(node(1), base + "&status=published"),
              http.get(node(2), base + "&limit=0"),
              http.get(node(2), base + "&limit=101"),
              http.get(node(0), base + "&cursor=not-a-cursor"),
              http.get(node(0), base + "&status=archived"),
              http.get(node(0), "/api/articles?author=Bad!")))
            .map(all -> {
              List<HttpResponse<Buffer>> more = all.list();
              testContext.verify(() -> {
                assertThat(ids(first)).containsExactly(created.get(4), created.get(3));
                assertThat(ids(second)).containsExactly(created.get(2), created.get(1));
                assertThat(ids(third)).containsExactly(created.get(0));
                assertThat(third.bodyAsJsonObject().getValue("nextCursor")).isNull();
                assertThat(first.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).containsKey("body"))
                  .as("a page lists summaries").isFalse();
                assertThat(ids(more.get(0))).hasSize(5);
                assertThat(ids(more.get(1))).isEmpty();
                assertProblem(more.get(2), 400, "limit");
                assertProblem(more.get(3), 400, "limit");
                assertProblem(more.get(4), 400, "cursor");
                assertProblem(more.get(5), 400, "status");
                assertProblem(more.get(6), 400, "author");
              });
              return null;
            }))))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldLetExactlyOneOf50ConcurrentUpdatesWithTheSameIfMatchWinAcrossThreeNodes(VertxTestContext testContext) {
    String author = newAuthor();
    http.created(node(0), article(author, "contended"))
      .compose(id -> {
        List<Future<HttpResponse<Buffer>>> puts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          puts.add(http.put(node(i % 3), id, article(author, "writer " + i), "\"1\""));
        }
        return Future.all(puts).compose(all -> http.get(node(1), "/api/articles/" + id).map(read -> {
          Map<Integer, Long> byStatus = puts.stream()
            .collect(Collectors.groupingBy(p -> p.result().statusCode(), Collectors.counting()));
          testContext.verify(() -> {
            assertThat(byStatus).isEqualTo(Map.of(200, 1L, 412, 49L));
            assertThat(read.getHeader("etag")).isEqualTo("\"2\"");
            String winner = puts.stream().filter(p -> p.result().statusCode() == 200).findFirst().orElseThrow()
              .result().bodyAsJsonObject().getString("title");
            assertThat(read.bodyAsJsonObject().getString("title")).isEqualTo(winner);
          });
          return read;
        }));
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void shouldCreateOneArticleWhenACreateIsRetriedWithTheSameIdempotencyKey(VertxTestContext testContext) {
    String author = newAuthor();
    JsonObject input = article(author, "once");
    String key = UUID.randomUUID().toString();
    String racedKey = UUID.randomUUID().toString();
    JsonObject raced = article(author, "raced");
    http.create(node(0), input, key)
      .compose(first -> http.create(node(1), input, key)
        .compose(retry -> {
          List<Future<HttpResponse<Buffer>>> racing = new ArrayList<>();
          for (int i = 0; i < 6; i++) {
            racing.add(http.create(node(i % 3), raced, racedKey));
          }
          return Future.all(racing)
            .compose(all -> http.create(node(2), article(author, "other body"), key))
            .compose(misuse -> http.get(node(2), "/api/articles?author=" + author).map(list -> {
              testContext.verify(() -> {
                assertThat(first.statusCode()).isEqualTo(201);
                assertThat(retry.statusCode()).isEqualTo(201);
                assertThat(retry.getHeader("location")).isEqualTo(first.getHeader("location"));
                assertThat(retry.getHeader("idempotent-replayed")).isEqualTo("true");
                assertThat(retry.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
                assertThat(racing).allSatisfy(r -> assertThat(r.result().statusCode()).isEqualTo(201));
                assertThat(racing.stream().map(r -> r.result().getHeader("location")).distinct()).hasSize(1);
                assertProblem(misuse, 422, "Idempotency-Key");
                assertThat(ids(list)).as("one article per key").hasSize(2);
              });
              return list;
            }));
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void shouldShowAPublishedArticleInTheFeedOfEveryNodeWithinOneSecond(VertxTestContext testContext) {
    String author = newAuthor();
    long[] publishedAt = new long[1];
    http.created(node(0), article(author, "breaking", "news"))
      .compose(id -> {
        publishedAt[0] = System.nanoTime();
        return http.post(node(1), "/api/articles/" + id + "/publish").compose(accepted -> {
          testContext.verify(() -> {
            assertThat(accepted.statusCode()).as("publish answered %s", accepted.bodyAsString()).isEqualTo(202);
            String workflowId = accepted.bodyAsJsonObject().getString("workflowId");
            assertThat(accepted.getHeader("location")).isEqualTo("/api/workflows/" + workflowId);
          });
          String workflowId = accepted.bodyAsJsonObject().getString("workflowId");
          return events.feedChanged(id, FeedEvents.PUBLISHED)
            .compose(applied -> Future.all(nodes.stream().map(n -> http.get(n, "/api/feed?author=" + author)).toList()))
            .compose(feeds -> {
              long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - publishedAt[0]);
              System.out.printf("feed propagation: publish accepted -> article in the feed read from all %d nodes "
                + "in %d ms (bound %d ms)%n", nodes.size(), millis, FEED_PROPAGATION_BOUND_MILLIS);
              testContext.verify(() -> {
                feeds.<HttpResponse<Buffer>>list().forEach(feed -> assertThat(ids(feed)).containsExactly(id));
                assertThat(millis).isLessThan(FEED_PROPAGATION_BOUND_MILLIS);
              });
              return events.workflowEnded(workflowId);
            })
            .compose(ended -> http.get(node(2), "/api/workflows/" + workflowId))
            .compose(workflow -> http.get(node(0), "/api/articles/" + id)
              .compose(article -> http.post(node(2), "/api/articles/" + id + "/publish")
                .compose(again -> http.get(node(0), "/api/feed?limit=0").map(badLimit -> {
                  testContext.verify(() -> {
                    JsonObject saga = workflow.bodyAsJsonObject();
                    assertThat(saga.getString("state")).isEqualTo("completed");
                    assertThat(saga.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("state")))
                      .containsExactly("done", "done", "done", "done");
                    assertThat(article.bodyAsJsonObject().getString("status")).isEqualTo("published");
                    assertProblem(again, 409, null);
                    assertProblem(badLimit, 400, "limit");
                  });
                  return badLimit;
                }))));
        });
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void shouldCompensateAWorkflowWhoseNotifyStepFails(VertxTestContext testContext) {
    String author = newAuthor();
    // the bundled notify service refuses to announce articles tagged "embargoed" (conf/node.yaml, refuseTags)
    http.created(node(0), article(author, "not yet", "embargoed"))
      .compose(id -> http.post(node(2), "/api/articles/" + id + "/publish").compose(accepted -> {
        testContext.verify(() -> assertThat(accepted.statusCode())
          .as("publish answered %s", accepted.bodyAsString()).isEqualTo(202));
        String workflowId = accepted.bodyAsJsonObject().getString("workflowId");
        return events.workflowEnded(workflowId)
          .compose(ended -> events.feedChanged(id, FeedEvents.UNPUBLISHED))
          .compose(removed -> Future.all(List.of(
            http.get(node(1), "/api/workflows/" + workflowId),
            http.get(node(2), "/api/articles/" + id),
            http.get(node(0), "/api/feed?author=" + author))))
          .map(all -> {
            List<HttpResponse<Buffer>> reads = all.list();
            testContext.verify(() -> {
              JsonObject saga = reads.get(0).bodyAsJsonObject();
              assertThat(saga.getString("state")).isEqualTo("compensated");
              assertThat(saga.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("state")))
                .containsExactly("compensated", "compensated", "compensated", "pending");
              assertThat(saga.getJsonArray("steps").getJsonObject(2).getString("error")).contains("embargoed");
              assertThat(reads.get(1).bodyAsJsonObject().getString("status")).isEqualTo("draft");
              assertThat(ids(reads.get(2))).as("the feed entry is gone").isEmpty();
            });
            return null;
          });
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void shouldCountEveryViewAndReadTheSameCountOnEveryNode(VertxTestContext testContext) {
    long[] start = new long[1];
    http.created(node(0), article(newAuthor(), "popular"))
      .compose(id -> {
        start[0] = System.nanoTime();
        List<Future<HttpResponse<Buffer>>> views = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          views.add(http.post(node(i % 3), "/api/articles/" + id + "/views"));
        }
        return Future.all(views).compose(all -> {
          testContext.verify(() -> assertThat(views).allSatisfy(v -> assertThat(v.result().statusCode()).isEqualTo(202)));
          // the count is read from the partition owner: every node reads 6 at once; the bounded wait stays harmless
          return converged(clientVertx, id, 6, 10_000);
        });
      })
      .onComplete(testContext.succeeding(stats -> testContext.verify(() -> {
        System.out.printf("views: 6 increments through 3 nodes read as 6 on every node after %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start[0]));
        assertThat(stats).allSatisfy(s -> assertThat(s.getLong("views")).isEqualTo(6));
        testContext.completeNow();
      })));
  }

  /** Reads the stats from every node until each shows {@code views}, or fails past the bound. */
  private Future<List<JsonObject>> converged(Vertx vertx, String id, long views, long boundMillis) {
    long deadline = System.currentTimeMillis() + boundMillis;
    Promise<List<JsonObject>> result = Promise.promise();
    readStats(vertx, id, views, deadline, result);
    return result.future();
  }

  private void readStats(Vertx vertx, String id, long views, long deadline, Promise<List<JsonObject>> result) {
    Future.all(nodes.stream().map(n -> http.get(n, "/api/articles/" + id + "/stats")).toList())
      .onFailure(result::fail)
      .onSuccess(all -> {
        List<JsonObject> stats = all.<HttpResponse<Buffer>>list().stream().map(HttpResponse::bodyAsJsonObject).toList();
        if (stats.stream().allMatch(s -> s.getLong("views", -1L) == views) || System.currentTimeMillis() > deadline) {
          result.complete(stats);
        } else {
          vertx.setTimer(50, t -> readStats(vertx, id, views, deadline, result));
        }
      });
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void shouldServeAnOpenApiDescriptionThatCoversEveryPublishingRoute(VertxTestContext testContext) {
    http.get(node(2), "/openapi.yaml").onComplete(testContext.succeeding(response -> testContext.verify(() -> {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("content-type")).isEqualTo("application/yaml");
      Map<String, Object> spec = new Yaml().load(response.bodyAsString());
      assertThat(String.valueOf(spec.get("openapi"))).startsWith("3.");
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
      JsonArray routes = PublishingConfs.bundled().getJsonObject("deploy").getJsonArray("services").stream()
        .map(JsonObject.class::cast).filter(u -> u.getString("verticle").endsWith("GatewayVerticle")).findFirst()
        .orElseThrow().getJsonObject("config").getJsonArray("routes");
      routes.stream().map(JsonObject.class::cast).filter(r -> !r.getString("service").equals("echo")).forEach(route -> {
        String path = route.getString("path").replaceAll(":(\\w+)", "{$1}");
        assertThat(paths).as("route " + route.getString("name")).containsKey(path);
        route.getJsonArray("methods").forEach(m -> assertThat(paths.get(path))
          .as(m + " " + path).containsKey(String.valueOf(m).toLowerCase(java.util.Locale.ROOT)));
      });
      testContext.completeNow();
    })));
  }
}
