package io.reactivemesh.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP server meters of {@link MeshMetricsFactory} against vertx-micrometer-metrics' own: the same traffic gives
 * the same {@code vertx_http_server_*} series, help, types, counts and byte sums (only measured times differ).
 */
class MeshMetricsFactoryTest {

  /** Methods, paths and bodies of the traffic each server gets, one request after the other. */
  private static final List<String[]> TRAFFIC = List.of(
    new String[]{"GET", "/ok", null},
    new String[]{"GET", "/ok", null},
    new String[]{"POST", "/created", "{\"title\":\"a body of some bytes\"}"},
    new String[]{"GET", "/missing", null},
    new String[]{"PUT", "/fails", "{}"},
    new String[]{"GET", "/ok", null});

  @Test
  void shouldRecordTheSameHttpServerSeriesAsVertxOwnMeters() throws Exception {
    String vertxOwn = scrapeAfterTraffic(MicrometerMetricsFactory::new, new MicrometerMetricsOptions());
    String mesh = scrapeAfterTraffic(MeshMetricsFactory::new, new MicrometerMetricsOptions());

    assertThat(httpServerLines(mesh)).isNotEmpty().containsExactlyInAnyOrderElementsOf(httpServerLines(vertxOwn));
    assertThat(mesh)
      .contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\"} 3.0")
      .contains("vertx_http_server_requests_total{code=\"201\",method=\"POST\"} 1.0")
      .contains("vertx_http_server_requests_total{code=\"404\",method=\"GET\"} 1.0")
      .contains("vertx_http_server_requests_total{code=\"500\",method=\"PUT\"} 1.0")
      .contains("vertx_http_server_response_time_seconds_count{code=\"200\",method=\"GET\"} 3")
      .contains("vertx_http_server_active_requests{method=\"GET\"} 0.0");
  }

  @Test
  void shouldLeaveTheHttpServerMetersToVertxWhenTheyCarryALabelItDoesNotRecord() throws Exception {
    MicrometerMetricsOptions withPath = new MicrometerMetricsOptions();
    withPath.addLabels(Label.HTTP_PATH);

    String mesh = scrapeAfterTraffic(MeshMetricsFactory::new, withPath);

    assertThat(mesh).contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\",path=\"/ok\"} 3.0");
  }

  /** The Prometheus text of a Vert.x made with {@code factory}, after its HTTP server answered {@link #TRAFFIC}. */
  private static String scrapeAfterTraffic(Function<PrometheusMeterRegistry, VertxMetricsFactory> factory,
                                           MicrometerMetricsOptions options) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PrometheusNaming.apply(registry);
    Vertx vertx = Vertx.builder()
      .with(new VertxOptions().setMetricsOptions(options.setEnabled(true).setRegistryName("test-" + UUID.randomUUID())))
      .withMetrics(factory.apply(registry))
      .build();
    try {
      HttpServer server = await(vertx.createHttpServer().requestHandler(request -> {
        int status = switch (request.path()) {
          case "/ok" -> 200;
          case "/created" -> 201;
          case "/fails" -> 500;
          default -> 404;
        };
        request.body().onSuccess(body -> request.response().setStatusCode(status).end("status " + status));
      }).listen(0, "127.0.0.1"));
      // one connection for all the calls: with a pool, a call may open a second one before the first is back, and
      // Vert.x's own connection gauge then differs between the two runs compared
      HttpClient client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(1));
      for (String[] call : TRAFFIC) {
        await(client.request(HttpMethod.valueOf(call[0]), server.actualPort(), "127.0.0.1", call[1])
          .compose(request -> call[2] == null ? request.send() : request.send(Buffer.buffer(call[2])))
          .compose(HttpClientResponse::body));
      }
      return registry.scrape();
    } finally {
      await(vertx.close());
    }
  }

  /** The HTTP server lines of a scrape, without the ones that hold a measured time. */
  private static List<String> httpServerLines(String scrape) {
    return scrape.lines()
      .filter(line -> line.contains("vertx_http_server_"))
      .filter(line -> !line.startsWith("vertx_http_server_response_time_seconds_sum")
        && !line.startsWith("vertx_http_server_response_time_seconds_max"))
      .toList();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
