package io.reactivemesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBytesTest {

  /** A body a service might put in a reply that is not a JSON type: only databind can map it. */
  public record Price(String currency, long cents) {
  }

  private enum Status { DRAFT }

  @Test
  void shouldEncodeJsonTypesToTheSameBytesAsVertxJson() {
    JsonObject body = new JsonObject()
      .put("text", "caf\u00e9 \"quoted\" \\ \n end")
      .put("int", 7)
      .put("long", Long.MAX_VALUE)
      .put("double", 2.5)
      .put("decimal", new BigDecimal("12345678901234567890.125"))
      .put("flag", true)
      .putNull("none")
      .put("at", Instant.parse("2026-12-05T10:00:00Z"))
      .put("bytes", new byte[] {1, 2, 3})
      .put("buffer", Buffer.buffer("raw"))
      .put("status", Status.DRAFT)
      .put("list", new JsonArray().add(1).add(new JsonObject().put("nested", List.of("a", "b"))))
      .put("map", Map.of("k", 1));

    for (Object value : List.of(body, body.getJsonArray("list"), "plain", 42, false)) {
      assertThat(JsonBytes.encode(value).toString()).isEqualTo(Json.encodeToBuffer(value).toString());
    }
  }

  @Test
  void shouldEncodeAValueThatIsNotAJsonTypeThroughDatabind() {
    JsonObject body = new JsonObject().put("price", new Price("EUR", 1250));

    assertThat(JsonBytes.encode(body).toJsonObject())
      .isEqualTo(new JsonObject().put("price", new JsonObject().put("currency", "EUR").put("cents", 1250)));
    assertThat(JsonBytes.encode(new Price("USD", 5)).toString()).isEqualTo(Json.encode(new Price("USD", 5)));
  }

  @Test
  void shouldHandOverBytesThatCameOverTheWireAsTheyAre() {
    Buffer wire = Buffer.buffer("{ \"spaced\" : 1 }");

    assertThat(JsonBytes.of(new JsonBytes(wire))).isSameAs(wire);
    assertThat(JsonBytes.of(null)).isNull();
  }

  @Test
  void shouldEncodeEachDocumentAloneOnAThreadThatEncodedBefore() {
    JsonObject first = new JsonObject().put("a", 1);
    JsonArray second = new JsonArray().add("b").add(2);

    assertThat(JsonBytes.encode(first).toString()).isEqualTo("{\"a\":1}");
    assertThat(JsonBytes.encode(second).toString()).isEqualTo("[\"b\",2]");
    assertThat(JsonBytes.encode("c").toString()).isEqualTo("\"c\"");
  }

  @Test
  void shouldEncodeTheNextBodyWholeAfterOneThatStoppedHalfwayForDatabind() {
    JsonObject halfway = new JsonObject().put("before", "x").put("price", new Price("EUR", 1)).put("after", 2);
    JsonObject next = new JsonObject().put("next", true);

    assertThat(JsonBytes.encode(halfway).toJsonObject()).isEqualTo(new JsonObject().put("before", "x")
      .put("price", new JsonObject().put("currency", "EUR").put("cents", 1)).put("after", 2));
    assertThat(JsonBytes.encode(next).toString()).isEqualTo("{\"next\":true}");
  }

  @Test
  void shouldEncodeABodyLargerThanTheKeptArrayAndASmallOneAfterIt() {
    JsonObject large = new JsonObject().put("text", "\u00e9x".repeat(100_000));
    JsonObject small = new JsonObject().put("s", 1);

    assertThat(JsonBytes.encode(large).toString()).isEqualTo(Json.encode(large));
    assertThat(JsonBytes.encode(small).toString()).isEqualTo("{\"s\":1}");
  }

  @Test
  void shouldAppendAfterWhatTheBufferAlreadyHolds() {
    Buffer frame = Buffer.buffer("head:");

    JsonBytes.encodeTo(frame, new JsonObject().put("k", "v"));

    assertThat(frame.toString()).isEqualTo("head:{\"k\":\"v\"}");
  }
}
