package io.reactivemesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTest {

  private static final long DEADLINE = 1_700_000_002_000L;
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private static Request full() {
    return new Request("PUT", "/api/articles/42",
        new JsonObject().put("id", "42"),
        new JsonObject().put("lang", "en").put("tag", new JsonArray().add("a").add("b")),
        new JsonObject().put("accept", "application/json").put("if-match", "\"v7\""),
        new JsonObject().put("title", "Hello").put("tags", new JsonArray().add("x")),
        DEADLINE, TRACEPARENT, "req-1", "idem-9");
  }

  @Test
  void shouldReadBackEveryFieldItWrites() {
    Request request = full();

    assertThat(Request.fromJson(request.toJson())).isEqualTo(request);
  }

  @Test
  void shouldSurviveTheTextEncodingOfAClusteredEventBus() {
    Request request = full();

    assertThat(Request.fromJson(new JsonObject(request.toJson().encode()))).isEqualTo(request);
  }

  @Test
  void shouldWriteOnlyMethodPathAndDeadlineWhenNothingElseIsSet() {
    Request request = Request.of("GET", "/api/articles");

    assertThat(request.toJson()).isEqualTo(new JsonObject("""
        {"method": "GET", "path": "/api/articles", "deadline": 0}
        """));
  }

  @Test
  void shouldReadBackARequestWithoutOptionalFields() {
    Request request = Request.of("GET", "/api/articles");

    Request read = Request.fromJson(request.toJson());

    assertThat(read).isEqualTo(request);
    assertThat(read.pathParams()).isEqualTo(new JsonObject());
    assertThat(read.query()).isEqualTo(new JsonObject());
    assertThat(read.headers()).isEqualTo(new JsonObject());
    assertThat(read.body()).isNull();
    assertThat(read.deadline()).isZero();
    assertThat(read.traceparent()).isNull();
    assertThat(read.requestId()).isNull();
    assertThat(read.idempotencyKey()).isNull();
  }

  @Test
  void shouldCarryABodyThatIsNotAnObject() {
    Request array = Request.of("POST", "/a").withBody(new JsonArray().add(1).add(2));
    Request text = Request.of("POST", "/a").withBody("plain");
    Request number = Request.of("POST", "/a").withBody(7);

    assertThat(Request.fromJson(array.toJson()).body()).isEqualTo(new JsonArray().add(1).add(2));
    assertThat(Request.fromJson(text.toJson()).body()).isEqualTo("plain");
    assertThat(Request.fromJson(number.toJson()).body()).isEqualTo(7);
    assertThat(array.bodyAsJsonObject()).isNull();
  }

  @Test
  void shouldRequireAMethodAndAPath() {
    assertThatThrownBy(() -> Request.of(null, "/a")).isInstanceOf(NullPointerException.class).hasMessage("method");
    assertThatThrownBy(() -> Request.of("GET", null)).isInstanceOf(NullPointerException.class).hasMessage("path");
  }

  @Test
  void shouldKeepDeadlineTraceAndRequestIdDownstreamInANewSpan() {
    Request downstream = full().downstream("GET", "/api/authors/7");

    assertThat(downstream.method()).isEqualTo("GET");
    assertThat(downstream.path()).isEqualTo("/api/authors/7");
    assertThat(downstream.deadline()).isEqualTo(DEADLINE);
    assertThat(TraceContext.traceId(downstream.traceparent())).isEqualTo(TraceContext.traceId(TRACEPARENT));
    assertThat(TraceContext.spanId(downstream.traceparent())).isNotEqualTo(TraceContext.spanId(TRACEPARENT));
    assertThat(downstream.requestId()).isEqualTo("req-1");
  }

  @Test
  void shouldNotCarryTheCallersBodyParamsHeadersOrIdempotencyKeyDownstream() {
    Request downstream = full().downstream("GET", "/api/authors/7");

    assertThat(downstream.pathParams()).isEqualTo(new JsonObject());
    assertThat(downstream.query()).isEqualTo(new JsonObject());
    assertThat(downstream.headers()).isEqualTo(new JsonObject());
    assertThat(downstream.body()).isNull();
    assertThat(downstream.idempotencyKey()).isNull();
  }

  @Test
  void shouldReadASingleQueryParameter() {
    assertThat(full().queryParam("lang")).isEqualTo("en");
  }

  @Test
  void shouldReadTheFirstValueOfARepeatedQueryParameter() {
    assertThat(full().queryParam("tag")).isEqualTo("a");
  }

  @Test
  void shouldReadNoValueForAnAbsentOrEmptyQueryParameter() {
    Request request = new Request("GET", "/a", null, new JsonObject().put("empty", new JsonArray()), null, null,
        0, null, null, null);

    assertThat(request.queryParam("absent")).isNull();
    assertThat(request.queryParam("empty")).isNull();
  }

  @Test
  void shouldReadPathParametersHeadersAndAnObjectBody() {
    Request request = full();

    assertThat(request.pathParam("id")).isEqualTo("42");
    assertThat(request.header("if-match")).isEqualTo("\"v7\"");
    assertThat(request.bodyAsJsonObject()).isEqualTo(new JsonObject().put("title", "Hello")
        .put("tags", new JsonArray().add("x")));
  }

  @Test
  void shouldChangeOnlyTheFieldAWithMethodNames() {
    Request request = full();

    assertThat(request.withDeadline(5L)).isEqualTo(new Request("PUT", "/api/articles/42", request.pathParams(),
        request.query(), request.headers(), request.body(), 5L, TRACEPARENT, "req-1", "idem-9"));
    assertThat(request.withIdempotencyKey("k").idempotencyKey()).isEqualTo("k");
    assertThat(request.withPathParams(Map.of("id", "43")).pathParam("id")).isEqualTo("43");
    assertThat(request.withBody(null).body()).isNull();
    assertThat(request.deadline()).isEqualTo(DEADLINE);
  }
}
