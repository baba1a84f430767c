package io.reactivemesh.gateway;

import io.reactivemesh.client.MeshClient;
import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.reactivemesh.node.DeploymentPlan;
import io.reactivemesh.node.MeshNode;
import io.reactivemesh.registry.ServiceRegistry;
import io.reactivemesh.service.MeshService;
import io.reactivemesh.support.AsyncPoll;
import io.reactivemesh.support.TestCluster;
import io.reactivemesh.support.services.FlakyService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static io.reactivemesh.support.TestConfs.route;
import static org.assertj.core.api.Assertions.assertThat;

/** The request path over real Hazelcast members in one JVM: balancing, breakers, deadlines, retry budget, bad input. */
@ExtendWith(VertxExtension.class)
class TrafficIT {

  private static final String PROBLEM_JSON = "application/problem+json";
  /** Vert.x's default event loops per node (2 per core): deployed with as many instances, a service has one on each. */
  private static final int EVENT_LOOPS = 2 * Runtime.getRuntime().availableProcessors();

  @RegisterExtension
  final TestCluster cluster = new TestCluster();

  /** A conf: the flaky service (with its config), a gateway with these routes and limits, and a mesh section. */
  private static JsonObject conf(JsonObject serviceConfig, JsonObject gatewayConfig, JsonObject mesh) {
    JsonArray services = new JsonArray()
      .add(new JsonObject().put("verticle", FlakyService.class.getName()).put("config", serviceConfig))
      .add(new JsonObject().put("verticle", GatewayVerticle.class.getName()).put("config", gatewayConfig));
    return new JsonObject().put(DeploymentPlan.SECTION, new JsonObject().put("services", services)).put("mesh", mesh);
  }

  private static JsonObject gateway(JsonObject... routes) {
    return new JsonObject().put("routes", new JsonArray(List.of((Object[]) routes)));
  }

  private static WebClient client(Vertx vertx) {
    return WebClient.create(vertx);
  }

  private static Future<HttpResponse<Buffer>> get(WebClient web, MeshNode node, String path) {
    return web.get(node.runtime().httpPort(), "127.0.0.1", path).send();
  }

  /** Sends {@code count} requests, {@code parallel} at a time, and collects the responses in order of completion. */
  private static Future<List<HttpResponse<Buffer>>> load(int count, int parallel,
                                                        Function<Integer, Future<HttpResponse<Buffer>>> send) {
    List<HttpResponse<Buffer>> responses = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int batch = 0; batch < count; batch += parallel) {
      int first = batch;
      chain = chain.compose(v -> {
        List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
        for (int i = first; i < Math.min(count, first + parallel); i++) {
          calls.add(send.apply(i));
        }
        return Future.all(calls).map(all -> {
          calls.forEach(c -> responses.add(c.result()));
          return null;
        });
      });
    }
    return chain.map(responses);
  }

  /** Completes once {@code count} of {@code node}'s breakers have changed into {@code state}. */
  private static Future<Void> breakersBecome(MeshNode node, String state, int count) {
    Promise<Void> changed = Promise.promise();
    AtomicInteger seen = new AtomicInteger();
    node.vertx().eventBus().<JsonObject>localConsumer(MeshClient.BREAKER_CHANGED_ADDRESS, msg -> {
      if (state.equals(msg.body().getString("state")) && seen.incrementAndGet() == count) {
        changed.tryComplete();
      }
    });
    return changed.future();
  }

  /** Completes with the first local breaker change of {@code node} into {@code state}. */
  private static Future<JsonObject> breakerBecomes(MeshNode node, String state) {
    Promise<JsonObject> changed = Promise.promise();
    node.vertx().eventBus().<JsonObject>localConsumer(MeshClient.BREAKER_CHANGED_ADDRESS, msg -> {
      if (state.equals(msg.body().getString("state"))) {
        changed.tryComplete(msg.body());
      }
    });
    return changed.future();
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldCarryTheEnvelopeToAnotherNodeInItsCodecAndStillServeASenderOfJson(VertxTestContext testContext) {
    cluster.ofSize(2);
    cluster.startAll(conf(new JsonObject(), gateway(), new JsonObject()))
      .compose(nodes -> {
        MeshNode caller = nodes.get(0);
        String otherNode = nodes.get(1).runtime().cluster().localMember().nodeId();
        return AsyncPoll.untilPresent(caller.vertx(), Duration.ofSeconds(10), "node-0 sees node-1's instance",
          () -> ServiceRegistry.of(caller.vertx()).instances("flaky").stream()
            .filter(r -> r.nodeId().equals(otherNode)).findFirst())
          .compose(remote -> {
            Request request = Request.of("POST", "/api/flaky").withBody(new JsonObject().put("title", "ünïcødé"))
              .withDeadline(System.currentTimeMillis() + 5_000);
            return Future.all(
              caller.vertx().eventBus().<Reply>request(remote.address(), request),
              caller.vertx().eventBus().<JsonObject>request(remote.address(), request.toJson()));
          });
      })
      .onComplete(testContext.succeeding(both -> testContext.verify(() -> {
        Reply reply = both.<Message<Reply>>resultAt(0).body();
        JsonObject json = both.<Message<JsonObject>>resultAt(1).body();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(((JsonObject) reply.body()).getJsonObject("body").getString("title")).isEqualTo("ünïcødé");
        assertThat(reply.headers().getString(MeshService.INSTANCE_HEADER)).isNotBlank();
        assertThat(Reply.fromJson(json)).isEqualTo(reply);
        testContext.completeNow();
      })));
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void shouldSpreadRequestsOverTheInstancesOnAllThreeNodes(Vertx vertx, VertxTestContext testContext) {
    WebClient web = client(vertx);
    cluster.ofSize(3);
    cluster.startAll(conf(new JsonObject(), gateway(route("flaky", "/api/flaky", "flaky")), new JsonObject()))
      .compose(nodes -> load(90, 6, i -> get(web, nodes.get(0), "/api/flaky")))
      .onComplete(testContext.succeeding(responses -> testContext.verify(() -> {
        Set<String> instances = new HashSet<>();
        responses.forEach(r -> instances.add(r.getHeader(MeshService.INSTANCE_HEADER)));
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(instances).hasSize(3);
        testContext.completeNow();
      })));
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void shouldKeepCallsOnTheCallersEventLoopWhenThePolicyPrefersItAndLeaveItWhenThatInstanceFails(
      Vertx vertx, VertxTestContext testContext) {
    WebClient web = client(vertx);
    // while every instance of node 0 fails, a GET must be able to try them all and still reach node 1
    JsonObject retryPastNode0 = new JsonObject().put("maxRetries", EVENT_LOOPS).put("backoffBaseMillis", 1)
      .put("budgetMinPerSecond", 10_000);
    JsonObject mesh = new JsonObject()
      .put("defaults", new JsonObject().put("retry", retryPastNode0))
      .put("services", new JsonObject().put("flaky", new JsonObject().put("preferSameEventLoop", true)));
    JsonObject conf = conf(new JsonObject(), gateway(route("flaky", "/api/flaky", "flaky")), mesh);
    // one flaky instance per event loop, so the gateway always has one on its own
    conf.getJsonObject(DeploymentPlan.SECTION).getJsonArray("services").getJsonObject(0)
      .put("instances", EVENT_LOOPS);
    cluster.ofSize(2);
    cluster.startAll(conf)
      .compose(nodes -> load(60, 4, i -> get(web, nodes.get(0), "/api/flaky"))
        .compose(sameLoop -> {
          testContext.verify(() -> assertThat(sameLoop)
            .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200))
            .allSatisfy(r -> assertThat(r.getHeader(MeshService.INSTANCE_HEADER)).startsWith("node-0")));
          FlakyService.setFailing(nodes.get(0).vertx(), true);
          return load(60, 4, i -> get(web, nodes.get(0), "/api/flaky"));
        }))
      .onComplete(testContext.succeeding(whileFailing -> testContext.verify(() -> {
        assertThat(whileFailing).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(whileFailing).anySatisfy(r -> assertThat(r.getHeader(MeshService.INSTANCE_HEADER)).startsWith("node-1"));
        testContext.completeNow();
      })));
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void shouldServeACallOnTheInstancesOwnEventLoopWithoutTheEventBusAndStillEndItAtTheDeadline(
      Vertx vertx, VertxTestContext testContext) {
    WebClient web = client(vertx);
    // one instance of each service per event loop, so the gateway always has one of each on its own
    JsonArray services = new JsonArray()
      .add(new JsonObject().put("verticle", FlakyService.class.getName()).put("instances", EVENT_LOOPS))
      .add(new JsonObject().put("verticle", FlakyService.class.getName()).put("instances", EVENT_LOOPS)
        .put("config", new JsonObject().put(MeshService.CONFIG_SERVICE, "slow").put("delayMillis", 5000)))
      .add(new JsonObject().put("verticle", GatewayVerticle.class.getName()).put("config",
        gateway(route("flaky", "/api/flaky", "flaky"), route("slow", "/api/slow", "slow").put("timeoutMillis", 1000))));
    JsonObject colocated = new JsonObject().put("preferSameEventLoop", true);
    JsonObject conf = new JsonObject().put(DeploymentPlan.SECTION, new JsonObject().put("services", services))
      .put("mesh", new JsonObject().put("services", new JsonObject().put("flaky", colocated).put("slow", colocated)));
    AtomicInteger sentOnTheBus = new AtomicInteger();
    cluster.ofSize(1);
    cluster.start(0, conf)
      .compose(node -> {
        node.vertx().eventBus().addOutboundInterceptor(delivery -> {
          if (delivery.message().address().startsWith("mesh.svc.")) {
            sentOnTheBus.incrementAndGet();
          }
          delivery.next();
        });
        return load(40, 4, i -> get(web, node, "/api/flaky"))
          .compose(fast -> {
            testContext.verify(() -> assertThat(fast)
              .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200))
              .allSatisfy(r -> assertThat(r.bodyAsJsonObject().getString("instance")).startsWith("node-0"))
              .allSatisfy(r -> assertThat(r.getHeader(MeshService.INSTANCE_HEADER)).startsWith("node-0")));
            long start = System.nanoTime();
            return get(web, node, "/api/slow")
              .map(r -> {
                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                testContext.verify(() -> {
                  assertThat(r.statusCode()).isEqualTo(504);
                  assertThat(r.getHeader("content-type")).isEqualTo(PROBLEM_JSON);
                  assertThat(elapsedMillis).isBetween(900L, 1500L);
                });
                return r;
              });
          });
      })
      .onComplete(testContext.succeeding(slow -> testContext.verify(() -> {
        assertThat(sentOnTheBus).as("envelopes sent on the event bus to service instances").hasValue(0);
        testContext.completeNow();
      })));
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void shouldIsolateAFailingInstanceWithoutAnyClientErrorAndCloseItsBreakerAfterRecovery(Vertx vertx,
                                                                                        VertxTestContext testContext) {
    WebClient web = client(vertx);
    JsonObject mesh = new JsonObject().put("services", new JsonObject()
      .put("flaky", new JsonObject().put("breaker", new JsonObject().put("openMillis", 1000))));
    cluster.ofSize(3);
    cluster.startAll(conf(new JsonObject(), gateway(route("flaky", "/api/flaky", "flaky")), mesh))
      .compose(nodes -> {
        MeshNode entry = nodes.get(0);
        MeshNode sick = nodes.get(1);
        FlakyService.setFailing(sick.vertx(), true);
        Future<JsonObject> opened = breakerBecomes(entry, "OPEN");
        return load(120, 4, i -> get(web, entry, "/api/flaky"))
          .compose(responses -> {
            testContext.verify(() -> {
              assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
              assertThat(responses).noneMatch(r -> r.getHeader(MeshService.INSTANCE_HEADER).startsWith("node-1"));
            });
            return opened;
          })
          .compose(open -> {
            testContext.verify(() -> assertThat(open.getString("node")).isEqualTo("node-1"));
            FlakyService.setFailing(sick.vertx(), false);
            Future<JsonObject> halfOpen = breakerBecomes(entry, "HALF_OPEN");
            Future<JsonObject> closed = breakerBecomes(entry, "CLOSED");
            // the load may have outlasted the open period: then the breaker is half-open already
            Future<?> trialAllowed = breakerState(entry, open.getString("instance")).equals("OPEN") ? halfOpen
              : Future.succeededFuture();
            return trialAllowed.compose(h -> sendUntil(web, entry, closed, 300)).compose(v -> closed);
          });
      })
      .onComplete(testContext.succeeding(closed -> testContext.verify(() -> {
        assertThat(closed.getString("node")).isEqualTo("node-1");
        // calls the breaker turned away never count as in flight: a leak would bench the instance for good
        assertThat(MeshClient.of(cluster.nodes().get(0).vertx()).breakers())
          .allSatisfy(b -> assertThat(((JsonObject) b).getInteger("inFlight")).isZero());
        testContext.completeNow();
      })));
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void shouldStillCallTheInstancesWhenEveryBreakerIsOpen(Vertx vertx, VertxTestContext testContext) {
    WebClient web = client(vertx);
    // open for a minute: only panic routing can reach the instances again within the test
    JsonObject mesh = new JsonObject().put("services", new JsonObject()
      .put("flaky", new JsonObject().put("breaker", new JsonObject().put("openMillis", 60_000))));
    cluster.ofSize(2);
    cluster.startAll(conf(new JsonObject(), gateway(route("flaky", "/api/flaky", "flaky")), mesh))
      .compose(nodes -> {
        MeshNode entry = nodes.get(0);
        nodes.forEach(node -> FlakyService.setFailing(node.vertx(), true));
        return sendUntilEveryBreakerIsOpen(web, entry, 200)
          .compose(v -> {
            nodes.forEach(node -> FlakyService.setFailing(node.vertx(), false));
            return load(20, 2, i -> get(web, entry, "/api/flaky"));
          });
      })
      .onComplete(testContext.succeeding(responses -> testContext.verify(() -> {
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(MeshClient.of(cluster.nodes().get(0).vertx()).breakers())
          .hasSize(2).allSatisfy(b -> assertThat(((JsonObject) b).getString("state")).isEqualTo("OPEN"));
        testContext.completeNow();
      })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldServeEveryCallWhileEveryBreakerIsHalfOpenWithItsTrialCallOut(Vertx vertx, VertxTestContext testContext) {
    WebClient web = client(vertx);
    // slow answers keep each half-open breaker's one trial call out while the other calls arrive
    JsonObject mesh = new JsonObject().put("services", new JsonObject()
      .put("flaky", new JsonObject().put("breaker", new JsonObject().put("openMillis", 300))));
    cluster.ofSize(2);
    cluster.startAll(conf(new JsonObject().put("delayMillis", 300), gateway(route("flaky", "/api/flaky", "flaky")), mesh))
      .compose(nodes -> {
        MeshNode entry = nodes.get(0);
        return AsyncPoll.untilPresent(entry.vertx(), Duration.ofSeconds(10), "node-0 sees both instances",
            () -> Optional.of(ServiceRegistry.of(entry.vertx()).instances("flaky")).filter(all -> all.size() == 2))
          // a first call makes the client track both instances, so that their breakers can be opened
          .compose(instances -> get(web, entry, "/api/flaky").map(instances))
          .compose(instances -> {
            MeshClient client = MeshClient.of(entry.vertx());
            Future<Void> bothHalfOpen = breakersBecome(entry, "HALF_OPEN", 2);
            instances.forEach(r -> client.openBreaker(r.instanceId()));
            return bothHalfOpen;
          })
          .compose(v -> load(8, 8, i -> get(web, entry, "/api/flaky")));
      })
      .onComplete(testContext.succeeding(responses -> testContext.verify(() -> {
        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
        testContext.completeNow();
      })));
  }

  private static Future<Void> sendUntilEveryBreakerIsOpen(WebClient web, MeshNode node, int max) {
    JsonArray breakers = MeshClient.of(node.vertx()).breakers();
    if (breakers.size() == 2 && breakers.stream().allMatch(b -> "OPEN".equals(((JsonObject) b).getString("state")))) {
      return Future.succeededFuture();
    }
    if (max == 0) {
      return Future.failedFuture("the breakers did not all open: " + breakers.encode());
    }
    return get(web, node, "/api/flaky").compose(r -> sendUntilEveryBreakerIsOpen(web, node, max - 1));
  }

  private static String breakerState(MeshNode node, String instance) {
    return MeshClient.of(node.vertx()).breakers().stream().map(JsonObject.class::cast)
      .filter(b -> instance.equals(b.getString("instance"))).map(b -> b.getString("state")).findFirst().orElse("none");
  }

  /** Sends GETs one after another until {@code done} completes; fails if it has not after {@code max} of them. */
  private static Future<Void> sendUntil(WebClient web, MeshNode node, Future<?> done, int max) {
    if (done.isComplete()) {
      return done.mapEmpty();
    }
    if (max == 0) {
      return Future.failedFuture("the breaker did not close: no call reached the recovered instance");
    }
    return get(web, node, "/api/flaky").compose(r -> {
      assertThat(r.statusCode()).isEqualTo(200);
      return sendUntil(web, node, done, max - 1);
    });
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldAnswer504AtTheDeadlineWhenTheServiceIsSlow(Vertx vertx, VertxTestContext testContext) {
    WebClient web = client(vertx);
    JsonObject slowRoute = route("slow", "/api/slow", "flaky").put("timeoutMillis", 1000);
    cluster.ofSize(1);
    cluster.start(0, conf(new JsonObject().put("delayMillis", 5000), gateway(slowRoute), new JsonObject()))
      .compose(node -> get(web, node, "/health/live").map(node))
      .compose(node -> {
        long start = System.nanoTime();
        return get(web, node, "/api/slow").map(r -> {
          long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          System.out.printf("slow service: %d after %d ms (deadline 1000 ms)%n", r.statusCode(), elapsedMillis);
          testContext.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(504);
            assertThat(r.getHeader("content-type")).isEqualTo(PROBLEM_JSON);
            assertThat(elapsedMillis).isBetween(900L, 1100L);
          });
          return r;
        });
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void shouldNeverRetryMoreThanTheBudgetAllows(Vertx vertx, VertxTestContext testContext) {
    WebClient web = client(vertx);
    int requests = 200;
    JsonObject neverOpen = new JsonObject().put("consecutiveFailures", 1_000_000).put("minimumCalls", 1_000_000);
    JsonObject mesh = new JsonObject()
      .put("defaults", new JsonObject().put("retry", new JsonObject().put("budgetMinPerSecond", 0)))
      .put("services", new JsonObject().put("flaky", new JsonObject().put("breaker", neverOpen)));
    cluster.ofSize(2);
    cluster.startAll(conf(new JsonObject(), gateway(route("flaky", "/api/flaky", "flaky")), mesh))
      .compose(nodes -> {
        nodes.forEach(n -> FlakyService.setFailing(n.vertx(), true));
        return load(requests, 4, i -> get(web, nodes.get(0), "/api/flaky")).map(responses -> {
          long retries = MeshClient.of(nodes.get(0).vertx()).retriesSent();
          System.out.printf("retry budget: %d retries for %d failing requests (budget 20 %%)%n", retries, requests);
          testContext.verify(() -> {
            assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(500));
            assertThat(retries).isPositive().isLessThanOrEqualTo((long) (0.2 * requests));
          });
          return responses;
        });
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldAnswer503WithRetryAfterQuicklyWhenNoInstanceIsLive(Vertx vertx, VertxTestContext testContext) {
    WebClient web = client(vertx);
    cluster.ofSize(1);
    cluster.start(0, conf(new JsonObject(), gateway(route("ghost", "/api/ghost", "ghost")), new JsonObject()))
      .compose(node -> get(web, node, "/api/ghost").compose(warmUp -> {
        long start = System.nanoTime();
        return get(web, node, "/api/ghost").map(r -> {
          long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          System.out.printf("no live instance: %d after %d ms%n", r.statusCode(), elapsedMillis);
          testContext.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.getHeader("retry-after")).isEqualTo("1");
            assertThat(r.getHeader("content-type")).isEqualTo(PROBLEM_JSON);
            assertThat(r.bodyAsJsonObject().getString("detail")).contains("no live instance of service 'ghost'");
            assertThat(elapsedMillis).isLessThan(50);
          });
          return r;
        });
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldRefuseBadInputWithAProblemNamingItAndNeverCallTheService(Vertx vertx, VertxTestContext testContext) {
    WebClient web = client(vertx);
    JsonObject gateway = gateway(route("flaky", "/api/flaky", "flaky", "POST")).put("maxBodyBytes", 1024)
      .put("maxJsonDepth", 8);
    String deep = "[".repeat(9) + "]".repeat(9);
    String big = new JsonObject().put("text", "x".repeat(2000)).encode();
    cluster.ofSize(1);
    cluster.start(0, conf(new JsonObject(), gateway, new JsonObject()))
      .compose(node -> {
        int port = node.runtime().httpPort();
        Function<String[], Future<HttpResponse<Buffer>>> post = typeAndBody -> web.post(port, "127.0.0.1", "/api/flaky")
          .putHeader("content-type", typeAndBody[0]).sendBuffer(Buffer.buffer(typeAndBody[1]));
        return Future.all(List.of(
            post.apply(new String[]{"application/json", "{\"title\": "}),
            post.apply(new String[]{"application/json", big}),
            post.apply(new String[]{"text/plain", "{}"}),
            post.apply(new String[]{"application/json", deep})))
          .map(all -> {
            List<HttpResponse<Buffer>> r = all.list();
            testContext.verify(() -> {
              assertThat(r).extracting(HttpResponse::statusCode).containsExactly(400, 413, 415, 400);
              assertThat(r).allSatisfy(x -> assertThat(x.getHeader("content-type")).isEqualTo(PROBLEM_JSON));
              assertThat(r.get(0).bodyAsJsonObject().getString("detail")).startsWith("malformed JSON body");
              assertThat(r.get(1).bodyAsJsonObject().getString("detail")).contains("larger than the limit of 1024 bytes");
              assertThat(r.get(2).bodyAsJsonObject().getString("detail")).contains("'text/plain' is not accepted");
              assertThat(r.get(3).bodyAsJsonObject().getString("detail")).contains("deeper than 8 levels");
              assertThat(FlakyService.calls(node.vertx())).isZero();
            });
            return r;
          });
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldRefuseOversizedHeadersWithAProblemAndNeverCallTheService(Vertx vertx, VertxTestContext testContext) {
    WebClient web = client(vertx);
    cluster.ofSize(1);
    cluster.start(0, conf(new JsonObject(), gateway(route("flaky", "/api/flaky", "flaky")).put("maxHeaderBytes", 4096),
        new JsonObject()))
      .compose(node -> web.get(node.runtime().httpPort(), "127.0.0.1", "/api/flaky")
        .putHeader("x-padding", "p".repeat(8192)).send()
        .map(r -> {
          testContext.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(431);
            assertThat(r.getHeader("content-type")).isEqualTo(PROBLEM_JSON);
            assertThat(r.bodyAsJsonObject().getString("detail")).contains("limit of 4096 bytes");
            assertThat(FlakyService.calls(node.vertx())).isZero();
          });
          return r;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }
}
