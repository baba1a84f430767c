package io.reactivemesh.gateway;

import io.reactivemesh.client.MeshException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what vertx-openapi found wrong with a request into the problem the service would have answered for the same
 * field, so that a client sees one status whichever of the two catches it:
 * <ul>
 *   <li>a bad or missing parameter or header: 400 naming it; a missing {@code If-Match} (or
 *   {@code If-Unmodified-Since}): 428 Precondition Required (RFC 6585);</li>
 *   <li>a request body that is missing, malformed or not the JSON type the operation wants (an array for an object):
 *   400 naming {@code body};</li>
 *   <li>a well-formed body with a field that breaks the schema: 422 naming the top-level {@code field}, with the JSON
 *   {@code pointer} of the value at fault and every violation under {@code errors};</li>
 *   <li>a body in a media type the operation does not take: 415 naming {@code Content-Type}.</li>
 * </ul>
 */
final class ContractViolation {

  private static final Set<String> PRECONDITION_HEADERS = Set.of("if-match", "if-unmodified-since");
  /** Keywords that only report that a sub-schema failed: the sub-schema's own error says what is wrong. */
  private static final Set<String> APPLICATORS = Set.of("properties", "patternProperties", "additionalProperties",
    "items", "prefixItems", "contains", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref", "$dynamicRef",
    "dependentSchemas", "unevaluatedProperties", "unevaluatedItems", "propertyNames");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  private ContractViolation() {
  }

  /** The problem of {@code error} as a {@link MeshException}; an error that is not a validation failure as it is. */
  static Throwable of(Throwable error, Operation operation) {
    if (!(error instanceof ValidatorException invalid)) {
      return error;
    }
    Parameter parameter = parameterNamedIn(invalid.getMessage(), operation.getParameters());
    return parameter != null ? parameterProblem(invalid, parameter) : bodyProblem(invalid, operation);
  }

  /** The parameter a message of vertx-openapi is about ("... query parameter limit ..."), or null for the body. */
  private static Parameter parameterNamedIn(String message, List<Parameter> parameters) {
    Parameter named = null;
    for (Parameter parameter : parameters) {
      String where = OperationCheck.where(parameter);
      int at = message == null ? -1 : message.indexOf(where);
      int end = at + where.length();
      boolean whole = at >= 0 && (end == message.length() || !Character.isLetterOrDigit(message.charAt(end))
        && message.charAt(end) != '-' && message.charAt(end) != '_');
      if (whole && (named == null || parameter.getName().length() > named.getName().length())) {
        named = parameter;
      }
    }
    return named;
  }

  private static MeshException parameterProblem(ValidatorException invalid, Parameter parameter) {
    String name = parameter.getName();
    if (invalid.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER) {
      if (parameter.getIn() == Location.HEADER && PRECONDITION_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        return MeshException.invalid(428, "Precondition Required", "this request needs the header " + name
          + " (the ETag of the version it is based on): writes are compare-and-set on the version", name);
      }
      return MeshException.invalid(400, "Bad Request", OperationCheck.where(parameter) + " is required", name);
    }
    return MeshException.invalid(400, "Bad Request", invalid.getMessage(), name);
  }

  private static MeshException bodyProblem(ValidatorException invalid, Operation operation) {
    if (invalid instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      return schemaProblem(schema.getOutputUnit(), bodySchema(operation));
    }
    return switch (invalid.type()) {
      case UNSUPPORTED_VALUE_FORMAT -> MeshException.invalid(415, "Unsupported Media Type",
        "this operation takes no request body of this content type", "Content-Type");
      case MISSING_REQUIRED_PARAMETER -> MeshException.invalid(400, "Bad Request",
        "this operation needs a JSON request body", "body");
      default -> MeshException.invalid(400, "Bad Request", "request body: " + invalid.getMessage(), "body");
    };
  }

  /** One violation of the body's schema: where (a JSON pointer into the body) and what. */
  private record Violation(String pointer, String detail) {

    String field() {
      int end = pointer.indexOf('/', 1);
      String first = end < 0 ? pointer.substring(1) : pointer.substring(1, end);
      return first.replace("~1", "/").replace("~0", "~");
    }

    boolean atRoot() {
      return pointer.isEmpty();
    }

    JsonObject toJson() {
      return atRoot() ? new JsonObject().put("field", "body").put("detail", detail)
        : new JsonObject().put("field", field()).put("pointer", pointer).put("detail", detail);
    }
  }

  private static MeshException schemaProblem(OutputUnit result, JsonSchema schema) {
    List<OutputUnit> units = result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result)
      : result.getErrors();
    List<Violation> violations = new ArrayList<>();
    for (OutputUnit unit : units) {
      if (!explainedByAnother(unit, units)) {
        Violation violation = violation(unit, schema);
        if (!violations.contains(violation)) {
          violations.add(violation);
        }
      }
    }
    Violation first = violations.get(0);
    JsonArray errors = new JsonArray();
    violations.forEach(v -> errors.add(v.toJson()));
    if (violations.stream().anyMatch(Violation::atRoot)) {
      Violation root = violations.stream().filter(Violation::atRoot).findFirst().orElseThrow();
      return new MeshException(400, "Bad Request", root.detail(), new JsonObject().put("field", "body").put("errors", errors));
    }
    return new MeshException(422, "Unprocessable Content", first.detail(), new JsonObject()
      .put("field", first.field())
      .put("pointer", first.pointer())
      .put("errors", errors));
  }

  /** An applicator's error ("property title does not match") when an assertion at or under its place says why. */
  private static boolean explainedByAnother(OutputUnit unit, List<OutputUnit> units) {
    if (!APPLICATORS.contains(keyword(unit))) {
      return false;
    }
    String pointer = pointer(unit);
    return units.stream().anyMatch(other -> !APPLICATORS.contains(keyword(other))
      && (pointer(other).equals(pointer) || pointer(other).startsWith(pointer + "/")));
  }

  private static Violation violation(OutputUnit unit, JsonSchema schema) {
    String pointer = pointer(unit);
    String error = unit.getError();
    switch (keyword(unit)) {
      case "required" -> {
        Matcher quoted = QUOTED.matcher(error);
        if (quoted.find()) {
          String property = quoted.group(1);
          return new Violation(pointer + "/" + property.replace("~", "~0").replace("/", "~1"), property + " is required");
        }
      }
      case "additionalProperties" -> {
        return new Violation(pointer, "unknown field '" + pointer.substring(pointer.lastIndexOf('/') + 1)
          + "': the schema of this request body does not have it");
      }
      case "pattern" -> {
        Object pattern = keywordValue(schema, unit.getKeywordLocation());
        if (pattern instanceof String regex) {
          error = error + " " + regex;
        }
      }
      default -> {
      }
    }
    return new Violation(pointer, (pointer.isEmpty() ? "request body" : pointer.substring(1)) + ": " + error);
  }

  /** {@code #/tags/1} as a JSON pointer: {@code /tags/1}; the whole body is the empty pointer. */
  private static String pointer(OutputUnit unit) {
    String location = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
    return location.startsWith("#") ? location.substring(1) : location;
  }

  private static String keyword(OutputUnit unit) {
    String location = unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static JsonSchema bodySchema(Operation operation) {
    if (operation.getRequestBody() == null) {
      return null;
    }
    MediaType json = operation.getRequestBody().getContent().get("application/json");
    return json == null ? null : json.getSchema();
  }

  /** The value of the keyword at {@code #/properties/author/pattern} in {@code schema}, or null. */
  private static Object keywordValue(JsonSchema schema, String keywordLocation) {
    if (schema == null || keywordLocation == null || !keywordLocation.startsWith("#/")) {
      return null;
    }
    Object node = schema;
    for (String segment : keywordLocation.substring(2).split("/")) {
      String key = segment.replace("~1", "/").replace("~0", "~");
      if (node instanceof JsonSchema nested) {
        node = nested.get(key, null);
      } else if (node instanceof JsonObject object) {
        node = object.getValue(key);
      } else {
        return null;
      }
    }
    return node;
  }
}
