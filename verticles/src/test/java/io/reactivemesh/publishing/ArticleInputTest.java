package io.reactivemesh.publishing;

import io.reactivemesh.client.MeshException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Article input: the limits of DESIGN §5, each breach a problem naming the field")
class ArticleInputTest {

  private static JsonObject valid() {
    return new JsonObject().put("title", "T").put("body", "B").put("author", "ann.b_c-1")
      .put("tags", new JsonArray().add("x"));
  }

  private static MeshException rejection(Object body) {
    try {
      ArticleInput.parse(body);
    } catch (MeshException e) {
      return e;
    }
    throw new AssertionError("accepted " + body);
  }

  private static JsonObject without(JsonObject json, String field) {
    json.remove(field);
    return json;
  }

  private static String field(MeshException e) {
    return ((JsonObject) e.toReply().body()).getString("field");
  }

  @Test
  void shouldAcceptEveryLimitExactly() {
    JsonArray tags = new JsonArray();
    for (int i = 0; i < ArticleInput.MAX_TAGS; i++) {
      tags.add(i + "t".repeat(ArticleInput.MAX_TAG_CHARS - 1));
    }
    JsonObject body = valid()
      .put("title", "é".repeat(ArticleInput.MAX_TITLE_CHARS))
      .put("body", "b".repeat(ArticleInput.MAX_BODY_BYTES))
      .put("author", "a".repeat(64))
      .put("tags", tags);

    ArticleInput input = ArticleInput.parse(body);

    assertThat(input.title()).hasSize(200);
    assertThat(input.tags()).hasSize(10);
  }

  @Test
  void shouldAnswer400WhenTheBodyIsNotAJsonObject() {
    assertThat(rejection(new JsonArray()).status()).isEqualTo(400);
    assertThat(rejection(null).status()).isEqualTo(400);
    assertThat(field(rejection("text"))).isEqualTo("body");
  }

  @Test
  void shouldAnswer413WhenTheArticleBodyIsOver64KiBOfUtf8() {
    // 32768 two-byte characters are 64 KiB; one more is over
    MeshException e = rejection(valid().put("body", "é".repeat(ArticleInput.MAX_BODY_BYTES / 2 + 1)));

    assertThat(e.status()).isEqualTo(413);
    assertThat(field(e)).isEqualTo("body");
  }

  @Test
  void shouldAnswer422NamingEachFieldAtFault() {
    assertThat(field(rejection(valid().put("title", "t".repeat(201))))).isEqualTo("title");
    assertThat(field(rejection(valid().put("title", "  ")))).isEqualTo("title");
    assertThat(field(rejection(without(valid(), "title")))).isEqualTo("title");
    assertThat(field(rejection(valid().put("author", "Ann")))).isEqualTo("author");
    assertThat(field(rejection(valid().put("author", "a".repeat(65))))).isEqualTo("author");
    assertThat(field(rejection(valid().put("tags", new JsonArray(Collections.nCopies(11, "t")))))).isEqualTo("tags");
    assertThat(field(rejection(valid().put("tags", new JsonArray().add("t".repeat(33)))))).isEqualTo("tags");
    assertThat(field(rejection(valid().put("tags", new JsonArray().add("a").add("a"))))).isEqualTo("tags");
    assertThat(field(rejection(valid().put("tags", "a,b")))).isEqualTo("tags");
    assertThat(field(rejection(valid().put("body", 3)))).isEqualTo("body");
    assertThat(field(rejection(valid().put("colour", "red")))).isEqualTo("colour");
    assertThat(rejection(valid().put("author", "Ann")).status()).isEqualTo(422);
  }

  @Test
  void shouldListEveryFieldAtFaultAndNameTheFirst() {
    MeshException e = rejection(new JsonObject().put("title", "").put("author", "!").put("extra", 1));

    JsonObject problem = (JsonObject) e.toReply().body();
    assertThat(problem.getString("field")).isEqualTo("title");
    assertThat(problem.getJsonArray("errors").stream().map(o -> ((JsonObject) o).getString("field")).toList())
      .containsExactly("title", "body", "author", "extra");
  }

  @Test
  void shouldIgnoreReadOnlyFieldsSentBackAndDefaultTagsToNone() {
    ArticleInput input = ArticleInput.parse(valid().put("id", "x").put("version", 7).put("status", "published"));

    assertThat(input.tags()).isEqualTo(List.of("x"));
    assertThat(ArticleInput.parse(without(valid(), "tags")).tags()).isEmpty();
  }
}
