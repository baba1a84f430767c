package io.reactivemesh.loadtest;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Generated articles for the publishing workload (DESIGN.md §5): a feeder of fresh drafts — title, body, author out of
 * a fixed pool (so that lists and feeds by author have something to show), tags, and a new Idempotency-Key each — that
 * never runs dry. Sizes follow the service's limits: a title of at most 200 characters, a body of a few KiB.
 */
final class ArticleData {

  static final int AUTHORS = 50;
  private static final List<String> TAGS = List.of("jvm", "vertx", "mesh", "hazelcast", "gatling", "latency",
    "resilience", "java", "cloud", "ops", "saga", "feeds");
  private static final List<String> WORDS = List.of("mesh", "node", "event", "bus", "gateway", "breaker", "retry",
    "deadline", "budget", "instance", "service", "cluster", "member", "quorum", "saga", "feed", "article", "reader",
    "latency", "throughput", "replica", "partition", "failover", "backoff", "jitter", "envelope", "route");
  private static final int BODY_WORDS_MIN = 80;
  private static final int BODY_WORDS_MAX = 600;

  private ArticleData() {
  }

  /** An endless feeder: each record is one new article draft and the Idempotency-Key of its creation. */
  static Iterator<Map<String, Object>> drafts() {
    Supplier<Map<String, Object>> draft = () -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      return Map.of(
        "title", sentence(random, 3 + random.nextInt(8)),
        "body", sentence(random, BODY_WORDS_MIN + random.nextInt(BODY_WORDS_MAX - BODY_WORDS_MIN)),
        "author", author(random),
        "tagsJson", tagsJson(random),
        "idempotencyKey", UUID.randomUUID().toString(),
        "editedTitle", sentence(random, 4));
    };
    return Stream.generate(draft).iterator();
  }

  /** An endless feeder of an author to browse by. */
  static Iterator<Map<String, Object>> authors() {
    return Stream.generate(() -> Map.<String, Object>of("author", author(ThreadLocalRandom.current()))).iterator();
  }

  static String author(ThreadLocalRandom random) {
    return "author-" + (1 + random.nextInt(AUTHORS));
  }

  private static String sentence(ThreadLocalRandom random, int words) {
    StringBuilder text = new StringBuilder();
    IntStream.range(0, words).forEach(i -> {
      if (i > 0) {
        text.append(' ');
      }
      text.append(WORDS.get(random.nextInt(WORDS.size())));
    });
    return text.toString();
  }

  private static String tagsJson(ThreadLocalRandom random) {
    int count = random.nextInt(4);
    return random.ints(count, 0, TAGS.size()).distinct().mapToObj(i -> "\"" + TAGS.get(i) + "\"")
      .reduce((a, b) -> a + "," + b).map(list -> "[" + list + "]").orElse("[]");
  }
}
