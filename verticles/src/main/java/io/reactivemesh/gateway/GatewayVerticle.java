package io.reactivemesh.gateway;

import io.reactivemesh.node.NodeOptions;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.node.StartFailure;
import io.reactivemesh.ops.HealthRoutes;
import io.reactivemesh.ops.MeshViewRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.concurrent.TimeUnit;

/**
 * HTTP ingress of a node: listens on the node's HTTP host and port and serves health and mesh views; on undeploy it
 * stops accepting and drains in-flight requests for at most the node's drain timeout.
 */
public class GatewayVerticle extends VerticleBase {

  private HttpServer server;

  @Override
  public Future<?> start() {
    NodeRuntime runtime = NodeRuntime.of(vertx);
    NodeOptions options = runtime.options();
    Router router = Router.router(vertx);
    HealthRoutes.mount(vertx, router);
    MeshViewRoutes.mount(vertx, router);
    server = vertx.createHttpServer(new HttpServerOptions().setHost(options.httpHost()).setPort(options.httpPort()))
      .requestHandler(router);
    return server.listen()
      .onSuccess(s -> runtime.httpListening(s.actualPort()))
      .recover(e -> Future.failedFuture(new StartFailure("cannot listen on http://" + options.httpHost() + ":"
        + options.httpPort() + ": " + StartFailure.describe(e))));
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(NodeRuntime.of(vertx).options().drainTimeoutMillis(), TimeUnit.MILLISECONDS);
  }
}
