package io.reactivemesh.loadtest;

import java.time.Duration;

/**
 * A simulation's parameters, from {@code -Dname=value} (Maven passes its command line's system properties on to the
 * forked Gatling JVM), each with its default; a malformed value fails the run at once with a message naming it.
 */
final class Params {

  private Params() {
  }

  static double number(String name, double defaultValue) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      double parsed = Double.parseDouble(value.trim());
      if (parsed < 0 || Double.isNaN(parsed) || Double.isInfinite(parsed)) {
        throw new NumberFormatException("negative");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + name + " must be a number >= 0, got '" + value + "'");
    }
  }

  static int whole(String name, int defaultValue) {
    double value = number(name, defaultValue);
    if (value != Math.rint(value)) {
      throw new IllegalArgumentException("-D" + name + " must be a whole number, got " + value);
    }
    return (int) value;
  }

  static Duration seconds(String name, long defaultSeconds) {
    return Duration.ofMillis(Math.round(number(name, defaultSeconds) * 1000));
  }

  static String text(String name, String defaultValue) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    value = value.trim();
    // gatling-maven-plugin wraps a propagated value that holds a space in double quotes, which reach us as characters
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    return value;
  }
}
