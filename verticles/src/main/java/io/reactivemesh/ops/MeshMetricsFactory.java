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
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A node's Vert.x metrics: vertx-micrometer-metrics', except that HTTP servers record their request meters through
 * {@link HttpServerMeters} (the same series, looked up once instead of on every request) when the labels are the ones
 * it records: method and status code, no path, route, address or custom tags.
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
    if (!recordable) {
      return vertxOwn;
    }
    String httpServerBase = "vertx." + MetricsDomain.HTTP_SERVER.toCategory() + ".";
    return new WithHttpServerMeters(vertxOwn,
      new HttpServerMeters.Registered(registry, metrics.getMetricsNaming().withBaseName(httpServerBase)));
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

  /** Vert.x's own metrics, each HTTP server's wrapped in {@link HttpServerMeters}. */
  private static final class WithHttpServerMeters implements VertxMetrics {

    private final VertxMetrics vertxOwn;
    private final HttpServerMeters.Registered httpServerMeters;

    WithHttpServerMeters(VertxMetrics vertxOwn, HttpServerMeters.Registered httpServerMeters) {
      this.vertxOwn = vertxOwn;
      this.httpServerMeters = httpServerMeters;
    }

    @Override
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
      HttpServerMetrics<?, ?, ?> server = vertxOwn.createHttpServerMetrics(options, localAddress);
      return server == null ? null : new HttpServerMeters(server, httpServerMeters);
    }

    @Override
    public EventBusMetrics<?> createEventBusMetrics() {
      return vertxOwn.createEventBusMetrics();
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
