package io.reactivemesh.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;

/**
 * A JSON value as it came over the event bus, parsed on first read: a gateway that only writes a reply's body to
 * HTTP sends these bytes as they are, without parsing and encoding them again.
 */
final class JsonBytes {

  private final Buffer bytes;
  private Object value;
  private boolean parsed;

  JsonBytes(Buffer bytes) {
    this.bytes = bytes;
  }

  Buffer bytes() {
    return bytes;
  }

  /** The JSON bytes of an envelope's body: as they came when it is still bytes, else encoded now; null for none. */
  static Buffer of(Object body) {
    return body instanceof JsonBytes json ? json.bytes : body == null ? null : Json.encodeToBuffer(body);
  }

  /** The JSON value (JsonObject, JsonArray, String, Number, Boolean); read on the thread that handles the envelope. */
  Object value() {
    if (!parsed) {
      value = Json.decodeValue(bytes);
      parsed = true;
    }
    return value;
  }
}
