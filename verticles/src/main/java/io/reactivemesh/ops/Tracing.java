package io.reactivemesh.ops;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

import java.time.Duration;
import java.util.Optional;

/**
 * Span export through OpenTelemetry (OTLP/HTTP) when the node has an {@code otlp-endpoint}: Vert.x then makes a span
 * for every HTTP request and event-bus hop and carries the W3C context in event-bus headers, across nodes.
 */
public final class Tracing {

  static final String SERVICE_NAME = "reactive-mesh";
  static final Duration EXPORT_DELAY = Duration.ofSeconds(1);
  private static final AttributeKey<String> SERVICE_NAME_KEY = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> INSTANCE_KEY = AttributeKey.stringKey("service.instance.id");

  private Tracing() {
  }

  /** The OpenTelemetry SDK that exports this node's spans to {@code endpoint}; close it to flush them. */
  public static OpenTelemetrySdk exporter(String endpoint, String nodeName) {
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
      SERVICE_NAME_KEY, SERVICE_NAME, INSTANCE_KEY, nodeName)));
    SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
      .setResource(resource)
      .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build())
        .setScheduleDelay(EXPORT_DELAY)
        .build())
      .build();
    return OpenTelemetrySdk.builder()
      .setTracerProvider(tracerProvider)
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  }

  /** The W3C traceparent of the span Vert.x made for the current request, when tracing is on. */
  public static Optional<String> currentTraceparent() {
    SpanContext span = Span.current().getSpanContext();
    if (!span.isValid()) {
      return Optional.empty();
    }
    return Optional.of("00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex());
  }
}
