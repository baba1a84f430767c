package io.reactivemesh.loadtest;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's reference for the remote case: what Vert.x itself costs for an HTTP request answered by a consumer
 * in another process over the Hazelcast-clustered event bus, with no mesh on top (no router, registry, balancer,
 * breaker, envelope, metrics). Two processes, as the mesh's remote case: {@code gateway} runs a bare HTTP server (2
 * verticle instances, as the mesh gateway in the benchmark) that sends each request's path to the address
 * {@value #ADDRESS} and writes the reply as the response; {@code echo} consumes that address and replies with a small
 * JSON body. Run on the node jar's classpath with the nodes' JVM flags and transport:
 * <pre>java [-Dbench.transport=native|nio] -cp mesh-node.jar:loadtest/target/classes io.reactivemesh.loadtest.EventBusBaseline
 *     gateway|echo CLUSTER HZ_PORT MEMBERS [HTTP_PORT]</pre>
 * MEMBERS is the Hazelcast member list (host:port,...) of both processes, on 127.0.0.1.
 */
public final class EventBusBaseline {

  static final String ADDRESS = "benchmark.echo";
  private static final String HOST = "127.0.0.1";
  private static final int GATEWAY_INSTANCES = 2;
  private static final Logger LOG = LoggerFactory.getLogger(EventBusBaseline.class);

  private EventBusBaseline() {
  }

  public static void main(String[] args) {
    if (args.length < 4 || !(args[0].equals("gateway") || args[0].equals("echo"))
      || (args[0].equals("gateway") && args.length < 5)) {
      LOG.error("usage: EventBusBaseline gateway|echo CLUSTER HZ_PORT MEMBERS [HTTP_PORT] (HTTP_PORT for gateway)");
      System.exit(2);
    }
    boolean gateway = args[0].equals("gateway");
    HazelcastClusterManager cluster = new HazelcastClusterManager(hazelcast(args[1], Integer.parseInt(args[2]), args[3]));
    Vertx.builder()
      .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(HOST)))
      .withClusterManager(cluster)
      .withTransport(BenchTransport.chosen())
      .buildClustered()
      .compose(vertx -> gateway
        ? vertx.deployVerticle(() -> new Gateway(Integer.parseInt(args[4])), new DeploymentOptions().setInstances(GATEWAY_INSTANCES))
        : vertx.deployVerticle(new Echo()))
      .onSuccess(id -> LOG.info("event-bus baseline {} up in cluster {}", args[0], args[1]))
      .onFailure(e -> {
        LOG.error("event-bus baseline {} cannot start: {}", args[0], e.getMessage());
        System.exit(1);
      });
  }

  /** Loopback only, TCP-IP member list (no multicast), as the nodes' cluster-config/local.xml. */
  private static Config hazelcast(String clusterName, int port, String members) {
    Config config = new Config().setClusterName(clusterName);
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(HOST);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    for (String member : members.split(",")) {
      join.getTcpIpConfig().addMember(member.trim());
    }
    return config;
  }

  /** One event loop's HTTP server: each request becomes one event-bus request to the echo consumer. */
  static final class Gateway extends VerticleBase {

    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private final int port;

    Gateway(int port) {
      this.port = port;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer(new HttpServerOptions().setHost(HOST).setPort(port))
        .requestHandler(this::forward)
        .listen();
    }

    private void forward(HttpServerRequest request) {
      vertx.eventBus().<Buffer>request(ADDRESS, request.path()).onComplete(ar -> {
        if (ar.succeeded()) {
          request.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(ar.result().body());
        } else {
          request.response().setStatusCode(503).end();
        }
      });
    }
  }

  /** The consumer on the other process: a small JSON reply, about the size of the mesh echo service's. */
  static final class Echo extends VerticleBase {

    @Override
    public Future<?> start() {
      return vertx.eventBus().<String>consumer(ADDRESS, message -> message.reply(
        new JsonObject().put("service", "echo").put("path", message.body()).toBuffer())).completion();
    }
  }
}
