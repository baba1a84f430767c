package io.reactivemesh.client;

import io.vertx.core.buffer.Buffer;

/**
 * Puts a {@link Request} on the event bus as a compact binary frame ({@link EnvelopeWire}) instead of JSON text: a
 * call's fields go as they are, only its body is JSON. Within one node the envelope is handed over as a copy.
 */
public final class RequestCodec extends EnvelopeCodec<Request> {

  public static final String NAME = "mesh-request";

  RequestCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer buffer, Request request) {
    buffer.appendByte(EnvelopeWire.VERSION);
    EnvelopeWire.writeString(buffer, request.method());
    EnvelopeWire.writeString(buffer, request.path());
    EnvelopeWire.writeMap(buffer, request.pathParams());
    EnvelopeWire.writeMap(buffer, request.query());
    EnvelopeWire.writeMap(buffer, request.headers());
    EnvelopeWire.writeBody(buffer, request.rawBody());
    buffer.appendLong(request.deadline());
    EnvelopeWire.writeString(buffer, request.traceparent());
    EnvelopeWire.writeString(buffer, request.requestId());
    EnvelopeWire.writeString(buffer, request.idempotencyKey());
  }

  /** Reads the fields in the order of {@link Request}'s components, which is the order they were written in. */
  @Override
  public Request decodeFromWire(int pos, Buffer buffer) {
    EnvelopeWire.Reader in = EnvelopeWire.Reader.of(buffer, pos, "request");
    return new Request(in.readString(), in.readString(), in.readMap(), in.readMap(), in.readMap(), in.readBody(),
      in.readLong(), in.readString(), in.readString(), in.readString());
  }

  @Override
  public Request transform(Request request) {
    return request.copy();
  }
}
