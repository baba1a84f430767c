package io.reactivemesh.gateway;

import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaException;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;
import io.vertx.openapi.contract.Server;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenAPI contract whose schema repository builds the validator of each schema once and hands the same one out
 * after: vertx-openapi asks its repository for a new validator on every parameter and body it checks, and each new
 * one copies the repository's whole lookup table, per request. A validator keeps no state between validations.
 */
final class ReusedValidators implements OpenAPIContract {

  private final OpenAPIContract contract;
  private final SchemaRepository schemas;

  ReusedValidators(OpenAPIContract contract) {
    this.contract = contract;
    this.schemas = new Repository(contract.getSchemaRepository());
  }

  @Override
  public SchemaRepository getSchemaRepository() {
    return schemas;
  }

  @Override
  public Operation operation(String operationId) {
    return contract.operation(operationId);
  }

  @Override
  public List<Operation> operations() {
    return contract.operations();
  }

  @Override
  public List<Path> getPaths() {
    return contract.getPaths();
  }

  @Override
  public JsonObject getRawContract() {
    return contract.getRawContract();
  }

  @Override
  public OpenAPIVersion getVersion() {
    return contract.getVersion();
  }

  @Override
  public List<Server> getServers() {
    return contract.getServers();
  }

  @Override
  public Path findPath(String urlPath) {
    return contract.findPath(urlPath);
  }

  @Override
  public Operation findOperation(String urlPath, HttpMethod method) {
    return contract.findOperation(urlPath, method);
  }

  @Override
  public List<SecurityRequirement> getSecurityRequirements() {
    return contract.getSecurityRequirements();
  }

  @Override
  public SecurityScheme securityScheme(String name) {
    return contract.securityScheme(name);
  }

  /** The contract's repository, with one validator per schema object (the contract's schemas never change). */
  private static final class Repository implements SchemaRepository {

    private final SchemaRepository repository;
    private final Map<JsonSchema, Validator> validators = Collections.synchronizedMap(new IdentityHashMap<>());

    Repository(SchemaRepository repository) {
      this.repository = repository;
    }

    @Override
    public Validator validator(JsonSchema schema) {
      return validators.computeIfAbsent(schema, repository::validator);
    }

    @Override
    public SchemaRepository dereference(JsonSchema schema) throws SchemaException {
      return repository.dereference(schema);
    }

    @Override
    public SchemaRepository dereference(String uri, JsonSchema schema) throws SchemaException {
      return repository.dereference(uri, schema);
    }

    @Override
    public SchemaRepository preloadMetaSchema(FileSystem fs) {
      return repository.preloadMetaSchema(fs);
    }

    @Override
    public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
      return repository.preloadMetaSchema(fs, draft);
    }

    @Override
    public Validator validator(String ref) {
      return repository.validator(ref);
    }

    @Override
    public Validator validator(String ref, JsonSchemaOptions options) {
      return repository.validator(ref, options);
    }

    @Override
    public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
      return repository.validator(schema, options, dereference);
    }

    @Override
    public JsonObject resolve(JsonObject schema) {
      return repository.resolve(schema);
    }

    @Override
    public JsonSchema find(String pointer) {
      return repository.find(pointer);
    }
  }
}
