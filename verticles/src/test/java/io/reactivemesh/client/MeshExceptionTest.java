package io.reactivemesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class MeshExceptionTest {

  @Test
  void shouldAskTheClientToRetryAfterOneSecondOnA503() {
    Reply reply = MeshException.noInstance("orders").toReply();

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.headers()).isEqualTo(new JsonObject()
        .put("content-type", "application/problem+json")
        .put("retry-after", "1"));
    assertThat(reply.body()).isEqualTo(new JsonObject()
        .put("type", "about:blank")
        .put("title", "Service Unavailable")
        .put("status", 503)
        .put("detail", "no live instance of service 'orders'"));
  }

  @Test
  void shouldAskForARetryOnEveryKindOf503() {
    assertThat(MeshException.bulkheadFull("orders", 64).toReply().headers().getString("retry-after")).isEqualTo("1");
    assertThat(MeshException.unavailable("orders", null).toReply().headers().getString("retry-after")).isEqualTo("1");
  }

  @Test
  void shouldNotAskForARetryOnA504() {
    Reply reply = MeshException.deadline("orders", 2_000).toReply();

    assertThat(reply.status()).isEqualTo(504);
    assertThat(reply.headers()).isEqualTo(new JsonObject().put("content-type", "application/problem+json"));
    assertThat(reply.body()).isEqualTo(new JsonObject()
        .put("type", "about:blank")
        .put("title", "Gateway Timeout")
        .put("status", 504)
        .put("detail", "service 'orders' did not answer within the deadline (2000 ms)"));
  }

  @Test
  void shouldNameTheFieldOfAnInvalidRequest() {
    Reply reply = MeshException.invalid(422, "Unprocessable Content", "quantity must be > 0", "quantity").toReply();

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.headers().containsKey("retry-after")).isFalse();
    assertThat(reply.body()).isEqualTo(new JsonObject()
        .put("type", "about:blank")
        .put("title", "Unprocessable Content")
        .put("status", 422)
        .put("detail", "quantity must be > 0")
        .put("field", "quantity"));
  }

  @Test
  void shouldLeaveTheFieldOutWhenNoneIsNamed() {
    Reply reply = MeshException.invalid(400, "Bad Request", "bad", null).toReply();

    assertThat(((JsonObject) reply.body()).containsKey("field")).isFalse();
  }

  @Test
  void shouldSayWhyNoInstanceCouldAnswer() {
    assertThat(MeshException.unavailable("orders", new ReplyException(ReplyFailure.NO_HANDLERS, "gone")).getMessage())
        .isEqualTo("no instance of service 'orders' could answer: no handlers");
    assertThat(MeshException.unavailable("orders", new IllegalStateException()).getMessage())
        .isEqualTo("no instance of service 'orders' could answer: IllegalStateException");
    assertThat(MeshException.unavailable("orders", null).getMessage())
        .isEqualTo("no instance of service 'orders' could answer: no answer");
  }

  @Test
  void shouldExposeItsStatusAndTitle() {
    MeshException e = MeshException.bulkheadFull("orders", 64);

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.title()).isEqualTo("Service Unavailable");
    assertThat(e).hasMessage("service 'orders' has 64 calls in flight on this node, its limit");
  }
}
