package io.reactivemesh.publishing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the publishing verticles' config values with their defaults, rejecting a wrong type, an out-of-range value or
 * an unknown key with an {@link IllegalArgumentException} that names the key, so a bad conf fails at start.
 */
final class ConfigValues {

  private ConfigValues() {
  }

  static void requireKnownKeys(JsonObject json, String where, Set<String> known) {
    for (String key : json.fieldNames()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(where + "." + key + " is not a known key; known keys: "
          + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  static long whole(JsonObject json, String where, String key, long fallback, long min, long max) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
      || number.longValue() < min || number.longValue() > max) {
      throw new IllegalArgumentException(where + "." + key + " must be a whole number from " + min + " to " + max
        + ", got " + value);
    }
    return number.longValue();
  }

  static List<String> strings(JsonObject json, String where, String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException(where + "." + key + " must be a list of strings, got " + value);
    }
    List<String> strings = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String text) || text.isBlank()) {
        throw new IllegalArgumentException(where + "." + key + " must be a list of non-blank strings, got " + value);
      }
      strings.add(text);
    }
    return List.copyOf(strings);
  }
}
