package io.reactivemesh.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The primitives of the envelopes' binary wire format ({@link RequestCodec}, {@link ReplyCodec}): length-prefixed
 * UTF-8 strings (-1 for null), string maps as a count and key/value pairs (a map holding anything but strings goes as
 * its JSON text, count -1), and a JSON body as its JSON bytes (-1 for none).
 */
final class EnvelopeWire {

  static final byte VERSION = 1;
  private static final int NONE = -1;

  private EnvelopeWire() {
  }

  static void writeString(Buffer buffer, String value) {
    if (value == null) {
      buffer.appendInt(NONE);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(bytes.length).appendBytes(bytes);
  }

  static void writeMap(Buffer buffer, JsonObject map) {
    for (Map.Entry<String, Object> entry : map) {
      if (!(entry.getValue() instanceof String)) {
        buffer.appendInt(NONE);
        writeString(buffer, map.encode());
        return;
      }
    }
    buffer.appendInt(map.size());
    for (Map.Entry<String, Object> entry : map) {
      writeString(buffer, entry.getKey());
      writeString(buffer, (String) entry.getValue());
    }
  }

  /** Writes the body's JSON bytes ({@link JsonBytes#appendTo}), the length written in front of them once known. */
  static void writeBody(Buffer buffer, Object body) {
    if (body == null) {
      buffer.appendInt(NONE);
      return;
    }
    int lengthAt = buffer.length();
    buffer.appendInt(0);
    JsonBytes.appendTo(buffer, body);
    buffer.setInt(lengthAt, buffer.length() - lengthAt - Integer.BYTES);
  }

  /** A copy of a body that shares nothing mutable with it: JSON bytes are copied unparsed. */
  static Object copyOf(Object body) {
    if (body instanceof JsonBytes bytes) {
      return new JsonBytes(bytes.bytes());
    }
    if (body instanceof JsonObject object) {
      return object.copy();
    }
    return body instanceof JsonArray array ? array.copy() : body;
  }

  /** Reads a buffer from a position, moving it along. */
  static final class Reader {

    private final Buffer buffer;
    private int pos;

    private Reader(Buffer buffer, int pos) {
      this.buffer = buffer;
      this.pos = pos;
    }

    /** A reader of the {@code kind} envelope at {@code pos}, past its version byte (refused if not this version). */
    static Reader of(Buffer buffer, int pos, String kind) {
      byte version = buffer.getByte(pos);
      if (version != VERSION) {
        throw new IllegalStateException("mesh " + kind + " envelope of wire version " + version + ", this node reads "
          + VERSION);
      }
      return new Reader(buffer, pos + 1);
    }

    int readInt() {
      int value = buffer.getInt(pos);
      pos += 4;
      return value;
    }

    long readLong() {
      long value = buffer.getLong(pos);
      pos += 8;
      return value;
    }

    String readString() {
      int length = readInt();
      if (length == NONE) {
        return null;
      }
      String value = buffer.getString(pos, pos + length, "UTF-8");
      pos += length;
      return value;
    }

    JsonObject readMap() {
      int count = readInt();
      if (count == NONE) {
        return new JsonObject(readString());
      }
      JsonObject map = new JsonObject();
      for (int i = 0; i < count; i++) {
        map.put(readString(), readString());
      }
      return map;
    }

    /** The body as its JSON bytes, parsed only when someone reads it; null when there is none. */
    JsonBytes readBody() {
      int length = readInt();
      if (length == NONE) {
        return null;
      }
      Buffer bytes = buffer.getBuffer(pos, pos + length);
      pos += length;
      return new JsonBytes(bytes);
    }
  }
}
