package io.reactivemesh.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One validator per schema, handed out again on every check, and checks that still hold. */
@ExtendWith(VertxExtension.class)
class ReusedValidatorsTest {

  /** Copied for each use: reading a contract changes the object it reads. */
  private static final JsonObject DOCUMENT = new JsonObject()
    .put("openapi", "3.1.0")
    .put("info", new JsonObject().put("title", "things").put("version", "1"))
    .put("paths", new JsonObject().put("/api/things/{id}", new JsonObject().put("get", new JsonObject()
      .put("operationId", "getThing")
      .put("parameters", new JsonArray().add(new JsonObject().put("name", "id").put("in", "path").put("required", true)
        .put("schema", new JsonObject().put("type", "integer").put("minimum", 1))))
      .put("responses", new JsonObject().put("200", new JsonObject().put("description", "a thing"))))));

  @Test
  void shouldHandOutTheSameValidatorForASchemaWhereTheLibraryBuildsANewOne(Vertx vertx, VertxTestContext testContext) {
    OpenAPIContract.from(vertx, DOCUMENT.copy()).onComplete(testContext.succeeding(contract -> testContext.verify(() -> {
      Parameter id = contract.operation("getThing").getParameters().get(0);
      ReusedValidators reused = new ReusedValidators(contract);

      assertThat(reused.getSchemaRepository().validator(id.getSchema()))
        .isSameAs(reused.getSchemaRepository().validator(id.getSchema()));
      assertThat(contract.getSchemaRepository().validator(id.getSchema()))
        .as("vertx-json-schema builds a new validator per call, which is why the contract is wrapped")
        .isNotSameAs(contract.getSchemaRepository().validator(id.getSchema()));
      testContext.completeNow();
    })));
  }

  @Test
  void shouldStillRefuseAValueOutsideTheSchemaOnEveryCheck(Vertx vertx, VertxTestContext testContext) {
    OpenAPIContract.from(vertx, DOCUMENT.copy()).onComplete(testContext.succeeding(contract -> testContext.verify(() -> {
      Parameter id = contract.operation("getThing").getParameters().get(0);
      RequestValidatorImpl validator = new RequestValidatorImpl(vertx, new ReusedValidators(contract));

      for (int i = 0; i < 3; i++) {
        assertThat(validator.validateParameter(id, () -> "7").get()).isEqualTo(7);
        assertThatThrownBy(() -> validator.validateParameter(id, () -> "0"))
          .isInstanceOf(ValidatorException.class)
          .hasMessageContaining("id");
      }
      testContext.completeNow();
    })));
  }
}
