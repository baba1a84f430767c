package io.reactivemesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpEnvelopeTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "application/json",
      "application/json; charset=utf-8",
      "application/json;charset=UTF-8",
      " application/json ",
      "APPLICATION/JSON",
      "Application/Json; Charset=UTF-8",
      "application/problem+json",
      "application/merge-patch+json",
      "application/vnd.api+json; charset=utf-8"})
  void shouldAcceptAJsonContentType(String contentType) {
    assertThat(HttpEnvelope.isJson(contentType)).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {
      "text/plain",
      "text/json",
      "application/xml",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=json",
      "application/jsonp",
      "application/x-ndjson",
      "text/plain; charset=application/json"})
  void shouldRejectAContentTypeThatIsNotJson(String contentType) {
    assertThat(HttpEnvelope.isJson(contentType)).isFalse();
  }
}
