package io.reactivemesh.service;

import io.reactivemesh.client.MeshClient;
import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.reactivemesh.client.TraceContext;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.ops.AccessLog;
import io.reactivemesh.registry.ServiceRecord;
import io.reactivemesh.registry.ServiceRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Base of every mesh service instance: consumes its own address {@code mesh.svc.<service>.<instanceId>}, publishes
 * itself in the registry, turns each envelope into {@link #handle(Request)} and its outcome into a reply — a failure
 * becomes a problem reply, never a stack trace — and on stop unpublishes, then drains in-flight requests.
 */
public abstract class MeshService extends VerticleBase {

  /** Config key that renames the service (several services from one class). */
  public static final String CONFIG_SERVICE = "service";
  /** Reply header naming the instance that answered. */
  public static final String INSTANCE_HEADER = "x-mesh-instance";
  private static final Logger LOG = LoggerFactory.getLogger(MeshService.class);

  private String service;
  private String instanceId;
  private MessageConsumer<Object> consumer;
  private int inFlight;
  private boolean accessLog;
  private Promise<Void> drained;

  /** The service's name in the mesh, unless the config's {@value #CONFIG_SERVICE} key renames it. */
  protected abstract String serviceName();

  /** Answers one request; a failed future becomes an error reply ({@link MeshException} keeps its status). */
  protected abstract Future<Reply> handle(Request request);

  /** What the service needs before it takes traffic (stores, clients); runs before the instance is published. */
  protected Future<?> startService() {
    return Future.succeededFuture();
  }

  protected Future<?> stopService() {
    return Future.succeededFuture();
  }

  /** Version published with the instance record. */
  protected String version() {
    return "1";
  }

  public final String service() {
    return service;
  }

  public final String instanceId() {
    return instanceId;
  }

  @Override
  public final Future<?> start() {
    service = config().getString(CONFIG_SERVICE, serviceName());
    accessLog = NodeRuntime.of(vertx).options().accessLog();
    instanceId = NodeRuntime.of(vertx).options().nodeName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    consumer = vertx.eventBus().consumer(ServiceRecord.addressOf(service, instanceId), this::dispatch);
    MeshClient.of(vertx).bindLocalInstance(instanceId, this::serve);
    return startService()
      .compose(v -> consumer.completion())
      .compose(v -> ServiceRegistry.of(vertx).publish(service, instanceId, version(), new JsonObject()));
  }

  @Override
  public final Future<?> stop() {
    long drainMillis = NodeRuntime.of(vertx).options().drainTimeoutMillis();
    MeshClient.of(vertx).unbindLocalInstance(instanceId);
    return ServiceRegistry.of(vertx).unpublish(instanceId)
      .transform(ar -> drain(drainMillis))
      .transform(ar -> consumer.unregister())
      .transform(ar -> stopService());
  }

  private static void reply(Message<Object> message, Reply reply, boolean json) {
    message.reply(json ? reply.toJson() : reply);
  }

  private Future<Void> drain(long boundMillis) {
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    drained = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, boundMillis), id -> drained.tryComplete());
    return drained.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  /**
   * Serves one envelope from the event bus: a {@link Request} from a mesh client, or the same envelope as JSON from any
   * other sender, which gets its {@link Reply} as JSON too.
   */
  private void dispatch(Message<Object> message) {
    boolean json = !(message.body() instanceof Request);
    Request request;
    try {
      request = json ? Request.fromJson((JsonObject) message.body()) : (Request) message.body();
    } catch (RuntimeException e) {
      message.reply(Reply.problem(400, "Bad Request", "malformed mesh envelope: " + e.getMessage(), null).toJson());
      return;
    }
    serve(request).onComplete(ar -> reply(message, ar.result(), json));
  }

  /**
   * Serves one request, from the event bus or from a caller on this instance's own event loop
   * ({@link MeshClient#bindLocalInstance}): never fails, a failure of {@link #handle} becomes its error reply.
   */
  private Future<Reply> serve(Request request) {
    if (request.deadline() > 0 && System.currentTimeMillis() >= request.deadline()) {
      return Future.succeededFuture(MeshException.deadline(service, 0).toReply());
    }
    inFlight++;
    long start = System.nanoTime();
    Future<Reply> outcome;
    try {
      outcome = handle(request);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    if (outcome.isComplete()) {
      // Answered on the spot (echo, a cached read): no chain of futures and listeners for it.
      return Future.succeededFuture(finish(request, start, outcome.result(), outcome.cause()));
    }
    return outcome.transform(ar -> Future.succeededFuture(finish(request, start, ar.result(), ar.cause())));
  }

  /** The reply to send for a finished call (its error reply when it failed), stamped with this instance. */
  private Reply finish(Request request, long start, Reply answer, Throwable failure) {
    Reply reply = failure != null ? errorReply(request, failure)
      : answer != null ? answer : errorReply(request, new IllegalStateException("handle returned no reply"));
    if (accessLog) {
      AccessLog.service(service, instanceId, request, reply.status(), System.nanoTime() - start);
    }
    if (--inFlight == 0 && drained != null) {
      drained.tryComplete();
    }
    return reply.withHeader(INSTANCE_HEADER, instanceId);
  }

  private Reply errorReply(Request request, Throwable error) {
    if (error instanceof MeshException mesh) {
      return mesh.toReply();
    }
    LOG.error("service {} instance {} failed on {} {} {} {}", service, instanceId, request.method(), request.path(),
      kv("trace_id", TraceContext.traceId(request.traceparent())), kv("request_id", request.requestId()), error);
    return Reply.problem(500, "Internal Server Error", "service '" + service + "' failed to handle the request", null);
  }
}
