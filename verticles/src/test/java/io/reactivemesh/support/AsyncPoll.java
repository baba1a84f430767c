package io.reactivemesh.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Bounded polling on a node's own timers, for state a node takes on a context of its own with no event to wait on (its
 * registry cache, Hazelcast's quorum): probes every {@link Poll#INTERVAL} until a value comes or the bound passes.
 */
public final class AsyncPoll {

  private AsyncPoll() {
  }

  /** The first non-empty value of {@code probe}, or a failure naming {@code what} once {@code bound} has passed. */
  public static <T> Future<T> until(Vertx vertx, Duration bound, String what, Supplier<Future<Optional<T>>> probe) {
    long deadline = System.nanoTime() + bound.toNanos();
    Promise<T> result = Promise.promise();
    attempt(vertx, deadline, what, probe, result);
    return result.future();
  }

  /** Same as {@link #until(Vertx, Duration, String, Supplier)} for a probe that answers at once. */
  public static <T> Future<T> untilPresent(Vertx vertx, Duration bound, String what, Supplier<Optional<T>> probe) {
    return until(vertx, bound, what, () -> Future.succeededFuture(probe.get()));
  }

  private static <T> void attempt(Vertx vertx, long deadline, String what, Supplier<Future<Optional<T>>> probe,
                                  Promise<T> result) {
    probe.get().onFailure(result::fail).onSuccess(value -> {
      if (value.isPresent()) {
        result.complete(value.get());
      } else if (System.nanoTime() > deadline) {
        result.fail(new AssertionError("never happened within the bound: " + what));
      } else {
        vertx.setTimer(Poll.INTERVAL.toMillis(), t -> attempt(vertx, deadline, what, probe, result));
      }
    });
  }
}
