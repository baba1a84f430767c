package io.reactivemesh.node;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Answers on the gateway's port while the node is still joining the cluster, so probes get an answer rather than a
 * refused connection: {@code /health/live} 200, everything else 503 with the {@code cluster} check DOWN. It is the
 * JDK's small HTTP server on one thread, independent of Vert.x, and stops just before the gateway takes the port.
 */
final class JoiningHealthServer {

  static final String LIVE = "/health/live";

  private final HttpServer server;

  private JoiningHealthServer(HttpServer server) {
    this.server = server;
  }

  /** Listens on the node's HTTP address, or fails naming the port; port 0 (any port) gets no joining server. */
  static JoiningHealthServer start(NodeOptions options) {
    if (options.httpPort() == 0) {
      return null;
    }
    byte[] joining = new JsonObject()
      .put("status", "DOWN")
      .put("outcome", "DOWN")
      .put("checks", new JsonArray().add(new JsonObject().put("id", "cluster").put("status", "DOWN")
        .put("data", new JsonObject().put("joining", options.clusterName()))))
      .encode().getBytes(StandardCharsets.UTF_8);
    byte[] live = new JsonObject().put("status", "UP").put("outcome", "UP").encode().getBytes(StandardCharsets.UTF_8);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(options.httpHost(), options.httpPort()), 0);
    } catch (IOException e) {
      throw new StartFailure(Option.HTTP_PORT.flag() + " " + options.httpPort() + ": cannot listen on "
        + options.httpHost() + ":" + options.httpPort() + " (" + e.getMessage() + ")");
    }
    server.createContext("/", exchange -> {
      boolean isLive = LIVE.equals(exchange.getRequestURI().getPath());
      byte[] body = isLive ? live : joining;
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.getResponseHeaders().add("retry-after", "1");
      exchange.sendResponseHeaders(isLive ? 200 : 503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.setExecutor(Executors.newSingleThreadExecutor(r -> new Thread(r, "mesh-joining-health")));
    server.start();
    return new JoiningHealthServer(server);
  }

  /** Frees the port for the gateway. */
  void stop() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdown();
  }
}
