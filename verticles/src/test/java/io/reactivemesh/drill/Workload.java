package io.reactivemesh.drill;

import io.reactivemesh.drill.Operation.Outcome;
import io.reactivemesh.drill.Operation.Type;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The drill's client: drives a mixed publishing workload (creates with an {@code Idempotency-Key}, compare-and-set
 * updates under {@code If-Match}, reads, view counts, publishes with a key) through every gateway in turn, at a steady
 * rate with a bound on calls in flight and on the total, and records each call in a {@link History}. It behaves like a
 * load balancer in front of the gateways: it sends only to gateways whose {@code /health/ready} answered 200 at its
 * last check (every {@value #HEALTH_CHECK_MILLIS} ms; all of them when none did), and takes a call a gateway refused to
 * connect (never sent) to the next gateway, and an idempotent call whose connection broke before an answer too; both
 * are counted as redirects. All its state is touched on one Vert.x context.
 */
final class Workload {

  /** How hard the workload pushes: calls started per second, at most this many in flight, and in all. */
  record Settings(int ratePerSecond, int maxInFlight, int maxOperations, long requestTimeoutMillis, long seed) {

    static final Settings DEFAULT = new Settings(60, 32, 20_000, 5_000, 42);
  }

  /** A gateway of the mesh as the client reaches it. */
  record Gateway(String name, String baseUri) {
  }

  /** What the client knows of one of its articles. */
  private static final class Tracked {
    final String id;
    long version = 1;
    boolean stale;
    boolean busy;
    boolean publishAttempted;

    Tracked(String id) {
      this.id = id;
    }
  }

  /** One call to make: its type, the article it is about, and how to send it. */
  private record Call(Type type, Tracked article, HttpMethod method, String path, JsonObject body,
                      Map<String, String> headers, long version, String value) {
  }

  static final String AUTHOR_PREFIX = "drill-";
  static final long HEALTH_CHECK_MILLIS = 500;
  private static final Set<String> ARTICLE_TAGS = Set.of("drill");

  private final Vertx vertx;
  private final WebClient web;
  private final List<Gateway> gateways;
  private final History history;
  private final Settings settings;
  private final Random random;
  private final String author = AUTHOR_PREFIX + UUID.randomUUID().toString().substring(0, 8);
  private final List<Tracked> articles = new ArrayList<>();
  private final Map<String, Tracked> byId = new LinkedHashMap<>();
  private final Promise<Void> drained = Promise.promise();
  /** What the call being recorded was told when it failed; set just before {@link #record}. */
  private String problem;
  private final Set<String> ready = new HashSet<>();
  private int nextGateway;
  private int inFlight;
  private int started;
  private long timer = -1;
  private long healthTimer = -1;
  private boolean stopping;

  Workload(Vertx vertx, List<Gateway> gateways, History history, Settings settings) {
    this.vertx = vertx;
    this.web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(1_000).setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(16));
    this.gateways = List.copyOf(gateways);
    this.history = history;
    this.settings = settings;
    this.random = new Random(settings.seed());
  }

  Settings settings() {
    return settings;
  }

  /** Starts sending calls at the settings' rate. */
  Workload start() {
    gateways.forEach(g -> ready.add(g.name()));
    long period = Math.max(1, 1_000 / settings.ratePerSecond());
    timer = vertx.setPeriodic(period, id -> tick());
    healthTimer = vertx.setPeriodic(HEALTH_CHECK_MILLIS, id -> checkHealth());
    return this;
  }

  /** Stops starting calls; completes once every call in flight has ended. */
  Future<Void> stop() {
    vertx.runOnContext(v -> {
      stopping = true;
      vertx.cancelTimer(timer);
      vertx.cancelTimer(healthTimer);
      if (inFlight == 0) {
        drained.tryComplete();
      }
    });
    return drained.future();
  }

  /** The author of every article the workload creates. */
  String author() {
    return author;
  }

  /** The gateways, in the order the workload takes them. */
  List<Gateway> gateways() {
    return gateways;
  }

  private void checkHealth() {
    for (Gateway gateway : gateways) {
      URI base = URI.create(gateway.baseUri());
      web.get(base.getPort(), base.getHost(), "/health/ready").timeout(HEALTH_CHECK_MILLIS * 2).send()
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result().statusCode() == 200) {
            ready.add(gateway.name());
          } else {
            ready.remove(gateway.name());
          }
        });
    }
  }

  /** The index of the first gateway from {@code from} on that passed its last health check; {@code from} if none. */
  private int readyFrom(int from) {
    for (int i = 0; i < gateways.size(); i++) {
      int index = (from + i) % gateways.size();
      if (ready.contains(gateways.get(index).name())) {
        return index;
      }
    }
    return from % gateways.size();
  }

  private void tick() {
    if (stopping || inFlight >= settings.maxInFlight() || started >= settings.maxOperations()) {
      return;
    }
    Call call = next();
    started++;
    inFlight++;
    execute(call).onComplete(ar -> {
      if (--inFlight == 0 && stopping) {
        drained.tryComplete();
      }
    });
  }

  private Call next() {
    double dice = random.nextDouble();
    if (articles.size() < 5 || dice < 0.12) {
      JsonObject article = articleBody("created " + history.nextSequence());
      return new Call(Type.CREATE, null, HttpMethod.POST, "/api/articles", article,
        Map.of("Idempotency-Key", UUID.randomUUID().toString()), 0, article.getString("title"));
    }
    Tracked article = articles.get(random.nextInt(articles.size()));
    if (dice < 0.45 && !article.busy && !article.stale) {
      String title = "update " + history.nextSequence();
      return new Call(Type.UPDATE, article, HttpMethod.PUT, "/api/articles/" + article.id, articleBody(title),
        Map.of("If-Match", "\"" + article.version + "\""), article.version, title);
    }
    if (dice < 0.93 && dice >= 0.70) {
      return new Call(Type.VIEW, article, HttpMethod.POST, "/api/articles/" + article.id + "/views", null, Map.of(),
        0, null);
    }
    if (dice >= 0.93 && !article.busy && !article.publishAttempted) {
      return new Call(Type.PUBLISH, article, HttpMethod.POST, "/api/articles/" + article.id + "/publish", null,
        Map.of("Idempotency-Key", UUID.randomUUID().toString()), 0, null);
    }
    return new Call(Type.READ, article, HttpMethod.GET, "/api/articles/" + article.id, null, Map.of(), 0, null);
  }

  private JsonObject articleBody(String title) {
    return new JsonObject().put("title", title).put("body", "body of " + title).put("author", author)
      .put("tags", new JsonArray(List.copyOf(ARTICLE_TAGS)));
  }

  private Future<Void> execute(Call call) {
    if (call.article() != null && (call.type() == Type.UPDATE || call.type() == Type.PUBLISH)) {
      call.article().busy = true;
    }
    if (call.type() == Type.PUBLISH) {
      call.article().publishAttempted = true;
    }
    int first = readyFrom(nextGateway++);
    long invoked = history.now();
    Promise<Void> done = Promise.promise();
    send(call, first, 0, invoked, done);
    return done.future();
  }

  private void send(Call call, int gatewayIndex, int redirects, long invoked, Promise<Void> done) {
    Gateway gateway = gateways.get(gatewayIndex % gateways.size());
    URI base = URI.create(gateway.baseUri());
    HttpRequest<Buffer> request = web.request(call.method(), base.getPort(), base.getHost(), call.path())
      .idleTimeout(settings.requestTimeoutMillis());
    call.headers().forEach(request::putHeader);
    Future<HttpResponse<Buffer>> response = call.body() == null ? request.send() : request.sendJsonObject(call.body());
    response.onComplete(ar -> {
      if (ar.succeeded()) {
        complete(call, gateway, invoked, redirects, ar.result());
        done.complete();
        return;
      }
      boolean neverSent = ar.cause() instanceof ConnectException;
      if (neverSent) {
        ready.remove(gateway.name());
      }
      boolean answerLost = !neverSent && !isTimeout(ar.cause());
      if (redirects < gateways.size() - 1 && (neverSent || answerLost && call.type().idempotent())) {
        send(call, readyFrom(gatewayIndex + 1), redirects + 1, invoked, done);
        return;
      }
      Outcome outcome = neverSent ? Outcome.FAILED : Outcome.UNKNOWN;
      problem = ar.cause().getClass().getSimpleName() + ": " + ar.cause().getMessage();
      record(call, gateway, invoked, redirects, 0, outcome, call.version(), call.value(), null);
      afterUnknown(call);
      done.complete();
    });
  }

  /** No answer within the request timeout: the gateway may still be working on the call. */
  private static boolean isTimeout(Throwable cause) {
    return cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")
      || String.valueOf(cause.getMessage()).contains("timeout period");
  }

  private void complete(Call call, Gateway gateway, long invoked, int redirects, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    String servedBy = response.getHeader("x-mesh-instance");
    problem = status >= 500 || status == 404 ? problemDetail(response) : null;
    Tracked article = call.article();
    switch (call.type()) {
      case CREATE -> {
        if (status == 201) {
          Tracked created = new Tracked(response.bodyAsJsonObject().getString("id"));
          if (byId.putIfAbsent(created.id, created) == null) {
            articles.add(created);
          }
          record(call, gateway, invoked, redirects, status, Outcome.OK, 1, created.id + " " + call.value(), servedBy);
        } else {
          record(call, gateway, invoked, redirects, status, failure(status), 0, call.value(), servedBy);
        }
      }
      case UPDATE -> {
        article.busy = false;
        if (status == 200) {
          long version = etag(response);
          article.version = Math.max(article.version, version);
          record(call, gateway, invoked, redirects, status, Outcome.OK, call.version(), call.value(), servedBy);
        } else if (status == 412) {
          article.stale = true;
          record(call, gateway, invoked, redirects, status, Outcome.REJECTED, call.version(), call.value(), servedBy);
        } else {
          article.stale = true;
          record(call, gateway, invoked, redirects, status, failure(status), call.version(), call.value(), servedBy);
        }
      }
      case READ -> {
        if (status == 200) {
          long version = etag(response);
          if (version >= article.version) {
            article.version = version;
            article.stale = false;
          }
          record(call, gateway, invoked, redirects, status, Outcome.OK, version,
            response.bodyAsJsonObject().getString("title"), servedBy);
        } else {
          record(call, gateway, invoked, redirects, status, status == 404 ? Outcome.REJECTED : failure(status), 0,
            null, servedBy);
        }
      }
      case VIEW -> record(call, gateway, invoked, redirects, status, status == 202 ? Outcome.OK : failure(status), 0,
        status == 202 ? String.valueOf(response.bodyAsJsonObject().getLong("views")) : null, servedBy);
      case PUBLISH -> {
        article.busy = false;
        article.stale = true;
        if (status == 202) {
          record(call, gateway, invoked, redirects, status, Outcome.OK, 0,
            response.bodyAsJsonObject().getString("workflowId"), servedBy);
        } else {
          record(call, gateway, invoked, redirects, status, status == 409 ? Outcome.REJECTED : failure(status), 0,
            null, servedBy);
        }
      }
      default -> throw new IllegalStateException("unknown call " + call.type());
    }
  }

  /** A status the call should never get: a 504 may have taken effect (unknown); anything else failed. */
  private static Outcome failure(int status) {
    return status == 504 ? Outcome.UNKNOWN : Outcome.FAILED;
  }

  private void afterUnknown(Call call) {
    if (call.article() != null) {
      call.article().busy = false;
      call.article().stale = true;
    }
  }

  private void record(Call call, Gateway gateway, long invoked, int redirects, int status, Outcome outcome,
                      long version, String value, String servedBy) {
    String articleId = call.article() != null ? call.article().id
      : outcome == Outcome.OK && value != null ? value.substring(0, value.indexOf(' ')) : null;
    String recorded = call.type() == Type.CREATE && outcome == Outcome.OK ? value.substring(value.indexOf(' ') + 1) : value;
    history.record(new Operation(history.nextSequence(), call.type(), gateway.name(), articleId, invoked, history.now(),
      status, outcome, version, recorded, servedBy, redirects, problem));
  }

  private static String problemDetail(HttpResponse<Buffer> response) {
    try {
      JsonObject problem = response.bodyAsJsonObject();
      return problem == null || problem.getString("detail") == null ? response.bodyAsString()
        : problem.getString("detail");
    } catch (RuntimeException e) {
      return response.bodyAsString();
    }
  }

  private static long etag(HttpResponse<Buffer> response) {
    String etag = response.getHeader("etag");
    return etag == null ? 0 : Long.parseLong(etag.replace("\"", "").replace("W/", ""));
  }
}
