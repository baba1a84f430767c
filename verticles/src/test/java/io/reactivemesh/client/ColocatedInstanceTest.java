package io.reactivemesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The co-located hand-over on a real event loop: a reply that comes at once, one that comes too late, and a hand-over
 * that only runs after its deadline; each outcome reaches the caller on the caller's own context.
 */
@ExtendWith(VertxExtension.class)
class ColocatedInstanceTest {

  private static final Request REQUEST = Request.of("GET", "/api/echo/1").withBody(new JsonObject().put("n", 1));

  /** Makes the instance on a fresh event-loop context, then runs {@code caller} on that same context. */
  private static void onInstanceLoop(Vertx vertx, Function<Request, Future<Reply>> handler,
                                     BiConsumer<ColocatedInstance, Context> caller) {
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> caller.accept(new ColocatedInstance(context, handler), context));
  }

  @Test
  @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
  void shouldHandOverACopyAndGiveTheReplyBackAsJsonBytesOnTheCallersContext(Vertx vertx, VertxTestContext test) {
    JsonObject body = new JsonObject().put("answer", 42);
    onInstanceLoop(vertx, request -> {
      request.bodyAsJsonObject().put("n", 2);
      return Future.succeededFuture(Reply.ok(body));
    }, (instance, context) -> instance.call(vertx, REQUEST, 1_000).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertThat(Vertx.currentContext()).isSameAs(context);
      assertThat(reply.rawBody()).isInstanceOf(JsonBytes.class);
      assertThat(reply.encodedBody()).isEqualTo(Buffer.buffer(body.encode()));
      assertThat(REQUEST.bodyAsJsonObject().getInteger("n")).isEqualTo(1);
      test.completeNow();
    }))));
  }

  @Test
  @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
  void shouldFailWithATimeoutAtTheDeadlineWhenTheReplyComesLater(Vertx vertx, VertxTestContext test) {
    Promise<Reply> late = Promise.promise();
    long start = System.nanoTime();
    onInstanceLoop(vertx, request -> late.future(), (instance, context) -> instance.call(vertx, REQUEST, 200)
      .onComplete(test.failing(error -> test.verify(() -> {
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(Vertx.currentContext()).isSameAs(context);
        assertThat(error).isInstanceOf(ReplyException.class);
        assertThat(((ReplyException) error).failureType()).isEqualTo(ReplyFailure.TIMEOUT);
        assertThat(tookMillis).isBetween(190L, 2_000L);
        late.complete(Reply.ok("too late"));
        vertx.setTimer(100, id -> test.completeNow());
      }))));
  }

  @Test
  @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
  void shouldNotCallTheHandlerWhenTheHandOverRunsAfterTheDeadline(Vertx vertx, VertxTestContext test) {
    AtomicInteger handled = new AtomicInteger();
    // no time left: the deadline is the moment of the call, so the hand-over, queued behind this task, runs past it
    onInstanceLoop(vertx, request -> {
      handled.incrementAndGet();
      return Future.succeededFuture(Reply.ok("served"));
    }, (instance, context) -> instance.call(vertx, REQUEST, 0).onComplete(test.failing(error -> test.verify(() -> {
      assertThat(Vertx.currentContext()).isSameAs(context);
      assertThat(((ReplyException) error).failureType()).isEqualTo(ReplyFailure.TIMEOUT);
      assertThat(handled).hasValue(0);
      test.completeNow();
    }))));
  }
}
