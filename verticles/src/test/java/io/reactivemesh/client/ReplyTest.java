package io.reactivemesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyTest {

  @Test
  void shouldReadBackStatusHeadersAndBody() {
    Reply reply = new Reply(201, new JsonObject().put("location", "/api/orders/9").put("etag", "\"v1\""),
        new JsonObject().put("id", 9).put("lines", new JsonArray().add("a")));

    assertThat(Reply.fromJson(reply.toJson())).isEqualTo(reply);
    assertThat(Reply.fromJson(new JsonObject(reply.toJson().encode()))).isEqualTo(reply);
  }

  @Test
  void shouldWriteOnlyTheStatusOfAnEmptyReply() {
    Reply reply = Reply.noContent();

    assertThat(reply.toJson()).isEqualTo(new JsonObject().put("status", 204));
    assertThat(Reply.fromJson(reply.toJson())).isEqualTo(reply);
    assertThat(Reply.fromJson(reply.toJson()).headers()).isEqualTo(new JsonObject());
    assertThat(Reply.fromJson(reply.toJson()).body()).isNull();
  }

  @Test
  void shouldCarryABodyThatIsNotAnObject() {
    assertThat(Reply.fromJson(Reply.ok(new JsonArray().add(1)).toJson()).body()).isEqualTo(new JsonArray().add(1));
    assertThat(Reply.fromJson(Reply.ok("done").toJson()).body()).isEqualTo("done");
  }

  @Test
  void shouldShapeAProblemAsRfc9457() {
    Reply reply = Reply.problem(409, "Conflict", "article 42 was changed meanwhile",
        new JsonObject().put("field", "If-Match").put("current", "\"v8\""));

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.headers()).isEqualTo(new JsonObject().put("content-type", "application/problem+json"));
    assertThat(reply.body()).isEqualTo(new JsonObject()
        .put("type", "about:blank")
        .put("title", "Conflict")
        .put("status", 409)
        .put("detail", "article 42 was changed meanwhile")
        .put("field", "If-Match")
        .put("current", "\"v8\""));
  }

  @Test
  void shouldShapeAProblemWithoutExtraMembers() {
    Reply reply = Reply.problem(404, "Not Found", "no article 42", null);

    assertThat(reply.body()).isEqualTo(new JsonObject()
        .put("type", "about:blank")
        .put("title", "Not Found")
        .put("status", 404)
        .put("detail", "no article 42"));
    assertThat(reply.headers().getString("content-type")).isEqualTo(Reply.PROBLEM_JSON);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {-1, 0, 99, 600, 1000})
  void shouldRejectAStatusThatIsNotAnHttpStatus(int status) {
    assertThatThrownBy(() -> Reply.of(status, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be an HTTP status, got " + status);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {100, 200, 599})
  void shouldAcceptEveryHttpStatus(int status) {
    assertThat(Reply.of(status, null).status()).isEqualTo(status);
  }

  @Test
  void shouldAddAHeaderUnderItsLowerCaseNameWithoutChangingTheOriginal() {
    Reply original = Reply.ok("x");

    Reply withHeader = original.withHeader("Retry-After", "1");

    assertThat(withHeader.headers()).isEqualTo(new JsonObject().put("retry-after", "1"));
    assertThat(original.headers()).isEqualTo(new JsonObject());
  }

  @Test
  void shouldCallOnlyFiveHundredsServerErrors() {
    assertThat(Reply.of(500, null).isServerError()).isTrue();
    assertThat(Reply.of(503, null).isServerError()).isTrue();
    assertThat(Reply.of(499, null).isServerError()).isFalse();
    assertThat(Reply.ok(null).isServerError()).isFalse();
  }

  @Test
  void shouldHandOverASerializedCopyWhoseBodyIsItsJsonBytes() {
    JsonObject body = new JsonObject().put("id", 9).put("lines", new JsonArray().add("a"));
    Reply reply = new Reply(200, new JsonObject().put("etag", "\"v1\""), body);

    Reply copy = reply.serialized();
    body.put("id", 10);
    body.getJsonArray("lines").add("b");

    assertThat(copy.encodedBody()).isEqualTo(Buffer.buffer("{\"id\":9,\"lines\":[\"a\"]}"));
    assertThat(copy.body()).isEqualTo(new JsonObject().put("id", 9).put("lines", new JsonArray().add("a")));
    assertThat(copy.headers()).isEqualTo(reply.headers()).isNotSameAs(reply.headers());
    assertThat(Reply.noContent().serialized()).isEqualTo(Reply.noContent());
  }
}
