package io.reactivemesh.client;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * What the envelope codecs ({@link RequestCodec}, {@link ReplyCodec}) share: a user codec of one envelope type, sent and
 * received as that type, registered as the event bus's codec for it on every node as the node starts.
 */
public abstract sealed class EnvelopeCodec<T> implements MessageCodec<T, T> permits RequestCodec, ReplyCodec {

  private final String name;

  EnvelopeCodec(String name) {
    this.name = name;
  }

  /** Registers both envelope codecs on {@code eventBus}; called once per node, before any service sends or consumes. */
  public static void register(EventBus eventBus) {
    eventBus.registerDefaultCodec(Request.class, new RequestCodec());
    eventBus.registerDefaultCodec(Reply.class, new ReplyCodec());
  }

  @Override
  public final String name() {
    return name;
  }

  /** -1: a user codec, found by its name. */
  @Override
  public final byte systemCodecID() {
    return -1;
  }
}
