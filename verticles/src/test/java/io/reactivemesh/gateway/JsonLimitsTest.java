package io.reactivemesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonLimitsTest {

  @ParameterizedTest(name = "{0} nests {1} deep")
  @CsvSource(delimiter = '|', textBlock = """
      42                                  | 0
      "text"                              | 0
      {}                                  | 1
      []                                  | 1
      {"a": 1, "b": [1, 2]}               | 2
      [[[]]]                              | 3
      [[], [[]], []]                      | 3
      {"a": [{"b": [1]}]}                 | 4
      [{"a": {}}, {"b": {"c": [[]]}}]     | 5
      """)
  void shouldMeasureTheDeepestNesting(String json, int depth) {
    assertThat(JsonLimits.depth(Buffer.buffer(json))).isEqualTo(depth);
  }

  @Test
  void shouldBeZeroForAnEmptyBody() {
    assertThat(JsonLimits.depth(Buffer.buffer())).isZero();
  }

  @Test
  void shouldIgnoreBracketsInsideStrings() {
    assertThat(JsonLimits.depth(Buffer.buffer("{\"a\": \"[[[{{{\", \"[{\": \"}]\"}"))).isEqualTo(1);
  }

  @Test
  void shouldNotEndAStringAtAnEscapedQuote() {
    assertThat(JsonLimits.depth(Buffer.buffer("{\"a\": \"say \\\"[[[\\\" twice\"}"))).isEqualTo(1);
  }

  @Test
  void shouldEndAStringAtAQuoteAfterAnEscapedBackslash() {
    assertThat(JsonLimits.depth(Buffer.buffer("{\"a\": \"C:\\\\\", \"b\": [[1]]}"))).isEqualTo(3);
  }

  @Test
  void shouldIgnoreMultiByteCharacters() {
    assertThat(JsonLimits.depth(Buffer.buffer("{\"città\": [\"été\", \"日本\"]}"))).isEqualTo(2);
  }

  @Test
  void shouldMeasureAHostileDepthWithoutParsing() {
    String hostile = "[".repeat(100_000) + "]".repeat(100_000);

    assertThat(JsonLimits.depth(Buffer.buffer(hostile))).isEqualTo(100_000);
  }
}
