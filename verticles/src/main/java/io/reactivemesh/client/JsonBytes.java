package io.reactivemesh.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.jackson.JacksonCodec;

/**
 * A JSON value as it came over the event bus, parsed on first read: a gateway that only writes a reply's body to
 * HTTP sends these bytes as they are, without parsing and encoding them again.
 */
final class JsonBytes {

  /** Vert.x's streaming encoder, without the databind {@link Json#CODEC} adds on top of it (see {@link #encode}). */
  private static final JacksonCodec STREAMING = new JacksonCodec();

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
    return body instanceof JsonBytes json ? json.bytes : body == null ? null : encode(body);
  }

  /**
   * The JSON bytes of {@code value}. JSON types (JsonObject, JsonArray, maps, lists, strings, numbers, booleans, and
   * what Vert.x encodes as strings: Instant, byte[], Buffer, enums) go through Vert.x's streaming encoder, the same
   * bytes as {@link Json#encodeToBuffer} without databind's per-call serializer lookup (JSON encoding fell from 9 % to
   * 5 % of a node's CPU samples in the local echo benchmark); anything else (a POJO in a body) through databind.
   */
  static Buffer encode(Object value) {
    try {
      return STREAMING.toBuffer(value, false);
    } catch (EncodeException notOnlyJsonTypes) {
      return Json.encodeToBuffer(value);
    }
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
