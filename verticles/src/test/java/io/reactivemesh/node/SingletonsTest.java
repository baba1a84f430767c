package io.reactivemesh.node;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** When an owner record says a singleton runs, as the supervisor and the singleton itself read it. */
class SingletonsTest {

  private static final Set<String> MEMBERS = Set.of("self", "other");

  private static JsonObject heldBy(String node) {
    return new JsonObject().put("node", node).put("nodeName", node).put("starts", 1);
  }

  @Test
  void shouldTrustARecordOfAnotherLiveMember() {
    assertThat(Singletons.isRunning(heldBy("other"), "self", false, MEMBERS::contains)).isTrue();
  }

  @Test
  void shouldTreatARecordOfADepartedNodeOrAReleasedOneAsFree() {
    assertThat(Singletons.isRunning(heldBy("gone"), "self", false, MEMBERS::contains)).isFalse();
    assertThat(Singletons.isRunning(heldBy("other").put(Singletons.RELEASED, true), "self", false, MEMBERS::contains))
      .isFalse();
    assertThat(Singletons.isRunning(null, "self", false, MEMBERS::contains)).isFalse();
  }

  @Test
  void shouldTreatARecordNamingThisNodeAsFreeWhenTheSingletonDoesNotRunHere() {
    assertThat(Singletons.isRunning(heldBy("self"), "self", false, MEMBERS::contains)).isFalse();
    assertThat(Singletons.isRunning(heldBy("self"), "self", true, MEMBERS::contains)).isTrue();
  }
}
