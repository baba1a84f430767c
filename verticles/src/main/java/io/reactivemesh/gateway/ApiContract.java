package io.reactivemesh.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIContractException;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's OpenAPI 3 document as the gateway validates requests against it: read and checked once at start, it gives
 * a route's method the {@link OperationCheck} of its operation, or none when the document has no such operation.
 */
final class ApiContract {

  private static final Pattern PROPERTY = Pattern.compile("^Property \"([^\"]*)\"");

  private final OpenAPIContract contract;
  // the implementation, not the interface: its per-parameter and body checks run on the caller's thread (OperationCheck)
  private final RequestValidatorImpl validator;

  private ApiContract(OpenAPIContract contract, RequestValidatorImpl validator) {
    this.contract = contract;
    this.validator = validator;
  }

  /**
   * Reads the YAML or JSON document at {@code location} (a file, or a resource of the jar), checks it against the
   * OpenAPI schema and resolves its references; fails with a message saying what is wrong with it.
   */
  static Future<ApiContract> load(Vertx vertx, String location) {
    return vertx.fileSystem().readFile(location)
      .recover(e -> Future.failedFuture(new IllegalArgumentException(e.getCause() instanceof NoSuchFileException
        ? "no such file, nor a resource of the jar" : "cannot be read: " + e.getMessage())))
      .map(text -> requestsOnly(parse(text, location)))
      .compose(document -> OpenAPIContract.from(vertx, document))
      .recover(e -> Future.failedFuture(e instanceof OpenAPIContractException ? explained(e) : e))
      .map(contract -> new ApiContract(contract, new RequestValidatorImpl(vertx, new ReusedValidators(contract))));
  }

  /**
   * vertx-openapi's "the contract is invalid", with where and why: its schema check nests one cause a level of the
   * document ({@code Property "paths" does not match}, then {@code "/api/things"}...) down to the most precise one.
   * Without the chain of causes, so that the start failure shows this line and not the last, vaguest cause.
   */
  private static IllegalArgumentException explained(Throwable invalid) {
    List<String> where = new ArrayList<>();
    String why = null;
    for (Throwable cause = invalid.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause instanceof JsonSchemaValidationException && cause.getMessage() != null) {
        Matcher property = PROPERTY.matcher(cause.getMessage());
        if (property.find()) {
          where.add(property.group(1));
          why = cause.getMessage();
        } else if (why == null) {
          why = cause.getMessage();
        } else {
          break;
        }
      }
    }
    return new IllegalArgumentException(why == null ? invalid.getMessage()
      : invalid.getMessage() + (where.isEmpty() ? " " : " At " + String.join(" > ", where) + ": ") + why);
  }

  /**
   * The check of the operation the document gives {@code method} on the route {@code routePath} (vertx-web syntax,
   * {@code /api/articles/:id}), or empty: a route the document does not describe is not validated.
   */
  Optional<OperationCheck> check(String routePath, HttpMethod method) {
    String template = openApiTemplate(routePath);
    return contract.operations().stream()
      .filter(operation -> operation.getHttpMethod().equals(method) && operation.getAbsoluteOpenAPIPath().equals(template))
      .findFirst()
      .map(operation -> new OperationCheck(validator, operation));
  }

  /** {@code /api/articles/:id} as the document writes it: {@code /api/articles/{id}}. */
  static String openApiTemplate(String routePath) {
    return routePath.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
  }

  private static JsonObject parse(Buffer text, String location) {
    if (location.toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
      return text.toJsonObject();
    }
    Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(text.toString(StandardCharsets.UTF_8));
    if (!(document instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(location + " must hold a mapping at the top (an OpenAPI document)");
    }
    return new JsonObject(jsonMap(map));
  }

  /**
   * The document without its responses' bodies: the gateway validates requests, not responses, and vertx-openapi
   * 5.0.7 refuses a whole document whose responses use a media type it cannot validate, such as the
   * {@code application/problem+json} of every error here.
   */
  static JsonObject requestsOnly(JsonObject document) {
    JsonObject copy = document.copy();
    if (copy.getValue("paths") instanceof JsonObject paths) {
      for (String path : paths.fieldNames()) {
        if (paths.getValue(path) instanceof JsonObject item) {
          item.forEach(entry -> {
            if (entry.getValue() instanceof JsonObject operation) {
              withoutBodies(operation.getValue("responses"));
            }
          });
        }
      }
    }
    if (copy.getValue("components") instanceof JsonObject components) {
      withoutBodies(components.getValue("responses"));
    }
    return copy;
  }

  private static void withoutBodies(Object responses) {
    if (responses instanceof JsonObject byStatus) {
      byStatus.forEach(entry -> {
        if (entry.getValue() instanceof JsonObject response) {
          response.remove("content");
        }
      });
    }
  }

  /** YAML allows keys that are not strings ({@code 200:}); JSON does not. */
  private static Map<String, Object> jsonMap(Map<?, ?> yaml) {
    Map<String, Object> json = new LinkedHashMap<>();
    yaml.forEach((key, value) -> json.put(String.valueOf(key), jsonValue(value)));
    return json;
  }

  private static Object jsonValue(Object yaml) {
    if (yaml instanceof Map<?, ?> map) {
      return jsonMap(map);
    }
    if (yaml instanceof List<?> list) {
      List<Object> json = new ArrayList<>(list.size());
      list.forEach(item -> json.add(jsonValue(item)));
      return new JsonArray(json);
    }
    return yaml;
  }
}
