package io.reactivemesh.gateway;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * W3C Trace Context at the edge: keeps a caller's valid {@code traceparent} trace id and starts a new span for the
 * gateway hop, or starts a new trace; and the request id, kept from {@code X-Request-Id} when it is sane.
 */
final class TraceContext {

  private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final String INVALID_TRACE = "00000000000000000000000000000000";
  private static final HexFormat HEX = HexFormat.of();

  private TraceContext() {
  }

  /** The traceparent the gateway passes on: the caller's trace (if valid) with a new span id, else a new trace. */
  static String next(String incoming) {
    if (incoming != null) {
      var match = TRACEPARENT.matcher(incoming.trim());
      if (match.matches() && !match.group(1).equals(INVALID_TRACE)) {
        return "00-" + match.group(1) + "-" + randomHex(8) + "-" + match.group(3);
      }
    }
    return "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
  }

  /** The trace id inside a traceparent. */
  static String traceId(String traceparent) {
    return traceparent.substring(3, 35);
  }

  static String requestId(String incoming) {
    return incoming != null && REQUEST_ID.matcher(incoming).matches() ? incoming : randomHex(16);
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HEX.formatHex(random);
  }
}
