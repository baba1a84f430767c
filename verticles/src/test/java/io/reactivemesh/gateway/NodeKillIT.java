package io.reactivemesh.gateway;

import io.reactivemesh.support.NodeProcess;
import io.reactivemesh.support.Poll;
import io.reactivemesh.support.ProcessMesh;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node killed with {@code kill -9} while GETs flow through another node's gateway: real node processes from the fat
 * jar, running the bundled conf (echo service on every node).
 */
class NodeKillIT {

  /** Hazelcast removes a silent member after 5 s (cluster-config/local.xml); the caches may lag 1 s more. */
  private static final Duration EVICTION_BOUND = Duration.ofSeconds(6);
  private static final int CLIENTS = 4;
  /** GETs sent before the kill, and after the dead node's instances left every cache. */
  private static final int GETS_BEFORE_KILL = 2_000;
  private static final int GETS_AFTER_EVICTION = 3_000;

  @TempDir
  Path logs;

  private ProcessMesh mesh;

  @AfterEach
  void stopEveryNode() throws InterruptedException {
    if (mesh != null) {
      mesh.close();
    }
  }

  private List<NodeProcess> startMesh(int size) throws Exception {
    mesh = ProcessMesh.start(size, logs);
    return mesh.nodes();
  }

  private static boolean listsInstancesOf(NodeProcess viewer, String nodeName) {
    return viewer.getJson("/mesh/services").map(services -> services.stream()
        .flatMap(e -> ((JsonArray) e.getValue()).stream())
        .anyMatch(r -> nodeName.equals(((JsonObject) r).getString("node"))))
      .orElse(true);
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void shouldServeEveryGetThroughAKillAndDropTheDeadNodesInstancesFromEveryCache() throws Exception {
    List<NodeProcess> nodes = startMesh(3);
    NodeProcess entry = nodes.get(0);
    NodeProcess victim = nodes.get(2);
    Optional<Boolean> allKnown = Poll.until(Duration.ofSeconds(10), () -> Optional.of(true)
      .filter(t -> nodes.stream().allMatch(n -> listsInstancesOf(n, victim.name()))));
    assertThat(allKnown).as("every node sees the victim's instances before the kill").isPresent();

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + entry.httpPort() + "/api/echo/1"))
      .timeout(Duration.ofSeconds(5)).GET().build();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger stopAt = new AtomicInteger(Integer.MAX_VALUE);
    CountDownLatch warmedUp = new CountDownLatch(1);
    Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> servedBy = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(CLIENTS);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      clients.submit(() -> {
        try {
          while (running.get() && sent.get() < stopAt.get()) {
            if (sent.incrementAndGet() >= GETS_BEFORE_KILL) {
              warmedUp.countDown();
            }
            try {
              HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 200) {
                String instance = new JsonObject(r.body()).getString("instance");
                servedBy.computeIfAbsent(instance.substring(0, instance.lastIndexOf('-')), k -> new AtomicInteger())
                  .incrementAndGet();
              } else {
                failures.computeIfAbsent(String.valueOf(r.statusCode()), k -> new AtomicInteger()).incrementAndGet();
              }
            } catch (Exception e) {
              failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
            }
          }
        } finally {
          done.countDown();
        }
      });
    }
    try {
      assertThat(warmedUp.await(60, TimeUnit.SECONDS)).isTrue();
      long killedAt = System.nanoTime();
      victim.kill9();
      Optional<Long> evicted = Poll.until(EVICTION_BOUND.plusSeconds(10), () -> Optional.of(System.nanoTime())
        .filter(t -> nodes.stream().filter(n -> n != victim).noneMatch(n -> listsInstancesOf(n, victim.name()))));
      stopAt.set(sent.get() + GETS_AFTER_EVICTION);
      assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();

      assertThat(evicted).as("the dead node's instances leave every survivor's cache").isPresent();
      Duration evictionTime = Duration.ofNanos(evicted.get() - killedAt);
      System.out.printf("kill -9 under load: %d GETs, failures %s, served by %s; dead node's instances gone from "
        + "every cache %d ms after the kill%n", sent.get(), failures, servedBy, evictionTime.toMillis());
      assertThat(failures).as("client-visible failures of idempotent GETs").isEmpty();
      assertThat(servedBy).containsKey(victim.name());
      assertThat(evictionTime).isLessThanOrEqualTo(EVICTION_BOUND);
    } finally {
      running.set(false);
      clients.shutdownNow();
    }
  }
}
