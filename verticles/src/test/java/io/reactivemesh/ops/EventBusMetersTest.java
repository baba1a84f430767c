package io.reactivemesh.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event bus meters of {@link MeshMetricsFactory} against vertx-micrometer-metrics' own: the same calls of Vert.x's
 * metrics SPI (what the event bus makes for local and remote messages, replies, failures and handlers) give the same
 * {@code vertx_eventbus_*} series, help, types and values, under each set of labels.
 */
class EventBusMetersTest {

  @Test
  void shouldRecordTheSameEventBusSeriesAsVertxOwnMetersWithTheDefaultLabels() {
    String mesh = meshScrapeWithVertxOwnSeries(EnumSet.copyOf(MicrometerMetricsOptions.DEFAULT_LABELS));

    assertThat(mesh)
      .contains("vertx_eventbus_sent_total{side=\"local\"} 2.0")
      .contains("vertx_eventbus_sent_total{side=\"remote\"} 1.0")
      .contains("vertx_eventbus_received_total{side=\"remote\"} 2.0")
      .contains("vertx_eventbus_pending{side=\"local\"} 1.0")
      .contains("vertx_eventbus_handlers 1.0")
      .contains("vertx_eventbus_bytes_written_count 1")
      .contains("vertx_eventbus_reply_failures_total 2.0");
  }

  @Test
  void shouldRecordTheSameEventBusSeriesAsVertxOwnMetersByFailureAndWithoutSide() {
    String mesh = meshScrapeWithVertxOwnSeries(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.EB_FAILURE));

    assertThat(mesh)
      .contains("vertx_eventbus_sent_total 3.0")
      .contains("vertx_eventbus_reply_failures_total{failure=\"TIMEOUT\"} 1.0")
      .contains("vertx_eventbus_reply_failures_total{failure=\"NO_HANDLERS\"} 1.0");
  }

  @Test
  void shouldLeaveTheEventBusMetersToVertxWhenTheyAreLabelledByAddress() {
    Set<Label> labels = EnumSet.copyOf(MicrometerMetricsOptions.DEFAULT_LABELS);
    labels.add(Label.EB_ADDRESS);

    String mesh = scrapeAfterCalls(MeshMetricsFactory::new, labels);

    assertThat(mesh).contains("vertx_eventbus_sent_total{address=\"echo\",side=\"local\"} 2.0");
  }

  /**
   * The mesh's scrape after {@link #scrapeAfterCalls} with {@code labels}, once checked to hold exactly the
   * {@code vertx_eventbus_*} lines of Vert.x's own meters after the same calls.
   */
  private static String meshScrapeWithVertxOwnSeries(Set<Label> labels) {
    String vertxOwn = scrapeAfterCalls(MicrometerMetricsFactory::new, labels);
    String mesh = scrapeAfterCalls(MeshMetricsFactory::new, labels);
    assertThat(eventBusLines(mesh)).isNotEmpty().containsExactlyInAnyOrderElementsOf(eventBusLines(vertxOwn));
    return mesh;
  }

  /**
   * The Prometheus text of a registry after the event bus metrics that {@code factory} makes for {@code labels} saw
   * what an event bus reports for: a consumer of {@code echo}, two local requests to it (one processed, one still
   * pending) and their replies, a remote request read and processed and a remote reply written, a publish nobody
   * receives, a timeout and a send to no handler, and a consumer of an internal address (left out).
   */
  @SuppressWarnings("unchecked")
  private static String scrapeAfterCalls(Function<PrometheusMeterRegistry, VertxMetricsFactory> factory,
                                         Set<Label> labels) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PrometheusNaming.apply(registry);
    MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true).setLabels(labels)
      .setRegistryName("test-" + UUID.randomUUID());
    VertxMetrics vertxMetrics = factory.apply(registry).metrics(new VertxOptions().setMetricsOptions(options));
    EventBusMetrics<Object> eventBus = (EventBusMetrics<Object>) vertxMetrics.createEventBusMetrics();

    Object echo = eventBus.handlerRegistered("echo");
    Object internal = eventBus.handlerRegistered("__vertx.reply.1");
    for (int i = 0; i < 2; i++) {
      eventBus.messageSent("echo", false, true, false);
      eventBus.messageReceived("echo", false, true, 1);
      eventBus.messageSent("__vertx.reply.1", false, true, false);
      eventBus.messageReceived("__vertx.reply.1", false, true, 1);
      eventBus.messageDelivered(internal, true);
    }
    eventBus.messageDelivered(echo, true);
    eventBus.messageRead("echo", 120);
    eventBus.messageReceived("echo", false, false, 1);
    eventBus.messageDelivered(echo, false);
    eventBus.messageSent("remote-service", false, false, true);
    eventBus.messageWritten("remote-service", 240);
    eventBus.messageWritten("__vertx.reply.2", 80);
    eventBus.messageSent("news", true, true, false);
    eventBus.messageReceived("news", true, false, 0);
    eventBus.replyFailure("echo", ReplyFailure.TIMEOUT);
    eventBus.replyFailure("nobody", ReplyFailure.NO_HANDLERS);
    eventBus.replyFailure("__vertx.reply.3", ReplyFailure.RECIPIENT_FAILURE);
    eventBus.handlerUnregistered(internal);
    Object gone = eventBus.handlerRegistered("echo");
    eventBus.handlerUnregistered(gone);
    return registry.scrape();
  }

  private static List<String> eventBusLines(String scrape) {
    return scrape.lines().filter(line -> line.contains("vertx_eventbus_")).toList();
  }
}
