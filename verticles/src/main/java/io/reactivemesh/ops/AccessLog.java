package io.reactivemesh.ops;

import io.reactivemesh.client.Request;
import io.reactivemesh.client.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * One log line per request, when the node runs with {@code --access-log true}: at the gateway and at each service
 * hop, with the trace id, span id and request id as fields of the JSON line (logger {@value #LOGGER}).
 */
public final class AccessLog {

  public static final String LOGGER = "mesh.access";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private AccessLog() {
  }

  /** The gateway answered {@code status} for {@code request} on {@code route}. */
  public static void gateway(String route, String service, Request request, int status, long nanos) {
    LOG.info("gateway {} {} {} {} -> {} in {} ms {} {} {}", request.method(), request.path(), kv("route", route),
      kv("service", service), status, nanos / 1_000_000, kv("trace_id", TraceContext.traceId(request.traceparent())),
      kv("span_id", TraceContext.spanId(request.traceparent())), kv("request_id", request.requestId()));
  }

  /** Instance {@code instanceId} of {@code service} answered {@code status} for {@code request}. */
  public static void service(String service, String instanceId, Request request, int status, long nanos) {
    LOG.info("served {} {} {} {} -> {} in {} ms {} {} {}", kv("service", service), request.method(), request.path(),
      kv("instance", instanceId), status, nanos / 1_000_000, kv("trace_id", TraceContext.traceId(request.traceparent())),
      kv("span_id", TraceContext.spanId(request.traceparent())), kv("request_id", request.requestId()));
  }
}
