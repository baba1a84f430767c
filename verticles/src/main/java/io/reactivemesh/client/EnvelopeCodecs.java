package io.reactivemesh.client;

import io.vertx.core.eventbus.EventBus;

/**
 * Registers the envelope codecs ({@link RequestCodec}, {@link ReplyCodec}) as the event bus's codecs for
 * {@link Request} and {@link Reply}; every node does so as it starts, before any service sends or consumes one.
 */
public final class EnvelopeCodecs {

  private EnvelopeCodecs() {
  }

  /** Registers both codecs on {@code eventBus}; called once per node, when the node starts. */
  public static void register(EventBus eventBus) {
    eventBus.registerDefaultCodec(Request.class, new RequestCodec());
    eventBus.registerDefaultCodec(Reply.class, new ReplyCodec());
  }
}
