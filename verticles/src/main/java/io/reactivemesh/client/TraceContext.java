package io.reactivemesh.client;

import java.nio.charset.StandardCharsets;
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
  private static final byte[] HEX_DIGITS = ascii("0123456789abcdef");
  /** A new trace's traceparent, its ids still to write: version 00, sampled. */
  private static final byte[] NEW_TRACEPARENT = ascii("00-" + "_".repeat(32) + "-" + "_".repeat(16) + "-01");
  private static final int TRACE_ID_AT = 3;
  private static final int SPAN_ID_AT = 36;
  /** Hex characters of one random long. */
  private static final int LONG_HEX = 16;

  private TraceContext() {
  }

  /** The traceparent of the next hop: the caller's trace (if valid) with a new span id, else a new trace. */
  public static String next(String incoming) {
    if (incoming != null) {
      var match = TRACEPARENT.matcher(incoming.trim());
      if (match.matches() && !match.group(1).equals(INVALID_TRACE)) {
        return "00-" + match.group(1) + "-" + randomHex(1) + "-" + match.group(3);
      }
    }
    byte[] traceparent = NEW_TRACEPARENT.clone();
    writeRandomHex(traceparent, TRACE_ID_AT, 2);
    writeRandomHex(traceparent, SPAN_ID_AT, 1);
    return new String(traceparent, StandardCharsets.ISO_8859_1);
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
    return incoming != null && REQUEST_ID.matcher(incoming).matches() ? incoming : randomHex(2);
  }

  private static String randomHex(int longs) {
    byte[] hex = new byte[longs * LONG_HEX];
    writeRandomHex(hex, 0, longs);
    return new String(hex, StandardCharsets.ISO_8859_1);
  }

  /**
   * Writes {@code longs} random longs in lower-case hex at {@code at}, never all zeros (W3C reads an all-zero trace or
   * span id as invalid). Ids are written into the bytes of their string, with no array or string per part: this runs
   * two or three times for every request the gateway takes.
   */
  private static void writeRandomHex(byte[] out, int at, int longs) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long first;
    do {
      first = random.nextLong();
    } while (first == 0);
    writeHex(out, at, first);
    for (int part = 1; part < longs; part++) {
      writeHex(out, at + part * LONG_HEX, random.nextLong());
    }
  }

  private static void writeHex(byte[] out, int at, long value) {
    for (int i = at + LONG_HEX - 1; i >= at; i--) {
      out[i] = HEX_DIGITS[(int) value & 0xf];
      value >>>= 4;
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
