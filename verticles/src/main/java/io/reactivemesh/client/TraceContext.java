package io.reactivemesh.client;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * W3C Trace Context for every hop: keeps a caller's valid {@code traceparent} trace id and starts a new span for the
 * hop, or starts a new trace; and the request id, kept from {@code X-Request-Id} when it is sane.
 */
public final class TraceContext {

  private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final String INVALID_TRACE = "00000000000000000000000000000000";
  private static final HexFormat HEX = HexFormat.of();

  private TraceContext() {
  }

  /** The traceparent of the next hop: the caller's trace (if valid) with a new span id, else a new trace. */
  public static String next(String incoming) {
    if (incoming != null) {
      var match = TRACEPARENT.matcher(incoming.trim());
      if (match.matches() && !match.group(1).equals(INVALID_TRACE)) {
        return "00-" + match.group(1) + "-" + randomHex(8) + "-" + match.group(3);
      }
    }
    return "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
  }

  /** The trace id inside a traceparent, or "-" when there is none. */
  public static String traceId(String traceparent) {
    return traceparent == null || traceparent.length() < 35 ? "-" : traceparent.substring(3, 35);
  }

  /** The span id inside a traceparent, or "-" when there is none. */
  public static String spanId(String traceparent) {
    return traceparent == null || traceparent.length() < 52 ? "-" : traceparent.substring(36, 52);
  }

  public static String requestId(String incoming) {
    return incoming != null && REQUEST_ID.matcher(incoming).matches() ? incoming : randomHex(16);
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HEX.formatHex(random);
  }
}
