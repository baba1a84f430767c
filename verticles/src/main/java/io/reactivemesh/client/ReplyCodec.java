package io.reactivemesh.client;

import io.vertx.core.buffer.Buffer;

/**
 * Puts a {@link Reply} on the event bus as a compact binary frame ({@link EnvelopeWire}); the body stays JSON bytes
 * on arrival and is parsed only if read, so a gateway writes it to HTTP as it came. Within one node the envelope is
 * handed over as a copy.
 */
public final class ReplyCodec extends EnvelopeCodec<Reply> {

  public static final String NAME = "mesh-reply";

  ReplyCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer buffer, Reply reply) {
    buffer.appendByte(EnvelopeWire.VERSION);
    buffer.appendInt(reply.status());
    EnvelopeWire.writeMap(buffer, reply.headers());
    EnvelopeWire.writeBody(buffer, reply.rawBody());
  }

  /** Reads the fields in the order of {@link Reply}'s components, which is the order they were written in. */
  @Override
  public Reply decodeFromWire(int pos, Buffer buffer) {
    EnvelopeWire.Reader in = EnvelopeWire.Reader.of(buffer, pos, "reply");
    return new Reply(in.readInt(), in.readMap(), in.readBody());
  }

  @Override
  public Reply transform(Reply reply) {
    return reply.copy();
  }
}
