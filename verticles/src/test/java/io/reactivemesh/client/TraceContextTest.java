package io.reactivemesh.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceContextTest {

  private static final String NEW_TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-01";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final String CALLER = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

  @Test
  void shouldKeepTheCallersTraceIdAndStartANewSpan() {
    String next = TraceContext.next(CALLER);

    assertThat(next).matches(NEW_TRACEPARENT).startsWith("00-" + TRACE_ID + "-");
    assertThat(spanId(next)).isNotEqualTo(SPAN_ID);
    assertThat(TraceContext.traceId(next)).isEqualTo(TRACE_ID);
  }

  @Test
  void shouldStartADifferentSpanForEachRequest() {
    assertThat(spanId(TraceContext.next(CALLER))).isNotEqualTo(spanId(TraceContext.next(CALLER)));
  }

  @Test
  void shouldKeepTheCallersTraceFlags() {
    String next = TraceContext.next("00-" + TRACE_ID + "-" + SPAN_ID + "-00");

    assertThat(next).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-00");
  }

  @Test
  void shouldIgnoreWhitespaceAroundTheCallersTraceparent() {
    assertThat(TraceContext.traceId(TraceContext.next("  " + CALLER + " "))).isEqualTo(TRACE_ID);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {
      "garbage",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
      "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01"})
  void shouldStartANewTraceWhenTheCallersTraceparentIsMissingOrInvalid(String incoming) {
    String next = TraceContext.next(incoming);

    assertThat(next).matches(NEW_TRACEPARENT);
    assertThat(TraceContext.traceId(next))
        .isNotEqualTo(TRACE_ID)
        .isNotEqualTo("0".repeat(32));
  }

  @Test
  void shouldStartADifferentTraceForEachRequestWithoutOne() {
    assertThat(TraceContext.traceId(TraceContext.next(null)))
        .isNotEqualTo(TraceContext.traceId(TraceContext.next(null)));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"abc-123", "req_1.2:3", "4bf92f3577b34da6a3ce929d0e0e4736", "A"})
  void shouldKeepASaneRequestId(String incoming) {
    assertThat(TraceContext.requestId(incoming)).isEqualTo(incoming);
  }

  @Test
  void shouldKeepARequestIdOfExactlyOneHundredTwentyEightCharacters() {
    String longest = "r".repeat(128);

    assertThat(TraceContext.requestId(longest)).isEqualTo(longest);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {"has space", "<script>", "line\nbreak", "caf\u00e9", "a/b", "x\"y"})
  void shouldReplaceARequestIdWithBadCharacters(String incoming) {
    assertThat(TraceContext.requestId(incoming)).matches("[0-9a-f]{32}");
  }

  @Test
  void shouldReplaceARequestIdLongerThanOneHundredTwentyEightCharacters() {
    assertThat(TraceContext.requestId("r".repeat(129))).matches("[0-9a-f]{32}");
  }

  private static String spanId(String traceparent) {
    return traceparent.substring(36, 52);
  }
}
