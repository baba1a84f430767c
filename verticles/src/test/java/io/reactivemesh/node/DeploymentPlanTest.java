package io.reactivemesh.node;

import io.reactivemesh.gateway.GatewayVerticle;
import io.reactivemesh.registry.RegistryReaperVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentPlanTest {

  private static JsonObject conf(JsonArray services, JsonArray singletons) {
    return new JsonObject().put("deploy", new JsonObject().put("services", services).put("singletons", singletons));
  }

  private static JsonObject unit(String verticle) {
    return new JsonObject().put("verticle", verticle);
  }

  @Test
  void shouldReadServicesAndSingletons() {
    DeploymentPlan plan = DeploymentPlan.from(conf(
      new JsonArray().add(unit(GatewayVerticle.class.getName()).put("instances", 2).put("config", new JsonObject().put("a", 1))),
      new JsonArray().add(unit(RegistryReaperVerticle.class.getName()))));

    assertThat(plan.services()).singleElement().satisfies(u -> {
      assertThat(u.instances()).isEqualTo(2);
      assertThat(u.config().getInteger("a")).isEqualTo(1);
      assertThat(u.shortName()).isEqualTo("GatewayVerticle");
    });
    assertThat(plan.singletons()).extracting(DeploymentPlan.Unit::verticle)
      .containsExactly(RegistryReaperVerticle.class.getName());
  }

  @Test
  void shouldRejectAClassThatIsNotOnTheClasspath() {
    assertThatThrownBy(() -> DeploymentPlan.from(conf(new JsonArray().add(unit("com.example.Missing")), new JsonArray())))
      .isInstanceOf(OptionException.class)
      .hasMessage("conf: deploy.services[0].verticle: no verticle class com.example.Missing on the classpath");
  }

  @Test
  void shouldRejectASingletonThatIsNotASingletonVerticle() {
    assertThatThrownBy(() -> DeploymentPlan.from(conf(new JsonArray(), new JsonArray().add(unit(GatewayVerticle.class.getName())))))
      .isInstanceOf(OptionException.class)
      .hasMessageContaining("deploy.singletons[0].verticle")
      .hasMessageContaining("SingletonVerticle");
  }

  @Test
  void shouldRejectSeveralInstancesOfASingleton() {
    JsonObject reaper = unit(RegistryReaperVerticle.class.getName()).put("instances", 2);

    assertThatThrownBy(() -> DeploymentPlan.from(conf(new JsonArray(), new JsonArray().add(reaper))))
      .isInstanceOf(OptionException.class)
      .hasMessage("conf: deploy.singletons[0].instances must be 1: a singleton runs once in the mesh");
  }

  @Test
  void shouldRejectAnInstanceCountOutOfRange() {
    JsonObject gateway = unit(GatewayVerticle.class.getName()).put("instances", 0);

    assertThatThrownBy(() -> DeploymentPlan.from(conf(new JsonArray().add(gateway), new JsonArray())))
      .isInstanceOf(OptionException.class)
      .hasMessageContaining("deploy.services[0].instances must be a whole number from 1 to 64, got 0");
  }

  @Test
  void shouldRejectAnUnknownSection() {
    JsonObject conf = new JsonObject().put("deploy", new JsonObject().put("service", new JsonArray()));

    assertThatThrownBy(() -> DeploymentPlan.from(conf))
      .isInstanceOf(OptionException.class)
      .hasMessage("conf: unknown key deploy.service (expected services, singletons)");
  }

  @Test
  void shouldAcceptTheBundledConf() {
    DeploymentPlan plan = DeploymentPlan.from(ConfFile.load(ConfFile.BUNDLED));

    assertThat(plan.services()).isNotEmpty();
    assertThat(plan.singletons()).isNotEmpty();
  }
}
