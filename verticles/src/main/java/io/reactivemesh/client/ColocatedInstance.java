package io.reactivemesh.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.ContextInternal;

import java.util.function.Function;

/**
 * A service instance of this node, called by a mesh client on the instance's own event loop without the event bus:
 * the same hand-over as a local event-bus request (a copy of the request, the handler on a context of its own, the
 * reply back on the caller's context with its body as JSON bytes like a remote one, a {@link ReplyFailure#TIMEOUT}
 * when no reply comes in time), minus the messages, the reply consumer and its address, and the codecs.
 */
final class ColocatedInstance {

  /** Vert.x numbers timers from 0. */
  private static final long NO_TIMER = -1;

  private final ContextInternal context;
  private final Thread eventLoop;
  private final Function<Request, Future<Reply>> handler;

  /** Call it on the instance's own context: that context and its thread are where the handler runs. */
  ColocatedInstance(Context context, Function<Request, Future<Reply>> handler) {
    this.context = (ContextInternal) context;
    this.eventLoop = Thread.currentThread();
    this.handler = handler;
  }

  boolean runsOn(Thread thread) {
    return eventLoop == thread;
  }

  /**
   * Hands {@code request} to the instance; call it on the instance's event loop ({@link #runsOn}). The timeout timer is
   * armed only when the handler has not answered by the time it returns: most answer at once, and a timer set and
   * cancelled on every call cost 2 % of a node's CPU. Before that, the deadline is checked when the hand-over runs.
   */
  Future<Reply> call(Vertx vertx, Request request, long timeoutMillis) {
    Context caller = vertx.getOrCreateContext();
    Promise<Reply> reply = Promise.promise();
    long deadline = System.currentTimeMillis() + timeoutMillis;
    Request handedOver = request.copy();
    context.duplicate().runOnContext(v -> {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        caller.runOnContext(back -> reply.tryFail(timeout(timeoutMillis)));
        return;
      }
      Future<Reply> outcome = handler.apply(handedOver);
      long timer = outcome.isComplete() ? NO_TIMER
        : vertx.setTimer(left, id -> caller.runOnContext(back -> reply.tryFail(timeout(timeoutMillis))));
      outcome.onComplete(ar -> caller.runOnContext(back -> {
        if (timer != NO_TIMER) {
          vertx.cancelTimer(timer);
        }
        if (ar.succeeded()) {
          reply.tryComplete(ar.result().serialized());
        } else {
          reply.tryFail(ar.cause());
        }
      }));
    });
    return reply.future();
  }

  private static ReplyException timeout(long timeoutMillis) {
    return new ReplyException(ReplyFailure.TIMEOUT, "no reply from a co-located instance within " + timeoutMillis
      + " ms");
  }
}
