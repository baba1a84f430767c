package io.reactivemesh.gateway;

import io.reactivemesh.client.MeshException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates the requests of one route's method against its OpenAPI operation — path, query, header and cookie
 * parameters and the JSON body — before the gateway makes them an envelope; a violation fails with the problem
 * {@link ContractViolation} makes of it. Made once per route and method when the router is built.
 */
final class OperationCheck {

  /** The body's media type as the validator is told it: the gateway has already accepted it as JSON. */
  private static final String JSON = "application/json";
  private static final Set<Style> PRIMITIVE_STYLES = Set.of(Style.SIMPLE, Style.FORM);
  private static final RequestParameter ABSENT = () -> null;

  private final RequestValidatorImpl validator;
  private final Operation operation;
  private final List<Parameter> parameters;

  OperationCheck(RequestValidatorImpl validator, Operation operation) {
    this.validator = validator;
    this.operation = operation;
    this.parameters = List.copyOf(operation.getParameters());
    for (Parameter parameter : parameters) {
      if (parameter.getSchemaType() == SchemaType.ARRAY || parameter.getSchemaType() == SchemaType.OBJECT
        || !PRIMITIVE_STYLES.contains(parameter.getStyle())) {
        throw new IllegalArgumentException("operation " + operation.getOperationId() + ", " + where(parameter)
          + ": the gateway validates parameters of one value (string, number, integer, boolean) in style simple or form");
      }
    }
  }

  String operationId() {
    return operation.getOperationId();
  }

  /**
   * The request body, decoded, once the request holds to the operation; a violation fails the future with a
   * {@link MeshException} naming the parameter or field. {@code rawBody} is the body the gateway already accepted as
   * JSON of a bearable depth ({@link HttpEnvelope#jsonBody}), or null.
   */
  Future<Object> validate(RoutingContext ctx, Buffer rawBody) {
    // an operation without a request body says nothing of one: a body sent anyway goes on as the gateway decodes it
    Object undescribedBody;
    try {
      undescribedBody = operation.getRequestBody() == null ? HttpEnvelope.decode(rawBody) : null;
    } catch (MeshException malformed) {
      return Future.failedFuture(malformed);
    }
    // RequestValidator.validate would run this on a worker, ordered per context: one check at a time per gateway
    // instance, two thread hand-offs per request; checking a parameter or a parsed body is CPU work on data already
    // here, so it runs on the event loop, with the steps that validate() itself runs
    ValidatableRequest request = requestOf(ctx, rawBody);
    try {
      for (Parameter parameter : parameters) {
        validator.validateParameter(parameter, valueOf(request, parameter));
      }
      RequestParameter body = validator.validateBody(operation.getRequestBody(), request);
      return Future.succeededFuture(undescribedBody != null ? undescribedBody : body.get());
    } catch (RuntimeException invalid) {
      return Future.failedFuture(ContractViolation.of(invalid, operation));
    }
  }

  private static RequestParameter valueOf(ValidatableRequest request, Parameter parameter) {
    return switch (parameter.getIn()) {
      case PATH -> request.getPathParameters().get(parameter.getName());
      case QUERY -> request.getQuery().get(parameter.getName());
      case HEADER -> request.getHeaders().get(parameter.getName());
      case COOKIE -> request.getCookies().get(parameter.getName());
    };
  }

  private ValidatableRequest requestOf(RoutingContext ctx, Buffer rawBody) {
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    HttpServerRequest http = ctx.request();
    for (Parameter parameter : parameters) {
      String name = parameter.getName();
      switch (parameter.getIn()) {
        case PATH -> path.put(name, value(parameter, ctx.pathParam(name)));
        case QUERY -> query.put(name, value(parameter, ctx.queryParams().get(name)));
        case HEADER -> headers.put(name, value(parameter, http.getHeader(name)));
        case COOKIE -> {
          Cookie cookie = http.getCookie(name);
          cookies.put(name, value(parameter, cookie == null ? null : cookie.getValue()));
        }
      }
    }
    RequestParameter body = rawBody == null ? ABSENT : () -> rawBody;
    return new Extracted(cookies, headers, path, query, body, rawBody == null ? null : JSON);
  }

  /**
   * vertx-openapi reads a parameter's text as JSON before it checks the schema, so that {@code limit=5} is a number;
   * but then a string parameter such as {@code author=1.5} or {@code If-Match: "1", "2"} would be checked as a
   * number or refused as malformed JSON. Sent as a JSON string literal, a string parameter reads back as exactly the
   * text the client sent.
   */
  private static RequestParameter value(Parameter parameter, String text) {
    if (text == null) {
      return ABSENT;
    }
    Object value = parameter.getSchemaType() == SchemaType.STRING ? Json.encode(text) : text;
    return () -> value;
  }

  static String where(Parameter parameter) {
    return parameter.getIn().name().toLowerCase(java.util.Locale.ROOT) + " parameter " + parameter.getName();
  }

  /** A request as vertx-openapi validates it; the components are named after the getters of the interface. */
  private record Extracted(Map<String, RequestParameter> getCookies, Map<String, RequestParameter> getHeaders,
                           Map<String, RequestParameter> getPathParameters, Map<String, RequestParameter> getQuery,
                           RequestParameter getBody, String getContentType) implements ValidatableRequest {
  }
}
