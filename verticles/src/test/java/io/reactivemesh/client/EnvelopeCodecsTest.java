package io.reactivemesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class EnvelopeCodecsTest {

  private static final String PRECEDING_FRAME = "event bus frame before the body";
  private final RequestCodec requests = new RequestCodec();
  private final ReplyCodec replies = new ReplyCodec();

  private static Request full() {
    return new Request("PUT", "/api/articles/42",
        new JsonObject().put("id", "42"),
        new JsonObject().put("lang", "en").put("tag", new JsonArray().add("a").add("b")),
        new JsonObject().put("accept", "application/json").put("if-match", "\"v7\"").put("user-agent", "ünïcødé"),
        new JsonObject().put("title", "Hello").put("tags", new JsonArray().add("x")),
        1_700_000_002_000L, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "req-1", "idem-9");
  }

  @Test
  void shouldReadBackEveryFieldOfARequestFromTheMiddleOfAFrame() {
    Request request = full();

    assertThat(overTheWire(request)).isEqualTo(request);
  }

  @Test
  void shouldReadBackARequestWithNothingButMethodPathAndDeadline() {
    Request request = Request.of("GET", "/api/echo").withDeadline(5);

    Request read = overTheWire(request);

    assertThat(read).isEqualTo(request);
    assertThat(read.body()).isNull();
    assertThat(read.traceparent()).isNull();
    assertThat(read.headers()).isEqualTo(new JsonObject());
  }

  @Test
  void shouldCarryEveryKindOfJsonBody() {
    for (Object body : new Object[] {new JsonArray().add(1).add("two"), "plain", 7, true}) {
      assertThat(overTheWire(full().withBody(body)).body()).isEqualTo(body);
    }
  }

  @Test
  void shouldKeepAReplyBodyAsItsJsonBytesUntilItIsRead() {
    JsonObject body = new JsonObject().put("id", "42").put("title", "Hello");
    Reply reply = Reply.ok(body).withHeader("etag", "\"3\"");

    Reply read = overTheWire(reply);

    assertThat(read.encodedBody()).isEqualTo(Buffer.buffer(body.encode()));
    assertThat(read).isEqualTo(reply);
    assertThat(read.body()).isEqualTo(body);
    assertThat(read.headers().getString("etag")).isEqualTo("\"3\"");
  }

  @Test
  void shouldCarryReplyHeadersThatAreNotStringsAsJson() {
    Reply reply = new Reply(503, new JsonObject().put("retry-after", 1), null);

    Reply read = overTheWire(reply);

    assertThat(read).isEqualTo(reply);
    assertThat(read.encodedBody()).isNull();
  }

  @Test
  void shouldPassABodyReadFromTheWireOnUnparsed() {
    Reply read = overTheWire(Reply.ok(new JsonObject().put("n", 1)));

    Reply again = overTheWire(read.withHeader("x-mesh-instance", "a"));

    assertThat(again.body()).isEqualTo(new JsonObject().put("n", 1));
    assertThat(again.headers().getString("x-mesh-instance")).isEqualTo("a");
  }

  @Test
  void shouldHandAnEnvelopeOverWithinANodeAsACopySharingNothingMutable() {
    Request request = full();
    Reply reply = Reply.ok(new JsonObject().put("n", 1));

    Request delivered = requests.transform(request);
    Reply answered = replies.transform(reply);
    delivered.headers().put("accept", "text/plain");
    delivered.bodyAsJsonObject().put("title", "changed by the receiver");
    ((JsonObject) answered.body()).put("n", 2);

    assertThat(request).isEqualTo(full());
    assertThat(reply.body()).isEqualTo(new JsonObject().put("n", 1));
  }

  @Test
  void shouldRefuseAnEnvelopeOfAnotherWireVersion() {
    Buffer frame = Buffer.buffer().appendByte((byte) 9);

    assertThatThrownBy(() -> requests.decodeFromWire(0, frame))
        .hasMessageContaining("mesh request envelope of wire version 9");
  }

  private Request overTheWire(Request request) {
    Buffer frame = Buffer.buffer(PRECEDING_FRAME);
    requests.encodeToWire(frame, request);
    return requests.decodeFromWire(PRECEDING_FRAME.length(), frame);
  }

  private Reply overTheWire(Reply reply) {
    Buffer frame = Buffer.buffer(PRECEDING_FRAME);
    replies.encodeToWire(frame, reply);
    return replies.decodeFromWire(PRECEDING_FRAME.length(), frame);
  }
}
