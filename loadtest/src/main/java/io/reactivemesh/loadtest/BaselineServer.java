package io.reactivemesh.loadtest;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's baseline: a bare Vert.x HTTP server (no router, no cluster, no metrics) that answers every request
 * 200 with a small JSON body. Run on the node jar's classpath with the nodes' JVM flags and transport, so that it
 * measures what the mesh costs on top of the same Vert.x and JVM: {@code java [-Dbench.transport=native|nio] -cp
 * mesh-node.jar:loadtest/target/classes io.reactivemesh.loadtest.BaselineServer [port] [instances]}.
 */
public final class BaselineServer {

  static final int DEFAULT_PORT = 8090;
  /** Same as the gateway's {@code instances} in the benchmark confs, so both spread connections over two event loops. */
  static final int DEFAULT_INSTANCES = 2;
  private static final Logger LOG = LoggerFactory.getLogger(BaselineServer.class);

  private BaselineServer() {
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_INSTANCES;
    Vertx vertx = Vertx.builder().withTransport(BenchTransport.chosen()).build();
    vertx.deployVerticle(() -> new HelloVerticle(port), new DeploymentOptions().setInstances(instances))
      .onSuccess(id -> LOG.info("baseline hello server listening on http://127.0.0.1:{} ({} instance(s))", port, instances))
      .onFailure(e -> {
        LOG.error("baseline server cannot start on port {}: {}", port, e.getMessage());
        System.exit(1);
      });
  }

  /** One event loop's server: all instances share the port, and Vert.x spreads connections over them. */
  static final class HelloVerticle extends VerticleBase {

    private static final Buffer BODY = new JsonObject().put("message", "hello").toBuffer();
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private final int port;

    HelloVerticle(int port) {
      this.port = port;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(HelloVerticle::hello)
        .listen();
    }

    private static void hello(HttpServerRequest request) {
      request.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(BODY);
    }
  }
}
