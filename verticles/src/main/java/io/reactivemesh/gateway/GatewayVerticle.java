package io.reactivemesh.gateway;

import io.reactivemesh.client.MeshClient;
import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.reactivemesh.client.TraceContext;
import io.reactivemesh.client.policy.CallPolicy;
import io.reactivemesh.node.NodeOptions;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.node.StartFailure;
import io.reactivemesh.ops.HealthRoutes;
import io.reactivemesh.ops.AccessLog;
import io.reactivemesh.ops.MeshViewRoutes;
import io.reactivemesh.ops.MetricsRoutes;
import io.reactivemesh.ops.Tracing;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * HTTP ingress of a node: a router built from the conf's route table (path -> service, methods, policy, faults) that
 * validates each request against the API's OpenAPI document when the conf names one ({@link ApiContract}), maps it to
 * an envelope and calls the service through {@link MeshClient}; errors answer as problem+json.
 * Also serves health, the mesh views and the admin endpoints. On undeploy it stops accepting and drains in-flight
 * requests for at most the node's drain timeout. Consumes {@link FaultRegistry#CHANGED_ADDRESS}.
 */
public class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  private static final List<Integer> PROBLEM_STATUSES = List.of(400, 404, 405, 413, 415, 500);
  /** Where the gateway serves the API's OpenAPI 3 description, a resource of the jar (src/main/resources). */
  static final String OPENAPI_PATH = "/openapi.yaml";
  static final long MAX_UNREADY_SERVING_MILLIS = 1_000;
  private static final String OPENAPI_RESOURCE = "openapi.yaml";

  private HttpServer server;
  private GatewayConfig config;
  private boolean accessLog;
  private MessageConsumer<JsonObject> faultChanges;
  private MeshClient client;
  private FaultRegistry faults;

  @Override
  public Future<?> start() {
    NodeRuntime runtime = NodeRuntime.of(vertx);
    NodeOptions options = runtime.options();
    accessLog = options.accessLog();
    try {
      config = GatewayConfig.from(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new StartFailure("gateway config: " + e.getMessage()));
    }
    Future<Optional<ApiContract>> contract = config.openapi() == null ? Future.succeededFuture(Optional.empty())
      : ApiContract.load(vertx, config.openapi()).map(Optional::of)
        .recover(e -> Future.failedFuture(new StartFailure("gateway openapi " + config.openapi()
          + " cannot be used to validate requests: " + StartFailure.describe(e))));
    return contract.compose(api -> serve(runtime, options, api));
  }

  private Future<?> serve(NodeRuntime runtime, NodeOptions options, Optional<ApiContract> api) {
    client = MeshClient.of(vertx);
    faults = FaultRegistry.of(vertx);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    HealthRoutes.mount(vertx, router);
    MeshViewRoutes.mount(vertx, router);
    MetricsRoutes.mount(vertx, router);
    AdminRoutes.mount(vertx, router, options.adminToken(), faults);
    router.get(OPENAPI_PATH).handler(GatewayVerticle::openApi);
    for (RouteConfig route : config.routes()) {
      CallPolicy policy;
      try {
        policy = client.policyFor(route.service()).overriddenBy(route.policy());
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new StartFailure("gateway route " + route.name() + ": " + e.getMessage()));
      }
      faults.register(route);
      GatewayMetrics.RouteMeters meters = GatewayMetrics.forRoute(runtime.meters(), route);
      for (HttpMethod method : route.methods()) {
        OperationCheck check;
        try {
          check = api.flatMap(contract -> contract.check(route.path(), method)).orElse(null);
        } catch (IllegalArgumentException e) {
          return Future.failedFuture(new StartFailure("gateway route " + route.name() + ": " + e.getMessage()));
        }
        if (check != null) {
          LOG.debug("route {} {} is validated against operation {}", route.name(), method, check.operationId());
        }
        router.route(method, route.path()).handler(ctx -> {
          long start = System.nanoTime();
          ctx.addHeadersEndHandler(v -> meters.record(ctx.response().getStatusCode(), System.nanoTime() - start));
          forward(ctx, route, check, policy, start);
        });
      }
    }
    PROBLEM_STATUSES.forEach(status -> router.errorHandler(status, this::problem));
    faultChanges = vertx.eventBus().consumer(FaultRegistry.CHANGED_ADDRESS, msg -> applyFaultChange(faults, msg.body()));

    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(options.httpHost())
        .setPort(options.httpPort())
        .setMaxHeaderSize(config.maxHeaderBytes())
        .setIdleTimeout(config.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS))
      .invalidRequestHandler(request -> invalidRequest(request, config.maxHeaderBytes()))
      .requestHandler(router);
    return faultChanges.completion()
      .compose(v -> server.listen())
      .onSuccess(s -> runtime.httpListening(s.actualPort()))
      .recover(e -> Future.failedFuture(new StartFailure("cannot listen on http://" + options.httpHost() + ":"
        + options.httpPort() + ": " + StartFailure.describe(e))));
  }

  /**
   * Stops within the node's drain timeout: first keeps serving while {@code /health/ready} already answers 503 (the
   * node is stopping), for {@link #unreadyServingMillis}, so that load balancers stop sending before any connection
   * closes (closing an idle keep-alive connection races with a request the client is sending on it); then stops
   * accepting and waits for the requests in flight for the rest of the drain timeout.
   */
  @Override
  public Future<?> stop() {
    long drainMillis = NodeRuntime.of(vertx).options().drainTimeoutMillis();
    long unreadyMillis = unreadyServingMillis(drainMillis);
    Future<?> unready = unreadyMillis > 0 ? vertx.timer(unreadyMillis) : Future.succeededFuture();
    return unready.compose(v -> server.shutdown(drainMillis - unreadyMillis, TimeUnit.MILLISECONDS))
      .transform(ar -> faultChanges.unregister());
  }

  /** A third of the drain timeout, at most {@link #MAX_UNREADY_SERVING_MILLIS}: two readiness checks of 500 ms. */
  static long unreadyServingMillis(long drainTimeoutMillis) {
    return Math.min(MAX_UNREADY_SERVING_MILLIS, drainTimeoutMillis / 3);
  }

  /** Checks the request (body, and the route's operation when it has one), then sends it on as an envelope. */
  private void forward(RoutingContext ctx, RouteConfig route, OperationCheck check, CallPolicy policy, long start) {
    long deadline = System.currentTimeMillis() + policy.timeoutMillis();
    String requestId = TraceContext.requestId(ctx.request().getHeader(HttpEnvelope.REQUEST_ID_HEADER));
    String traceparent = Tracing.currentTraceparent()
      .orElseGet(() -> TraceContext.next(ctx.request().getHeader(HttpEnvelope.TRACEPARENT_HEADER)));
    ctx.response()
      .putHeader(HttpEnvelope.REQUEST_ID_HEADER, requestId)
      .putHeader(HttpEnvelope.TRACEPARENT_HEADER, traceparent);
    Buffer rawBody;
    Object body = null;
    try {
      rawBody = HttpEnvelope.jsonBody(ctx, config.maxJsonDepth());
      if (check == null) {
        body = HttpEnvelope.decode(rawBody);
      }
    } catch (MeshException e) {
      HttpEnvelope.send(ctx, e.toReply());
      return;
    }
    if (check == null) {
      toService(ctx, route, policy, start, body, deadline, traceparent, requestId);
      return;
    }
    check.validate(ctx, rawBody)
      .onSuccess(checked -> toService(ctx, route, policy, start, checked, deadline, traceparent, requestId))
      .onFailure(error -> HttpEnvelope.send(ctx, errorReply(route, ctx.request().method().name(), ctx.normalizedPath(),
        requestId, traceparent, error)));
  }

  /** Makes the request an envelope and calls the route's service with it, after the route's injected fault if any. */
  private void toService(RoutingContext ctx, RouteConfig route, CallPolicy policy, long start, Object body,
                         long deadline, String traceparent, String requestId) {
    Request request;
    try {
      request = HttpEnvelope.toRequest(ctx, body, deadline, traceparent, requestId);
    } catch (MeshException e) {
      HttpEnvelope.send(ctx, e.toReply());
      return;
    }
    if (accessLog) {
      ctx.addHeadersEndHandler(v ->
        AccessLog.gateway(route.name(), route.service(), request, ctx.response().getStatusCode(), System.nanoTime() - start));
    }
    FaultConfig.Decision fault = faults.get(route.name()).decide(ThreadLocalRandom.current());
    if (fault.delayMillis() > 0) {
      vertx.setTimer(fault.delayMillis(), id -> call(ctx, route, policy, request, fault.abortStatus()));
    } else {
      call(ctx, route, policy, request, fault.abortStatus());
    }
  }

  private void call(RoutingContext ctx, RouteConfig route, CallPolicy policy, Request request, int abortStatus) {
    if (abortStatus > 0) {
      HttpEnvelope.send(ctx, Reply.problem(abortStatus, "Fault Injected",
        "route '" + route.name() + "' is set to abort this request (fault injection)", null));
      return;
    }
    client.request(route.service(), request, policy)
      .onSuccess(reply -> HttpEnvelope.send(ctx, reply))
      .onFailure(error -> HttpEnvelope.send(ctx, errorReply(route, request.method(), request.path(),
        request.requestId(), request.traceparent(), error)));
  }

  private static Reply errorReply(RouteConfig route, String method, String path, String requestId, String traceparent,
                                  Throwable error) {
    if (error instanceof MeshException mesh) {
      return mesh.toReply();
    }
    LOG.error("route {} failed on {} {} {} {}", route.name(), method, path,
      kv("trace_id", TraceContext.traceId(traceparent)), kv("request_id", requestId), error);
    return Reply.problem(500, "Internal Server Error", "the gateway failed to handle the request", null);
  }

  private void problem(RoutingContext ctx) {
    int status = ctx.statusCode();
    String detail = switch (status) {
      case 404 -> "no route for " + ctx.request().method() + " " + ctx.normalizedPath();
      case 405 -> "method " + ctx.request().method() + " is not allowed on " + ctx.normalizedPath();
      case 413 -> "request body is larger than the limit of " + config.maxBodyBytes() + " bytes";
      case 415 -> "unsupported content type";
      case 400 -> "bad request";
      default -> "the gateway failed to handle the request";
    };
    if (status >= 500 && ctx.failure() != null) {
      LOG.error("gateway failure on {} {}", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
    }
    String title = HttpResponseStatus.valueOf(status).reasonPhrase();
    HttpEnvelope.send(ctx, Reply.problem(status, title, detail, null));
  }

  /** A request HTTP decoding refused (header too large, request line too long, malformed): a problem, then close. */
  private static void invalidRequest(HttpServerRequest request, int maxHeaderBytes) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String detail;
    if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      detail = "request headers are larger than the limit of " + maxHeaderBytes + " bytes";
    } else if (cause instanceof TooLongHttpLineException) {
      status = 414;
      detail = "request line (method and URI) is too long";
    } else {
      status = 400;
      detail = "malformed HTTP request";
    }
    Reply problem = Reply.problem(status, HttpResponseStatus.valueOf(status).reasonPhrase(), detail, null);
    request.response().setStatusCode(status)
      .putHeader("content-type", Reply.PROBLEM_JSON)
      .end(problem.body().toString())
      .onComplete(ar -> request.connection().close());
  }

  private static void openApi(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml").sendFile(OPENAPI_RESOURCE)
      .onFailure(ctx::fail);
  }

  private void applyFaultChange(FaultRegistry faults, JsonObject change) {
    try {
      faults.set(change.getString("route"), FaultConfig.from(change.getJsonObject("fault"), FaultConfig.NONE));
      LOG.info("fault injection on route {} is now {}", change.getString("route"), change.getJsonObject("fault").encode());
      vertx.eventBus().publish(FaultRegistry.APPLIED_ADDRESS, change, new DeliveryOptions().setLocalOnly(true));
    } catch (RuntimeException e) {
      LOG.warn("ignored a malformed fault change {}: {}", change.encode(), e.getMessage());
    }
  }
}
