package io.reactivemesh.gateway;

import io.vertx.core.buffer.Buffer;

/** Measures how deeply a JSON text nests, before it is parsed, so that a hostile body cannot exhaust the parser. */
final class JsonLimits {

  private JsonLimits() {
  }

  /** The deepest nesting of objects and arrays in {@code json}; brackets inside strings do not count. */
  static int depth(Buffer json) {
    int depth = 0;
    int deepest = 0;
    boolean inString = false;
    boolean escaped = false;
    for (int i = 0, n = json.length(); i < n; i++) {
      byte b = json.getByte(i);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        deepest = Math.max(deepest, ++depth);
      } else if (b == '}' || b == ']') {
        depth--;
      }
    }
    return deepest;
  }
}
