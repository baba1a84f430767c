package io.reactivemesh.ops;

import io.reactivemesh.node.NodeRuntime;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** {@code GET /metrics}: this node's Vert.x and mesh metrics in Prometheus text format. */
public final class MetricsRoutes {

  public static final String METRICS = "/metrics";

  private MetricsRoutes() {
  }

  public static void mount(Vertx vertx, Router router) {
    router.get(METRICS).handler(PrometheusScrapingHandler.create(NodeRuntime.of(vertx).meters()));
  }
}
