package io.reactivemesh.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsNaming;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The event bus's meters without an address label: the series vertx-micrometer-metrics records (published, sent,
 * received, delivered, pending, processed, discarded, handlers, bytes written and read, reply failures; labelled by
 * side and failure when those labels are on), each registered when first used, as Vert.x does, and then kept instead
 * of looked up on every message.
 */
final class EventBusMeters implements EventBusMetrics<EventBusMeters.Side> {

  /** Vert.x's prefix of its own addresses (reply addresses among them), which it leaves out of these meters. */
  private static final String INTERNAL_PREFIX = "__vertx.";

  private final Side local;
  private final Side remote;
  private final LongAdder handlers = new LongAdder();
  private final Registered<Gauge> handlersGauge;
  private final Registered<DistributionSummary> bytesWritten;
  private final Registered<DistributionSummary> bytesRead;
  private final Map<ReplyFailure, Registered<Counter>> replyFailures = new EnumMap<>(ReplyFailure.class);

  /**
   * {@code names}: Vert.x's naming of the event bus domain ({@code vertx.eventbus.} as base name); {@code labels}: the
   * enabled labels, which must not hold {@link Label#EB_ADDRESS}.
   */
  EventBusMeters(MeterRegistry registry, MetricsNaming names, Set<Label> labels) {
    if (labels.contains(Label.EB_ADDRESS)) {
      throw new IllegalArgumentException("event bus meters by address are left to vertx-micrometer-metrics");
    }
    boolean bySide = labels.contains(Label.EB_SIDE);
    this.local = new Side(registry, names, bySide ? Tags.of(Label.EB_SIDE.toString(), "local") : Tags.empty());
    this.remote = bySide ? new Side(registry, names, Tags.of(Label.EB_SIDE.toString(), "remote")) : local;
    handlersGauge = new Registered<>(() -> Gauge.builder(names.getEbHandlers(), handlers, LongAdder::doubleValue)
      .description("Number of event bus handlers in use").register(registry));
    bytesWritten = new Registered<>(() -> DistributionSummary.builder(names.getEbBytesWritten())
      .description("Number of bytes sent while sending messages to event bus cluster peers").register(registry));
    bytesRead = new Registered<>(() -> DistributionSummary.builder(names.getEbBytesRead())
      .description("Number of bytes received while reading messages from event bus cluster peers").register(registry));
    for (ReplyFailure failure : ReplyFailure.values()) {
      Tags tags = labels.contains(Label.EB_FAILURE)
        ? Tags.of(Label.EB_FAILURE.toString(), failure.name()) : Tags.empty();
      replyFailures.put(failure, new Registered<>(() -> Counter.builder(names.getEbReplyFailures())
        .description("Number of message reply failures").tags(tags).register(registry)));
    }
  }

  /**
   * A meter registered when first used, as Vert.x's are, so that the scrape holds the same series; then kept. Two
   * threads that race to register get the same meter from the registry.
   */
  private static final class Registered<M> {

    private final Supplier<M> registration;
    private volatile M meter;

    Registered(Supplier<M> registration) {
      this.registration = registration;
    }

    M get() {
      M known = meter;
      if (known == null) {
        known = registration.get();
        meter = known;
      }
      return known;
    }
  }

  /** The meters of one side, local or remote (one set for both when the side label is off). */
  static final class Side {

    private final LongAdder pending = new LongAdder();
    private final Registered<Gauge> pendingGauge;
    private final Registered<Counter> published;
    private final Registered<Counter> sent;
    private final Registered<Counter> received;
    private final Registered<Counter> delivered;
    private final Registered<Counter> processed;
    private final Registered<Counter> discarded;

    Side(MeterRegistry registry, MetricsNaming names, Tags tags) {
      pendingGauge = new Registered<>(() -> Gauge.builder(names.getEbPending(), pending, LongAdder::doubleValue)
        .description("Number of messages not processed yet").tags(tags).register(registry));
      published = counter(registry, names.getEbPublished(), "Number of messages published (publish / subscribe)", tags);
      sent = counter(registry, names.getEbSent(), "Number of messages sent (point-to-point)", tags);
      received = counter(registry, names.getEbReceived(), "Number of messages received", tags);
      delivered = counter(registry, names.getEbDelivered(), "Number of messages delivered to handlers", tags);
      processed = counter(registry, names.getEbProcessed(), "Number of processed messages", tags);
      discarded = counter(registry, names.getEbDiscarded(), "Number of discarded messages", tags);
    }

    private static Registered<Counter> counter(MeterRegistry registry, String name, String description, Tags tags) {
      return new Registered<>(() -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    /** What Vert.x registers for each side when a handler is registered. */
    void registerHandlerMeters() {
      pendingGauge.get();
      processed.get();
      discarded.get();
    }

    void addPending(long messages) {
      pendingGauge.get();
      pending.add(messages);
    }
  }

  private static boolean isInternal(String address) {
    return address.startsWith(INTERNAL_PREFIX);
  }

  private Side side(boolean isLocal) {
    return isLocal ? local : remote;
  }

  /** The handler's metric is the local side: any non-null value, as only its being null (internal) matters. */
  @Override
  public Side handlerRegistered(String address) {
    if (isInternal(address)) {
      return null;
    }
    handlersGauge.get();
    handlers.increment();
    local.registerHandlerMeters();
    remote.registerHandlerMeters();
    return local;
  }

  @Override
  public void handlerUnregistered(Side handler) {
    if (handler != null) {
      handlers.decrement();
    }
  }

  @Override
  public void messageDelivered(Side handler, boolean isLocal) {
    if (handler != null) {
      Side side = side(isLocal);
      side.addPending(-1);
      side.processed.get().increment();
    }
  }

  @Override
  public void discardMessage(Side handler, boolean isLocal, Message<?> msg) {
    if (handler != null) {
      Side side = side(isLocal);
      side.addPending(-1);
      side.discarded.get().increment();
    }
  }

  @Override
  public void messageSent(String address, boolean publish, boolean isLocal, boolean isRemote) {
    if (!isInternal(address)) {
      Side side = side(isLocal);
      (publish ? side.published : side.sent).get().increment();
    }
  }

  @Override
  public void messageReceived(String address, boolean publish, boolean isLocal, int handlerCount) {
    if (!isInternal(address)) {
      Side side = side(isLocal);
      side.received.get().increment();
      if (handlerCount > 0) {
        side.addPending(handlerCount);
        side.delivered.get().increment();
      }
    }
  }

  @Override
  public void messageWritten(String address, int numberOfBytes) {
    if (!isInternal(address)) {
      bytesWritten.get().record(numberOfBytes);
    }
  }

  @Override
  public void messageRead(String address, int numberOfBytes) {
    if (!isInternal(address)) {
      bytesRead.get().record(numberOfBytes);
    }
  }

  @Override
  public void replyFailure(String address, ReplyFailure failure) {
    if (!isInternal(address)) {
      replyFailures.get(failure).get().increment();
    }
  }
}
