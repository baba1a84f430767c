package io.reactivemesh.client;

import io.reactivemesh.client.policy.Backoff;
import io.reactivemesh.client.policy.Bulkhead;
import io.reactivemesh.client.policy.CallPolicy;
import io.reactivemesh.client.policy.Locality;
import io.reactivemesh.client.policy.PowerOfTwoChoices;
import io.reactivemesh.client.policy.RetryBudget;
import io.reactivemesh.client.policy.RetryConfig;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.registry.ServiceRecord;
import io.reactivemesh.registry.ServiceRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The one way any code calls a mesh service: picks a live instance (power of two choices over in-flight count and
 * EWMA latency, skipping open breakers), sends the envelope to that instance's address with the time left as timeout,
 * retries idempotent calls on another instance with backoff and full jitter within the retry budget, and bounds calls
 * in flight per service (bulkhead); where the policy asks for it, an instance of this node on the caller's own event
 * loop is preferred ({@link Locality}). One per node, shared by all its verticles.
 */
public final class MeshClient implements Shareable {

  /** Published on this node only, {service, instance, node, state}, each time one of its breakers changes state. */
  public static final String BREAKER_CHANGED_ADDRESS = InstanceHealth.BREAKER_CHANGED_ADDRESS;
  static final String LOCAL_MAP = "mesh.client";
  static final String KEY = "client";

  private final Vertx vertx;
  private final ServiceRegistry registry;
  private final MeshClientConfig config;
  private final Map<String, CallPolicy> policies = new ConcurrentHashMap<>();
  private final Map<String, InstanceHealth> instances = new ConcurrentHashMap<>();
  private final Map<String, ServiceState> services = new ConcurrentHashMap<>();
  /** Each service instance of this node, by id: its event loop ({@link Locality}) and its handler. */
  private final Map<String, ColocatedInstance> localInstances = new ConcurrentHashMap<>();
  private final RetryBudget budget;
  private final LongAdder retries = new LongAdder();
  private final LongAdder retriesDenied = new LongAdder();
  private final MeterRegistry meters;

  /** What this node keeps per called service: its bulkhead and its retry counters. */
  private record ServiceState(Bulkhead bulkhead, Counter retries, Counter retriesDenied) {
  }

  private MeshClient(Vertx vertx, ServiceRegistry registry, MeshClientConfig config, MeterRegistry meters) {
    this.vertx = vertx;
    this.registry = registry;
    this.config = config;
    this.meters = meters;
    this.budget = RetryBudget.of(config.defaults().retry());
    Gauge.builder(ClientMetrics.RETRY_BUDGET_AVAILABLE, budget, b -> b.retriesAllowedNow(System.currentTimeMillis()))
      .description("retries the node's retry budget allows now").register(meters);
  }

  /** The client of the node that owns {@code vertx}, made on first use from the node's conf. */
  public static MeshClient of(Vertx vertx) {
    var map = vertx.sharedData().<String, MeshClient>getLocalMap(LOCAL_MAP);
    MeshClient client = map.get(KEY);
    if (client == null) {
      NodeRuntime runtime = NodeRuntime.of(vertx);
      MeshClient created = new MeshClient(vertx, ServiceRegistry.of(vertx),
        MeshClientConfig.from(runtime.options().conf()), runtime.meters());
      client = map.putIfAbsent(KEY, created);
      if (client == null) {
        client = created;
      }
    }
    return client;
  }

  /**
   * Records that this node's instance {@code instanceId} runs on the calling thread's context (call it from the
   * instance's own event-loop context) and serves requests with {@code handler}, which turns any failure into a reply
   * rather than throw: callers on that event loop can prefer it, and their calls to it never change thread nor go
   * through the event bus ({@link ColocatedInstance}).
   */
  public void bindLocalInstance(String instanceId, Function<Request, Future<Reply>> handler) {
    localInstances.put(instanceId, new ColocatedInstance(vertx.getOrCreateContext(), handler));
  }

  public void unbindLocalInstance(String instanceId) {
    localInstances.remove(instanceId);
  }

  /** The policy of calls to {@code service} on this node (defaults, then the service's overrides in conf). */
  public CallPolicy policyFor(String service) {
    return policies.computeIfAbsent(service, config::policyFor);
  }

  /** Calls {@code service} with its own policy. */
  public Future<Reply> request(String service, Request request) {
    return request(service, request, policyFor(service));
  }

  /**
   * Calls {@code service} under {@code policy}: completes with the service's reply (any status), or fails with a
   * {@link MeshException} when the mesh could not get one (no instance, breakers open, bulkhead full, deadline).
   */
  public Future<Reply> request(String service, Request request, CallPolicy policy) {
    long now = System.currentTimeMillis();
    long deadline = now + policy.timeoutMillis();
    if (request.deadline() > 0) {
      deadline = Math.min(deadline, request.deadline());
    }
    if (deadline <= now) {
      return Future.failedFuture(MeshException.deadline(service, policy.timeoutMillis()));
    }
    ServiceState state = services.computeIfAbsent(service, s -> newServiceState(s, policy));
    Bulkhead bulkhead = state.bulkhead();
    if (!bulkhead.tryAcquire()) {
      return Future.failedFuture(MeshException.bulkheadFull(service, bulkhead.limit()));
    }
    budget.onRequest(now);
    Call call = new Call(service, deadline == request.deadline() ? request : request.withDeadline(deadline), policy,
      state);
    Promise<Reply> result = Promise.promise();
    call.attempt(result);
    return result.future().onComplete(ar -> bulkhead.release());
  }

  /** The breakers of every instance this node has called, for {@code /mesh/breakers} and metrics. */
  public JsonArray breakers() {
    long nowMillis = System.currentTimeMillis();
    long nowNanos = System.nanoTime();
    forgetDeparted();
    return new JsonArray(instances.values().stream().map(h -> h.toJson(nowMillis, nowNanos)).toList());
  }

  /** Retry counters since start: retries sent, and retries the budget refused. */
  public JsonObject retryStats() {
    long now = System.currentTimeMillis();
    return new JsonObject()
      .put("retries", retries.sum())
      .put("retriesDenied", retriesDenied.sum())
      .put("retriesAllowedNow", budget.retriesAllowedNow(now))
      .put("requestsInWindow", budget.requestsInWindow(now));
  }

  public long retriesSent() {
    return retries.sum();
  }

  /** Forces an instance's breaker open (admin and drills). */
  public boolean openBreaker(String instanceId) {
    InstanceHealth health = instances.get(instanceId);
    if (health == null) {
      return false;
    }
    health.breaker().open();
    return true;
  }

  private ServiceState newServiceState(String service, CallPolicy policy) {
    Bulkhead bulkhead = new Bulkhead(policy.maxInFlight());
    Gauge.builder(ClientMetrics.IN_FLIGHT, bulkhead, Bulkhead::inFlight).tag("service", service)
      .description("calls in flight from this node to the service").register(meters);
    return new ServiceState(bulkhead,
      Counter.builder(ClientMetrics.RETRIES).tag("service", service).description("retries sent").register(meters),
      Counter.builder(ClientMetrics.RETRIES_DENIED).tag("service", service)
        .description("retries the retry budget refused").register(meters));
  }

  private InstanceHealth health(ServiceRecord instance) {
    InstanceHealth health = instances.get(instance.instanceId());
    if (health == null) {
      forgetDeparted();
      health = instances.computeIfAbsent(instance.instanceId(), id -> {
        InstanceHealth created = new InstanceHealth(vertx, instance, policyFor(instance.service()).breaker());
        Gauge.builder(ClientMetrics.BREAKER_STATE, created, InstanceHealth::stateValue)
          // not "instance": Prometheus owns that label (the scraped node)
          .tags("service", instance.service(), "instance_id", instance.instanceId(), "node", instance.nodeName())
          .description("breaker of the instance as this node sees it: 0 closed, 1 half-open, 2 open")
          .register(meters);
        return created;
      });
    }
    return health;
  }

  /** This node's instance behind {@code target} when it runs on {@code thread}'s event loop, else null. */
  private ColocatedInstance colocatedOn(InstanceHealth target, Thread thread) {
    ColocatedInstance local = localInstances.get(target.instance().instanceId());
    return local != null && local.runsOn(thread) ? local : null;
  }

  /** Drops what this node knew of instances that left the registry, so departed instances cost no memory or series. */
  private void forgetDeparted() {
    Set<String> live = new HashSet<>();
    registry.all().values().forEach(list -> list.forEach(r -> live.add(r.instanceId())));
    instances.values().removeIf(health -> {
      if (live.contains(health.instance().instanceId())) {
        return false;
      }
      meters.find(ClientMetrics.BREAKER_STATE).tag("instance_id", health.instance().instanceId()).meters()
        .forEach(meters::remove);
      return true;
    });
  }

  /** One call: its attempts, the instances it already tried, and the last failure to report if all fail. */
  private final class Call {

    private final String service;
    private final Request request;
    private final CallPolicy policy;
    private final ServiceState state;
    private final boolean idempotent;
    /** Instance ids, in the order tried: a call makes one attempt, sometimes a few, so a list beats a hash set. */
    private final List<String> tried = new ArrayList<>(2);
    private int retryNumber;
    private Throwable lastFailure;
    private Reply lastFailedReply;

    Call(String service, Request request, CallPolicy policy, ServiceState state) {
      this.service = service;
      this.request = request;
      this.policy = policy;
      this.state = state;
      this.idempotent = RetryConfig.isIdempotent(request.method(), request.idempotencyKey() != null);
    }

    void attempt(Promise<Reply> result) {
      long now = System.currentTimeMillis();
      if (now >= request.deadline()) {
        fail(result, MeshException.deadline(service, policy.timeoutMillis()));
        return;
      }
      List<ServiceRecord> live = registry.instances(service);
      if (live.isEmpty()) {
        fail(result, MeshException.noInstance(service));
        return;
      }
      List<InstanceHealth> untried = new ArrayList<>(live.size());
      List<InstanceHealth> candidates = new ArrayList<>(live.size());
      for (ServiceRecord record : live) {
        if (!tried.contains(record.instanceId())) {
          InstanceHealth health = health(record);
          untried.add(health);
          if (health.admitsCalls()) {
            candidates.add(health);
          }
        }
      }
      // Panic routing, as Envoy's: when no instance's breaker is closed (all open, or half-open with their one trial
      // call out) the breakers no longer tell healthy from sick (a shared dependency slowed them all, e.g. data owned
      // by a member that just vanished), so calls go to all of them again rather than none: some may succeed, and the
      // rest fail as they would have anyway. The partition drill saw calls refused while every breaker was half-open.
      boolean panic = candidates.isEmpty() && live.stream().noneMatch(r -> health(r).closed());
      if (panic) {
        candidates = untried;
      }
      if (candidates.isEmpty()) {
        fail(result, null);
        return;
      }
      long nowNanos = System.nanoTime();
      InstanceHealth picked = PowerOfTwoChoices.pick(candidates, h -> h.load().cost(nowNanos),
        ThreadLocalRandom.current()).orElseThrow();
      Thread caller = Thread.currentThread();
      InstanceHealth chosen = !policy.preferSameEventLoop() || localInstances.isEmpty() ? picked
        : Locality.preferColocated(candidates, picked, h -> colocatedOn(h, caller) != null);
      tried.add(chosen.instance().instanceId());
      boolean retryPossible = idempotent && retryNumber < policy.retry().maxRetries() && live.size() > tried.size();
      long remaining = request.deadline() - now;
      long timeout = retryPossible && policy.attemptTimeoutMillis() > 0
        ? Math.min(remaining, policy.attemptTimeoutMillis()) : remaining;
      send(chosen, timeout, panic).onComplete(ar -> {
        if (ar.succeeded()) {
          result.complete(ar.result());
        } else {
          onAttemptFailed(chosen, ar.cause(), result);
        }
      });
    }

    /**
     * One attempt on {@code target}: through its breaker when that is half-open (it lets the one trial call through
     * and closes or opens on its outcome) or has just opened (it refuses); straight to the instance when the breaker
     * is closed (the vertx breaker would only pass the call on, at the price of promises, locks and an extra
     * event-loop task per call: the {@link InstanceHealth} window records the outcome and opens it) or in panic. The
     * load counts only calls actually sent.
     */
    private Future<Reply> send(InstanceHealth target, long timeoutMillis, boolean panic) {
      if (panic || target.closed()) {
        Promise<Reply> promise = Promise.promise();
        deliver(target, timeoutMillis, promise);
        return promise.future();
      }
      boolean trial = target.takeTrial();
      Future<Reply> attempt = target.breaker().execute(promise -> deliver(target, timeoutMillis, promise));
      return trial ? attempt.onComplete(ar -> target.trialEnded()) : attempt;
    }

    private void deliver(InstanceHealth target, long timeoutMillis, Promise<Reply> promise) {
      long start = System.nanoTime();
      target.load().onStart();
      ColocatedInstance colocated = colocatedOn(target, Thread.currentThread());
      Future<Reply> reply = colocated != null ? colocated.call(vertx, request, timeoutMillis)
        : vertx.eventBus()
          .<Reply>request(target.instance().address(), request, new DeliveryOptions().setSendTimeout(timeoutMillis))
          .map(Message::body);
      reply.onComplete(ar -> {
        long end = System.nanoTime();
        boolean healthy = ar.succeeded() && !ar.result().isServerError();
        target.load().onEnd(end - start, end);
        if (healthy) {
          target.recordSuccess(System.currentTimeMillis());
          promise.complete(ar.result());
        } else if (ar.succeeded()) {
          target.recordFailure(System.currentTimeMillis());
          promise.fail(new ServerErrorReply(ar.result()));
        } else {
          target.recordFailure(System.currentTimeMillis());
          promise.fail(ar.cause());
        }
      });
    }

    private void onAttemptFailed(InstanceHealth target, Throwable failure, Promise<Reply> result) {
      boolean delivered = !(failure instanceof OpenCircuitException) && !isNoHandlers(failure);
      if (failure instanceof ServerErrorReply serverError) {
        lastFailedReply = serverError.reply;
      } else {
        lastFailure = failure;
      }
      long now = System.currentTimeMillis();
      if (failure instanceof OpenCircuitException) {
        attempt(result);
        return;
      }
      if (!delivered || (idempotent && retryNumber < policy.retry().maxRetries())) {
        if (delivered && !budget.tryRetry(now)) {
          retriesDenied.increment();
          state.retriesDenied().increment();
          fail(result, null);
          return;
        }
        retryNumber++;
        retries.increment();
        state.retries().increment();
        long delay = Backoff.of(policy.retry()).delayMillis(retryNumber, ThreadLocalRandom.current());
        if (now + delay >= request.deadline()) {
          fail(result, null);
          return;
        }
        if (delay == 0) {
          attempt(result);
        } else {
          vertx.setTimer(delay, id -> attempt(result));
        }
        return;
      }
      fail(result, null);
    }

    /** Ends the call with the last service reply if there was one, else the mesh's own failure. */
    private void fail(Promise<Reply> result, MeshException meshFailure) {
      if (meshFailure != null && lastFailedReply == null && lastFailure == null) {
        result.fail(meshFailure);
      } else if (lastFailedReply != null) {
        result.complete(lastFailedReply);
      } else if (isTimeout(lastFailure) || System.currentTimeMillis() >= request.deadline()) {
        result.fail(MeshException.deadline(service, policy.timeoutMillis()));
      } else if (meshFailure != null) {
        result.fail(meshFailure);
      } else {
        result.fail(MeshException.unavailable(service, lastFailure));
      }
    }
  }

  private static boolean isNoHandlers(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static boolean isTimeout(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT;
  }

  /** A 5xx reply, carried as a failure through the breaker so that it counts against the instance. */
  private static final class ServerErrorReply extends RuntimeException {

    private final Reply reply;

    ServerErrorReply(Reply reply) {
      super("server error " + reply.status(), null, false, false);
      this.reply = reply;
    }
  }
}
