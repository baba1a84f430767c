package io.reactivemesh.client;

import io.reactivemesh.client.policy.BreakerConfig;
import io.reactivemesh.client.policy.BreakerWindow;
import io.reactivemesh.client.policy.InstanceLoad;
import io.reactivemesh.registry.ServiceRecord;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one node knows about one service instance: its load (in flight, EWMA latency) for the balancer, and its circuit
 * breaker — a vertx-circuit-breaker for the open / half-open / closed states, opened by a {@link BreakerWindow}; each
 * state change is logged and published locally on {@link #BREAKER_CHANGED_ADDRESS}.
 */
final class InstanceHealth {

  /** Local-only: published on this node each time one of its breakers changes state. */
  static final String BREAKER_CHANGED_ADDRESS = "mesh.client.breaker-changed";
  private static final Logger LOG = LoggerFactory.getLogger(InstanceHealth.class);

  private final ServiceRecord instance;
  private final CircuitBreaker breaker;
  /**
   * The breaker's state as its handlers last reported it: read on every call for every candidate, where the breaker's
   * own {@code state()} takes its lock each time.
   */
  private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
  private final BreakerWindow window;
  private final InstanceLoad load = new InstanceLoad();
  /** Whether the one trial call a half-open breaker lets through is taken (callers on several event loops share this). */
  private final AtomicBoolean trialTaken = new AtomicBoolean();

  InstanceHealth(Vertx vertx, ServiceRecord instance, BreakerConfig config) {
    this.instance = instance;
    this.window = new BreakerWindow(config);
    // the window decides when to open; the vertx breaker only keeps the states and the half-open trial
    this.breaker = CircuitBreaker.create("mesh." + instance.service() + "." + instance.instanceId(), vertx,
        new CircuitBreakerOptions()
          .setMaxFailures(Integer.MAX_VALUE)
          .setTimeout(-1)
          .setResetTimeout(config.openMillis()))
      .openHandler(v -> changed(vertx, CircuitBreakerState.OPEN))
      .halfOpenHandler(v -> {
        // the latency measured while it failed says nothing now: unmeasured, it draws the trial call at once
        load.forgetLatency();
        trialTaken.set(false);
        changed(vertx, CircuitBreakerState.HALF_OPEN);
      })
      .closeHandler(v -> {
        window.reset();
        changed(vertx, CircuitBreakerState.CLOSED);
      });
  }

  /** Called by the breaker, under its lock, right after its state became {@code newState}. */
  private void changed(Vertx vertx, CircuitBreakerState newState) {
    state = newState;
    LOG.info("breaker for {} instance {} on {} is now {}", instance.service(), instance.instanceId(),
      instance.nodeName(), newState);
    vertx.eventBus().publish(BREAKER_CHANGED_ADDRESS, new JsonObject()
        .put("service", instance.service())
        .put("instance", instance.instanceId())
        .put("node", instance.nodeName())
        .put("state", newState.name()),
      new DeliveryOptions().setLocalOnly(true));
  }

  ServiceRecord instance() {
    return instance;
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  InstanceLoad load() {
    return load;
  }

  /** The breaker state as a gauge value: 0 closed, 1 half-open, 2 open. */
  double stateValue() {
    return switch (state) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  boolean closed() {
    return state == CircuitBreakerState.CLOSED;
  }

  /**
   * Whether its breaker lets a call through now: closed, or half-open with its one trial call not yet taken (the
   * breaker refuses every other call while the trial is out).
   */
  boolean admitsCalls() {
    return switch (state) {
      case CLOSED -> true;
      case HALF_OPEN -> !trialTaken.get();
      case OPEN -> false;
    };
  }

  /** Takes the half-open breaker's trial call for the caller; false when another caller has it. */
  boolean takeTrial() {
    return trialTaken.compareAndSet(false, true);
  }

  /** The trial call ended: its outcome has closed or opened the breaker again. */
  void trialEnded() {
    trialTaken.set(false);
  }

  void recordSuccess(long nowMillis) {
    window.recordSuccess(nowMillis);
  }

  void recordFailure(long nowMillis) {
    window.recordFailure(nowMillis);
    if (state == CircuitBreakerState.CLOSED && window.shouldOpen(nowMillis)) {
      breaker.open();
    }
  }

  JsonObject toJson(long nowMillis, long nowNanos) {
    return new JsonObject()
      .put("service", instance.service())
      .put("instance", instance.instanceId())
      .put("node", instance.nodeName())
      .put("state", state.name())
      .put("callsInWindow", window.callsInWindow(nowMillis))
      .put("failuresInWindow", window.failuresInWindow(nowMillis))
      .put("inFlight", load.inFlight())
      .put("latencyMs", load.latencyNanos(nowNanos) / 1e6);
  }
}
