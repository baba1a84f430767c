package io.reactivemesh.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsNaming;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP server's request meters: the series vertx-micrometer-metrics records (requests, response time, active
 * requests, request and response bytes, resets; labelled by method, and by status code on the response's), with each
 * meter looked up once per method and status instead of on every request; connection, byte and WebSocket meters stay
 * Vert.x's own ({@code vertxOwn}).
 */
final class HttpServerMeters implements HttpServerMetrics<HttpServerMeters.Exchange, Object, Object> {

  private static final String METHOD = Label.HTTP_METHOD.toString();
  private static final String CODE = Label.HTTP_CODE.toString();
  private static final int MAX_STATUS = 599;

  private final HttpServerMetrics<Object, Object, Object> vertxOwn;
  private final Registered meters;

  @SuppressWarnings("unchecked")
  HttpServerMeters(HttpServerMetrics<?, ?, ?> vertxOwn, Registered meters) {
    this.vertxOwn = (HttpServerMetrics<Object, Object, Object>) vertxOwn;
    this.meters = meters;
  }

  /** The meters of every HTTP server of one Vert.x instance, by method and status (the series have no server label). */
  static final class Registered {

    private final MeterRegistry registry;
    private final MetricsNaming names;
    private final Map<HttpMethod, MethodMeters> byMethod = new ConcurrentHashMap<>();

    /** {@code names}: Vert.x's naming of the HTTP server domain ({@code vertx.http.server.} as base name). */
    Registered(MeterRegistry registry, MetricsNaming names) {
      this.registry = registry;
      this.names = names;
    }

    /**
     * The meters of {@code method}. Every method seen is kept, as the registry keeps its series: a method a client
     * invents costs one entry here beside the series it adds there.
     */
    MethodMeters of(HttpMethod method) {
      MethodMeters known = byMethod.get(method);
      return known != null ? known : byMethod.computeIfAbsent(method, m -> new MethodMeters(this, m));
    }
  }

  /** One method's meters, and its response meters by status code. */
  static final class MethodMeters {

    private final Registered registered;
    private final Tags tags;
    private final LongAdder active = new LongAdder();
    private final DistributionSummary requestBytes;
    private final AtomicReferenceArray<StatusMeters> byStatus = new AtomicReferenceArray<>(MAX_STATUS + 1);

    MethodMeters(Registered registered, HttpMethod method) {
      this.registered = registered;
      this.tags = Tags.of(METHOD, method.toString());
      Gauge.builder(registered.names.getHttpActiveRequests(), active, LongAdder::doubleValue)
        .description("Number of requests being processed").tags(tags).register(registered.registry);
      this.requestBytes = DistributionSummary.builder(registered.names.getHttpRequestBytes())
        .description("Size of requests in bytes").tags(tags).register(registered.registry);
    }

    StatusMeters forStatus(int status) {
      if (status < 0 || status > MAX_STATUS) {
        return new StatusMeters(registered, tags, status);
      }
      StatusMeters known = byStatus.get(status);
      if (known == null) {
        byStatus.compareAndSet(status, null, new StatusMeters(registered, tags, status));
        known = byStatus.get(status);
      }
      return known;
    }
  }

  /** The response meters of one method and status code. */
  static final class StatusMeters {

    private final Counter requests;
    private final Timer responseTime;
    private final DistributionSummary responseBytes;

    StatusMeters(Registered registered, Tags methodTags, int status) {
      Tags tags = methodTags.and(CODE, String.valueOf(status));
      MetricsNaming names = registered.names;
      requests = Counter.builder(names.getHttpRequestsCount())
        .description("Number of processed requests").tags(tags).register(registered.registry);
      responseTime = Timer.builder(names.getHttpResponseTime())
        .description("Request processing time").tags(tags).register(registered.registry);
      responseBytes = DistributionSummary.builder(names.getHttpResponseBytes())
        .description("Size of responses in bytes").tags(tags).register(registered.registry);
    }
  }

  /** One request in flight: its method's meters, when it began, and which of its ends were seen. */
  static final class Exchange {

    private final MethodMeters method;
    private final long startNanos = System.nanoTime();
    private boolean requestEnded;
    private boolean responseEnded;
    private boolean reset;

    Exchange(MethodMeters method) {
      this.method = method;
      method.active.increment();
    }

    /** Counts the exchange out of the active requests once both request and response ended, unless it was reset. */
    private void ended() {
      if (!reset && requestEnded && responseEnded) {
        method.active.decrement();
      }
    }
  }

  @Override
  public Exchange requestBegin(Object socketMetric, HttpRequest request) {
    return new Exchange(meters.of(request.method()));
  }

  @Override
  public void requestEnd(Exchange exchange, HttpRequest request, long bytesRead) {
    exchange.method.requestBytes.record(bytesRead);
    exchange.requestEnded = true;
    exchange.ended();
  }

  @Override
  public void requestReset(Exchange exchange) {
    Counter.builder(meters.names.getHttpRequestResetsCount()).description("Number of request resets")
      .tags(exchange.method.tags).register(meters.registry).increment();
    exchange.method.active.decrement();
    exchange.reset = true;
  }

  @Override
  public Exchange responsePushed(Object socketMetric, HttpMethod method, String uri, HttpResponse response) {
    return new Exchange(meters.of(method));
  }

  @Override
  public void responseEnd(Exchange exchange, HttpResponse response, long bytesWritten) {
    StatusMeters status = exchange.method.forStatus(response.statusCode());
    status.requests.increment();
    status.responseTime.record(System.nanoTime() - exchange.startNanos, TimeUnit.NANOSECONDS);
    status.responseBytes.record(bytesWritten);
    exchange.responseEnded = true;
    exchange.ended();
  }

  @Override
  public Object connected(Object socketMetric, Exchange exchange, ServerWebSocket serverWebSocket) {
    // Vert.x's WebSocket gauge reads only the connection's metric, never the request's
    return vertxOwn.connected(socketMetric, null, serverWebSocket);
  }

  @Override
  public void disconnected(Object webSocketMetric) {
    vertxOwn.disconnected(webSocketMetric);
  }

  @Override
  public Object connected(SocketAddress remoteAddress, String remoteName) {
    return vertxOwn.connected(remoteAddress, remoteName);
  }

  @Override
  public void disconnected(Object socketMetric, SocketAddress remoteAddress) {
    vertxOwn.disconnected(socketMetric, remoteAddress);
  }

  @Override
  public void bytesRead(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    vertxOwn.bytesRead(socketMetric, remoteAddress, numberOfBytes);
  }

  @Override
  public void bytesWritten(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    vertxOwn.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
  }

  @Override
  public void exceptionOccurred(Object socketMetric, SocketAddress remoteAddress, Throwable t) {
    vertxOwn.exceptionOccurred(socketMetric, remoteAddress, t);
  }

  @Override
  public void close() {
    vertxOwn.close();
  }
}
