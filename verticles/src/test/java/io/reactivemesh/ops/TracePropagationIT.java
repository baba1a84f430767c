package io.reactivemesh.ops;

import io.reactivemesh.support.FreePorts;
import io.reactivemesh.support.NodeProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One request's trace id in the log lines of the gateway on one node and of the service on another, and in the spans
 * both export over OTLP: real node processes, node A running only the gateway, node B only the service (JSON lines).
 */
class TracePropagationIT {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  /** Spans leave a node within about 1 s (batch export delay); the bound leaves room for a loaded machine. */
  private static final Duration EXPORT_BOUND = Duration.ofSeconds(20);
  private static final String GATEWAY_ONLY = """
    deploy:
      services:
        - verticle: io.reactivemesh.gateway.GatewayVerticle
          config:
            routes:
              - {name: echo, path: /api/echo, methods: [GET], service: echo}
    """;
  private static final String SERVICE_ONLY = """
    deploy:
      services:
        - verticle: io.reactivemesh.service.EchoService
        - verticle: io.reactivemesh.gateway.GatewayVerticle
    """;

  @TempDir
  Path dir;

  private final List<NodeProcess> started = new ArrayList<>();
  private HttpServer collector;

  @AfterEach
  void stopEveryNode() throws InterruptedException {
    for (NodeProcess node : started) {
      node.close();
    }
    if (collector != null) {
      collector.stop(0);
    }
  }

  /**
   * A stand-in OTLP/HTTP collector: counts down once per node whose export (protobuf) carries {@code traceId}; the
   * trace id travels as 16 raw bytes and the node name as the service.instance.id resource attribute.
   */
  private CountDownLatch collect(int port, byte[] traceId, Set<String> nodes) throws Exception {
    CountDownLatch exported = new CountDownLatch(nodes.size());
    Set<String> seen = ConcurrentHashMap.newKeySet();
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    collector.createContext("/v1/traces", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String latin = new String(body, StandardCharsets.ISO_8859_1);
      if (latin.contains(new String(traceId, StandardCharsets.ISO_8859_1))) {
        nodes.stream().filter(latin::contains).filter(seen::add).forEach(n -> exported.countDown());
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    collector.start();
    return exported;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldCarryTheTraceIdFromTheGatewayOnOneNodeToTheServiceOnAnotherInLogsAndSpans() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), GATEWAY_ONLY);
    Files.writeString(dir.resolve("b.yaml"), SERVICE_ONLY);
    List<Integer> ports = FreePorts.pick(5);
    CountDownLatch exported = collect(ports.get(4), HexFormat.of().parseHex(TRACE_ID), Set.of("node-a", "node-b"));
    String otlp = "http://127.0.0.1:" + ports.get(4) + "/v1/traces";
    String members = "127.0.0.1:" + ports.get(2) + ",127.0.0.1:" + ports.get(3);
    String cluster = "it-" + UUID.randomUUID();
    NodeProcess a = NodeProcess.start("node-a", ports.get(0), dir, List.of("--conf", dir.resolve("a.yaml").toString(),
      "--hz-port", String.valueOf(ports.get(2)), "--members", members, "--cluster-name", cluster,
      "--access-log", "true", "--otlp-endpoint", otlp));
    started.add(a);
    a.awaitLive();
    NodeProcess b = NodeProcess.start("node-b", ports.get(1), dir, List.of("--conf", dir.resolve("b.yaml").toString(),
      "--hz-port", String.valueOf(ports.get(3)), "--members", members, "--cluster-name", cluster,
      "--access-log", "true", "--log-format", "json", "--otlp-endpoint", otlp));
    started.add(b);
    b.awaitReady();
    a.awaitReady();

    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + a.httpPort() + "/api/echo"))
      .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
      .header("x-request-id", "trace-test-1")
      .GET().build(), HttpResponse.BodyHandlers.ofString());
    boolean bothExported = exported.await(EXPORT_BOUND.toSeconds(), TimeUnit.SECONDS);
    a.terminate(Duration.ofSeconds(10));
    b.terminate(Duration.ofSeconds(10));

    assertThat(bothExported).as("both nodes export spans of the trace to the OTLP endpoint").isTrue();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("traceparent")).get().asString().contains(TRACE_ID);
    assertThat(new JsonObject(response.body()).getString("instance")).startsWith("node-b");
    assertThat(a.log().lines().filter(l -> l.contains("gateway GET /api/echo")))
      .singleElement().asString().contains("trace_id=" + TRACE_ID).contains("request_id=trace-test-1");
    List<JsonObject> serviceLines = b.log().lines().filter(l -> l.startsWith("{")).map(JsonObject::new)
      .filter(j -> "mesh.access".equals(j.getString("logger_name"))).toList();
    assertThat(serviceLines).singleElement().satisfies(line -> {
      assertThat(line.getString("trace_id")).isEqualTo(TRACE_ID);
      assertThat(line.getString("request_id")).isEqualTo("trace-test-1");
      assertThat(line.getString("node")).isEqualTo("node-b");
      assertThat(line.getString("service")).isEqualTo("echo");
      assertThat(line.getString("message")).startsWith("served service=echo GET /api/echo");
    });
  }
}
