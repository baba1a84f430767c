package io.reactivemesh.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The gateway's request metrics, labelled by route name, service and outcome (never by raw path): the counter
 * {@code mesh_requests_total} and the latency histogram {@code mesh_request_duration_seconds}.
 */
final class GatewayMetrics {

  static final String REQUESTS = "mesh.requests";
  static final String DURATION = "mesh.request.duration";
  static final List<String> OUTCOMES = List.of("success", "client_error", "server_error", "unavailable", "timeout");

  /** The meters of one route, made once at start so the hot path only looks them up. */
  record RouteMeters(Map<String, Counter> requests, Timer duration) {

    void record(int status, long nanos) {
      requests.get(outcome(status)).increment();
      duration.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private GatewayMetrics() {
  }

  static RouteMeters forRoute(MeterRegistry registry, RouteConfig route) {
    Map<String, Counter> requests = OUTCOMES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
      outcome -> Counter.builder(REQUESTS)
        .description("requests through the gateway, by route, service and outcome")
        .tags("route", route.name(), "service", route.service(), "outcome", outcome)
        .register(registry)));
    Timer duration = Timer.builder(DURATION)
      .description("time from the gateway receiving a request to its response")
      .tags("route", route.name(), "service", route.service())
      .publishPercentileHistogram()
      .minimumExpectedValue(Duration.ofMillis(1))
      .maximumExpectedValue(Duration.ofSeconds(10))
      .register(registry);
    return new RouteMeters(requests, duration);
  }

  /** The outcome label of an HTTP status: what went wrong, in a handful of values. */
  static String outcome(int status) {
    if (status < 400) {
      return "success";
    }
    if (status < 500) {
      return "client_error";
    }
    return switch (status) {
      case 503 -> "unavailable";
      case 504 -> "timeout";
      default -> "server_error";
    };
  }
}
