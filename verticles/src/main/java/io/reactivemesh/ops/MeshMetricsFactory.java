package io.reactivemesh.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A node's Vert.x metrics: vertx-micrometer-metrics', except for the meters recorded on every request or message, which
 * are the same series looked up once instead of each time: HTTP servers' request meters ({@link HttpServerMeters}) when
 * their labels are method and status code (no path, route, address or custom tags), and the event bus's
 * ({@link EventBusMeters}) when they are not labelled by address.
 */
public final class MeshMetricsFactory implements VertxMetricsFactory {

  /** The labels of Vert.x's HTTP server meters that {@link HttpServerMeters} records exactly. */
  private static final Set<Label> RECORDED_HTTP_LABELS = EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE);
  /** The other labels Vert.x's HTTP server meters can carry; any of them leaves those meters to Vert.x. */
  private static final Set<Label> OTHER_HTTP_LABELS =
    EnumSet.of(Label.HTTP_PATH, Label.HTTP_ROUTE, Label.LOCAL, Label.REMOTE);

  private final MicrometerMetricsFactory micrometer;
  private final MeterRegistry registry;

  public MeshMetricsFactory(MeterRegistry registry) {
    this.micrometer = new MicrometerMetricsFactory(registry);
    this.registry = registry;
  }

  @Override
  public VertxMetrics metrics(VertxOptions options) {
    VertxMetrics vertxOwn = micrometer.metrics(options);
    MicrometerMetricsOptions metrics = (MicrometerMetricsOptions) newOptions(options.getMetricsOptions());
    Set<Label> labels = metrics.getLabels();
    boolean recordable = labels.containsAll(RECORDED_HTTP_LABELS) && Collections.disjoint(labels, OTHER_HTTP_LABELS)
      && metrics.getServerRequestTagsProvider() == null;
    MetricsNaming names = metrics.getMetricsNaming();
    HttpServerMeters.Registered httpServerMeters = !recordable ? null
      : new HttpServerMeters.Registered(registry, names.withBaseName(base(MetricsDomain.HTTP_SERVER)));
    EventBusMeters eventBusMeters = labels.contains(Label.EB_ADDRESS) ? null
      : new EventBusMeters(registry, names.withBaseName(base(MetricsDomain.EVENT_BUS)), labels);
    return httpServerMeters == null && eventBusMeters == null ? vertxOwn
      : new WithMeshMeters(vertxOwn, httpServerMeters, eventBusMeters);
  }

  /** The base name Vert.x gives the meters of {@code domain}. */
  private static String base(MetricsDomain domain) {
    return "vertx." + domain.toCategory() + ".";
  }

  @Override
  public MetricsOptions newOptions() {
    return micrometer.newOptions();
  }

  @Override
  public MetricsOptions newOptions(MetricsOptions options) {
    return micrometer.newOptions(options);
  }

  @Override
  public MetricsOptions newOptions(JsonObject json) {
    return micrometer.newOptions(json);
  }

  /**
   * Vert.x's own metrics, with each HTTP server's wrapped in {@link HttpServerMeters} and the event bus's replaced by
   * {@link EventBusMeters} (where those are not null), when Vert.x measures them at all.
   */
  private static final class WithMeshMeters implements VertxMetrics {

    private final VertxMetrics vertxOwn;
    private final HttpServerMeters.Registered httpServerMeters;
    private final EventBusMeters eventBusMeters;

    WithMeshMeters(VertxMetrics vertxOwn, HttpServerMeters.Registered httpServerMeters, EventBusMeters eventBusMeters) {
      this.vertxOwn = vertxOwn;
      this.httpServerMeters = httpServerMeters;
      this.eventBusMeters = eventBusMeters;
    }

    @Override
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
      HttpServerMetrics<?, ?, ?> server = vertxOwn.createHttpServerMetrics(options, localAddress);
      return server == null || httpServerMeters == null ? server : new HttpServerMeters(server, httpServerMeters);
    }

    @Override
    public EventBusMetrics<?> createEventBusMetrics() {
      EventBusMetrics<?> eventBus = vertxOwn.createEventBusMetrics();
      return eventBus == null || eventBusMeters == null ? eventBus : eventBusMeters;
    }

    @Override
    public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
      return vertxOwn.createClientMetrics(remoteAddress, type, namespace);
    }

    @Override
    public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
      return vertxOwn.createHttpClientMetrics(options);
    }

    @Override
    public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress localAddress) {
      return vertxOwn.createNetServerMetrics(options, localAddress);
    }

    @Override
    public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
      return vertxOwn.createNetClientMetrics(options);
    }

    @Override
    public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
      return vertxOwn.createDatagramSocketMetrics(options);
    }

    @Override
    public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
      return vertxOwn.createPoolMetrics(type, name, maxSize);
    }

    @Override
    public void vertxCreated(Vertx vertx) {
      vertxOwn.vertxCreated(vertx);
    }

    @Override
    public boolean isMetricsEnabled() {
      return vertxOwn.isMetricsEnabled();
    }

    @Override
    public void close() {
      vertxOwn.close();
    }
  }
}
