package io.reactivemesh.ops;

import io.reactivemesh.client.MeshClient;
import io.reactivemesh.node.MeshNode;
import io.reactivemesh.service.MeshService;
import io.reactivemesh.support.TestCluster;
import io.reactivemesh.support.TestConfs;
import io.vertx.core.Future;
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

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /metrics} of a node that served traffic: Prometheus text that promtool accepts, exact counters, breaker gauges. */
@ExtendWith(VertxExtension.class)
class MetricsIT {

  private static final int REQUESTS = 25;

  @RegisterExtension
  final TestCluster cluster = new TestCluster();

  private static Future<HttpResponse<Buffer>> get(WebClient web, MeshNode node, String path) {
    return web.get(node.runtime().httpPort(), "127.0.0.1", path).send();
  }

  private static Future<List<HttpResponse<Buffer>>> sequentialGets(WebClient web, MeshNode node, int count) {
    List<HttpResponse<Buffer>> responses = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      int id = i;
      chain = chain.compose(v -> get(web, node, "/api/echo/" + id).map(r -> {
        responses.add(r);
        return null;
      }));
    }
    return chain.map(responses);
  }

  /** The value of the first sample of {@code metric} whose labels contain {@code labelText}. */
  private static Optional<Double> sample(String metrics, String metric, String labelText) {
    Matcher m = Pattern.compile("^" + metric + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    while (m.find()) {
      if (m.group(1).contains(labelText)) {
        return Optional.of(Double.parseDouble(m.group(2)));
      }
    }
    return Optional.empty();
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldCountEveryRequestOfARouteAndShowAForcedOpenBreakerAtOnce(Vertx vertx, VertxTestContext testContext) {
    WebClient web = WebClient.create(vertx);
    cluster.ofSize(1);
    cluster.start(0, TestConfs.echoBehindGateway(TestConfs.route("echo", "/api/echo/:id", "echo")))
      .compose(node -> sequentialGets(web, node, REQUESTS).compose(responses -> {
        String instance = responses.get(0).getHeader(MeshService.INSTANCE_HEADER);
        return get(web, node, "/metrics").compose(before -> {
          String text = before.bodyAsString();
          testContext.verify(() -> {
            assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
            assertThat(before.getHeader("content-type")).startsWith("text/plain");
            assertThat(sample(text, "mesh_requests_total", "outcome=\"success\",route=\"echo\",service=\"echo\""))
              .contains((double) REQUESTS);
            assertThat(sample(text, "mesh_request_duration_seconds_count", "route=\"echo\"")).contains((double) REQUESTS);
            assertThat(sample(text, "mesh_breaker_state", instance)).contains(0.0);
            assertThat(text).doesNotContain("/api/echo/");
            // the event bus's meters (EventBusMeters): messages counted, and none left pending once the calls were
            // answered (at most a background message of the registry in flight; with no count-down it is over 25)
            assertThat(sample(text, "vertx_eventbus_received_total", "side=\"local\""))
              .hasValueSatisfying(received -> assertThat(received).isPositive());
            assertThat(sample(text, "vertx_eventbus_pending", "side=\"local\""))
              .hasValueSatisfying(pending -> assertThat(pending).isBetween(0.0, 2.0));
            assertThat(text).containsPattern("(?m)^vertx_eventbus_handlers [1-9]");
          });
          long openedAt = System.nanoTime();
          testContext.verify(() -> assertThat(MeshClient.of(node.vertx()).openBreaker(instance)).isTrue());
          return get(web, node, "/metrics").map(after -> {
            long shownAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAt);
            testContext.verify(() -> {
              assertThat(sample(after.bodyAsString(), "mesh_breaker_state", instance)).contains(2.0);
              assertThat(shownAfterMillis).isLessThan(1000);
            });
            return text;
          });
        });
      }))
      .onComplete(testContext.succeeding(text -> testContext.verify(() -> {
        assertThat(promtoolCheck(text)).isZero();
        testContext.completeNow();
      })));
  }

  /**
   * Runs {@code promtool check metrics} (Debian package {@code prometheus}, installed by .ci/run) on the scrape; on a
   * developer machine without promtool the check is skipped, in CI it is required.
   */
  private static int promtoolCheck(String metrics) throws Exception {
    Path sample = Path.of("target", "metrics-sample.prom");
    Files.writeString(sample, metrics, StandardCharsets.UTF_8);
    boolean available = System.getenv("PATH") != null && List.of(System.getenv("PATH").split(File.pathSeparator))
      .stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, "promtool")));
    if (!available) {
      assertThat(System.getenv("CI")).as("promtool must be installed in CI (.ci/run installs it)").isNotEqualTo("true");
      System.out.println("promtool not installed: skipped the check of " + sample);
      return 0;
    }
    Process promtool = new ProcessBuilder("promtool", "check", "metrics")
      .redirectInput(sample.toFile()).redirectErrorStream(true).start();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = promtool.waitFor();
    System.out.println("promtool check metrics: exit " + exit + (output.isBlank() ? "" : "\n" + output));
    return exit;
  }
}
