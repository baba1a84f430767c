package io.reactivemesh.client.policy;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Reads typed values out of policy JSON and turns every malformed value into an IllegalArgumentException
 * naming the full key, so a bad conf file fails at start with one clear line.
 */
final class ConfigReader {

  private ConfigReader() {
  }

  /** Joins a section and a key the way messages and docs spell them: {@code breaker.minimumCalls}. */
  static String path(String section, String key) {
    return section.isEmpty() ? key : section + "." + key;
  }

  static int intValue(JsonObject json, String section, String key, int current) {
    if (!json.containsKey(key)) {
      return current;
    }
    long value = longValue(json, section, key, current);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw invalid(section, key, "must be a 32-bit integer", json.getValue(key));
    }
    return (int) value;
  }

  static long longValue(JsonObject json, String section, String key, long current) {
    if (!json.containsKey(key)) {
      return current;
    }
    Object value = json.getValue(key);
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    // YAML and JSON parsers may hand over 2000.0 for 2000; accept it, but never silently truncate 2.5.
    if (value instanceof Number number) {
      double d = number.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
        return (long) d;
      }
    }
    throw invalid(section, key, "must be an integer", value);
  }

  static double doubleValue(JsonObject json, String section, String key, double current) {
    if (!json.containsKey(key)) {
      return current;
    }
    Object value = json.getValue(key);
    if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
      return number.doubleValue();
    }
    throw invalid(section, key, "must be a number", value);
  }

  static boolean booleanValue(JsonObject json, String section, String key, boolean current) {
    if (!json.containsKey(key)) {
      return current;
    }
    Object value = json.getValue(key);
    if (value instanceof Boolean bool) {
      return bool;
    }
    throw invalid(section, key, "must be true or false", value);
  }

  /** The nested section, or null when absent; anything else than an object there is a mistake. */
  static JsonObject section(JsonObject json, String key) {
    if (!json.containsKey(key)) {
      return null;
    }
    Object value = json.getValue(key);
    if (value instanceof JsonObject object) {
      return object;
    }
    throw invalid("", key, "must be an object", value);
  }

  /** A typo such as {@code consecutiveFailure} would otherwise leave the default in force without a word. */
  static void requireKnownKeys(JsonObject json, String section, List<String> known) {
    for (String key : json.fieldNames()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            path(section, key) + " is not a known key; known keys: " + String.join(", ", known));
      }
    }
  }

  static IllegalArgumentException invalid(String section, String key, String rule, Object got) {
    return new IllegalArgumentException(path(section, key) + " " + rule + ", got " + show(got));
  }

  private static String show(Object value) {
    return value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
  }
}
