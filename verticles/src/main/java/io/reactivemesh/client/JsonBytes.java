package io.reactivemesh.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A JSON value as it came over the event bus, parsed on first read: a gateway that only writes a reply's body to
 * HTTP sends these bytes as they are, without parsing and encoding them again.
 */
final class JsonBytes {

  /** Each thread's encoder, kept from one body to the next (see {@link #encodeTo}). */
  private static final ThreadLocal<Encoder> ENCODERS = new ThreadLocal<>();

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

  /** The JSON bytes of {@code value}, as {@link #encodeTo} writes them. */
  static Buffer encode(Object value) {
    Buffer json = Buffer.buffer(256);
    encodeTo(json, value);
    return json;
  }

  /** Appends the JSON bytes of a non-null body: as they came when it is still bytes, else {@link #encodeTo encoded}. */
  static void appendTo(Buffer out, Object body) {
    if (body instanceof JsonBytes json) {
      out.appendBuffer(json.bytes);
    } else {
      encodeTo(out, body);
    }
  }

  /**
   * Appends the JSON bytes of {@code value} to {@code out}. JSON types (JsonObject, JsonArray, maps, lists, strings,
   * numbers, booleans, and what Vert.x encodes as strings: Instant, byte[], Buffer, enums) go through Vert.x's streaming
   * encoder, the same bytes as {@link Json#encodeToBuffer} without databind's per-call serializer lookup (JSON encoding
   * fell from 9 % to 5 % of a node's CPU samples in the local echo benchmark), and with a Jackson generator and byte
   * array kept per thread rather than made for every body (they were about 700 of the 7,100 bytes the remote
   * benchmark's echo node allocated per request); anything else (a POJO in a body) through databind.
   */
  static void encodeTo(Buffer out, Object value) {
    Encoder encoder = ENCODERS.get();
    if (encoder == null) {
      encoder = new Encoder();
      ENCODERS.set(encoder);
    }
    try {
      encoder.encode(value);
    } catch (EncodeException | IOException notOnlyJsonTypes) {
      // The generator stopped inside the value: the next document it wrote would continue this one.
      ENCODERS.remove();
      out.appendBuffer(Json.encodeToBuffer(value));
      return;
    }
    encoder.copyTo(out);
  }

  /** The JSON value (JsonObject, JsonArray, String, Number, Boolean); read on the thread that handles the envelope. */
  Object value() {
    if (!parsed) {
      value = Json.decodeValue(bytes);
      parsed = true;
    }
    return value;
  }

  /**
   * A Jackson generator writing into a growable byte array, one per thread: each {@link #encode} writes one complete
   * document from the start of the array (no separator between documents).
   */
  private static final class Encoder extends OutputStream {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final int INITIAL_CAPACITY = 1024;
    /** An array grown past this by a large body is dropped after it, rather than kept for the thread's life. */
    private static final int KEPT_CAPACITY = 64 * 1024;

    private final JsonGenerator generator;
    private byte[] bytes = new byte[INITIAL_CAPACITY];
    private int length;

    Encoder() {
      try {
        generator = FACTORY.createGenerator(this).setRootValueSeparator(null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void encode(Object value) throws IOException {
      length = 0;
      JacksonCodec.encodeJson(value, generator);
      generator.flush();
    }

    void copyTo(Buffer out) {
      out.appendBytes(bytes, 0, length);
      if (bytes.length > KEPT_CAPACITY) {
        bytes = new byte[INITIAL_CAPACITY];
      }
    }

    @Override
    public void write(int b) {
      ensureRoom(1);
      bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int count) {
      ensureRoom(count);
      System.arraycopy(source, offset, bytes, length, count);
      length += count;
    }

    private void ensureRoom(int count) {
      if (length + count > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
      }
    }
  }
}
