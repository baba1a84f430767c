package io.reactivemesh.loadtest;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * What virtual users do, as reusable chains over the API of DESIGN.md §5 (articles with ETag / If-Match and
 * Idempotency-Key, publish saga, workflows, feed, views and stats) and over the trivial echo service. Each check states
 * the contract: a writer's create is 201 with {@code Location} and {@code ETag: "1"}, an update needs the current ETag,
 * a stale one gets 412, a retried create with the same key answers the first article.
 */
final class Journeys {

  static final String JSON = "application/json";
  private static final String ARTICLE_JSON =
    "{\"title\":\"#{title}\",\"body\":\"#{body}\",\"author\":\"#{author}\",\"tags\":#{tagsJson}}";
  private static final String EDITED_JSON =
    "{\"title\":\"#{editedTitle}\",\"body\":\"#{body}\",\"author\":\"#{author}\",\"tags\":#{tagsJson}}";
  private static final List<String> WORKFLOW_STATES = List.of("running", "compensating", "completed", "compensated",
    "failed");

  private Journeys() {
  }

  /** The HTTP protocol of every simulation: all the gateways (each virtual user keeps one), JSON, no caching. */
  static HttpProtocolBuilder protocol(List<String> gateways) {
    return http.baseUrls(gateways)
      .acceptHeader(JSON)
      .contentTypeHeader(JSON)
      .userAgentHeader("reactive-mesh-loadtest")
      .disableCaching();
  }

  /** Creates a draft (with an Idempotency-Key), reads it back, edits it under If-Match; remembers its id. */
  static ChainBuilder writeArticle(KnownArticles known) {
    return feed(ArticleData.drafts())
      .exec(http("create article").post("/api/articles")
        .header("Idempotency-Key", "#{idempotencyKey}")
        .body(StringBody(ARTICLE_JSON))
        .check(status().is(201))
        .check(header("Location").saveAs("location"))
        .check(header("Location").transform(Journeys::lastSegment).saveAs("articleId"))
        .check(header("ETag").is("\"1\"").saveAs("etag")))
      .exec(http("read own article").get("#{location}")
        .check(status().is(200))
        .check(header("ETag").isEL("#{etag}")))
      .exec(http("update article").put("/api/articles/#{articleId}")
        .header("If-Match", "#{etag}")
        .body(StringBody(EDITED_JSON))
        .check(status().is(200))
        .check(header("ETag").notEL("#{etag}").saveAs("etag")))
      .exec(session -> {
        known.add(session.getString("articleId"));
        return session;
      });
  }

  /** The consistency checks a writer runs now and then: a replayed create, a stale update, an update without If-Match. */
  static ChainBuilder checkContracts() {
    return exec(http("replay create (same Idempotency-Key)").post("/api/articles")
        .header("Idempotency-Key", "#{idempotencyKey}")
        .body(StringBody(ARTICLE_JSON))
        .check(status().in(200, 201))
        .check(header("Location").isEL("#{location}")))
      .exec(http("stale update (412)").put("/api/articles/#{articleId}")
        .header("If-Match", "\"1\"")
        .body(StringBody(EDITED_JSON))
        .check(status().is(412)))
      .exec(http("update without If-Match (428)").put("/api/articles/#{articleId}")
        .body(StringBody(EDITED_JSON))
        .check(status().is(428)));
  }

  /** Publishes the session's article through the saga and reads the workflow's state. */
  static ChainBuilder publishArticle() {
    return exec(http("publish article").post("/api/articles/#{articleId}/publish")
        .check(status().is(202))
        .check(jsonPath("$.workflowId").saveAs("workflowId")))
      .exec(http("read workflow").get("/api/workflows/#{workflowId}")
        .check(status().is(200))
        .check(jsonPath("$.state").in(WORKFLOW_STATES)));
  }

  /** Creates a draft and deletes it: 204, then the article is gone (404). */
  static ChainBuilder createAndDelete() {
    return feed(ArticleData.drafts())
      .exec(http("create article to delete").post("/api/articles")
        .body(StringBody(ARTICLE_JSON))
        .check(status().is(201))
        .check(header("Location").transform(Journeys::lastSegment).saveAs("doomedId")))
      .exec(http("delete article").delete("/api/articles/#{doomedId}").check(status().is(204)))
      .exec(http("read deleted article (404)").get("/api/articles/#{doomedId}").check(status().is(404)));
  }

  /** Reads an article some writer created, counts a view, reads its stats; nothing until a writer has created one. */
  static ChainBuilder readArticle(KnownArticles known) {
    return exec(session -> {
      String id = known.any();
      return id == null ? session.remove("readId") : session.set("readId", id);
    }).doIf(session -> session.contains("readId")).then(
      exec(http("read article").get("/api/articles/#{readId}")
        .check(status().is(200))
        .check(header("ETag").exists()))
        .exec(http("count view").post("/api/articles/#{readId}/views").check(status().in(200, 202, 204)))
        .exec(http("read stats").get("/api/articles/#{readId}/stats").check(status().is(200))));
  }

  /** Reads the feed and one author's articles. */
  static ChainBuilder browse() {
    return feed(ArticleData.authors())
      .exec(http("read feed").get("/api/feed?limit=20")
        .check(status().is(200))
        .check(jsonPath("$.items").exists()))
      .exec(http("list by author").get("/api/articles?author=#{author}&limit=20")
        .check(status().is(200))
        .check(jsonPath("$.items").exists()));
  }

  /** One read of the trivial echo service, on an item path, and one JSON post. */
  static ChainBuilder echo() {
    return feed(Stream.generate(() -> Map.<String, Object>of("n", ThreadLocalRandom.current().nextInt(1_000_000)))
        .iterator())
      .exec(http("echo item").get("/api/echo/#{n}").check(status().is(200)).check(jsonPath("$.pathParams.id").isEL("#{n}")))
      .exec(http("echo post").post("/api/echo").body(StringBody("{\"n\":#{n}}")).check(status().is(200)));
  }

  /** Whether the mixed workload is the publishing API or only the echo service (a mesh without publishing). */
  static boolean publishingWorkload() {
    String workload = Params.text("workload", "publishing");
    return switch (workload) {
      case "publishing" -> true;
      case "echo" -> false;
      default -> throw new IllegalArgumentException("-Dworkload must be publishing or echo, got '" + workload + "'");
    };
  }

  private static String lastSegment(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** For {@code doIf} chains elsewhere: runs {@code chain} with the given probability (0..1). */
  static ChainBuilder sometimes(double probability, ChainBuilder chain) {
    return doIf(session -> ThreadLocalRandom.current().nextDouble() < probability).then(chain);
  }
}
