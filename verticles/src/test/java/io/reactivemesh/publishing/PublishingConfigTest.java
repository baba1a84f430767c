package io.reactivemesh.publishing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublishingConfigTest {

  @Test
  void shouldApplyTheDefaultsToAnEmptyConfig() {
    assertThat(NotifyConfig.from(new JsonObject())).isEqualTo(new NotifyConfig(java.util.List.of(), 0));
    WorkflowConfig workflow = WorkflowConfig.from(new JsonObject(), "w");
    assertThat(workflow.stepAttempts()).isEqualTo(WorkflowConfig.DEFAULT_STEP_ATTEMPTS);
    assertThat(FeedProjectorConfig.from(new JsonObject()).batchSize()).isEqualTo(FeedProjectorConfig.DEFAULT_BATCH_SIZE);
  }

  @Test
  void shouldRejectABadValueNamingItsKey() {
    assertThatThrownBy(() -> NotifyConfig.from(new JsonObject().put("refuseTags", "embargoed")))
      .hasMessageContaining("refuseTags");
    assertThatThrownBy(() -> NotifyConfig.from(new JsonObject().put("deliveryDelayMillis", -1)))
      .hasMessageContaining("deliveryDelayMillis");
    assertThatThrownBy(() -> WorkflowConfig.from(new JsonObject().put("stepAttempts", 1.5), "w"))
      .hasMessageContaining("w.stepAttempts");
    assertThatThrownBy(() -> FeedProjectorConfig.from(new JsonObject().put("batchSize", 5000)))
      .hasMessageContaining("batchSize");
    assertThatThrownBy(() -> WorkflowConfig.from(new JsonObject().put("stepAtempts", 2), "w"))
      .hasMessageContaining("w.stepAtempts is not a known key");
  }

  @Test
  void shouldDoubleTheRetryDelayUpToItsCap() {
    WorkflowConfig config = WorkflowConfig.from(new JsonObject().put("retryDelayMillis", 100), "w");

    assertThat(config.retryDelay(1)).isEqualTo(100);
    assertThat(config.retryDelay(2)).isEqualTo(200);
    assertThat(config.retryDelay(30)).isEqualTo(WorkflowConfig.MAX_RETRY_DELAY_MILLIS);
    assertThat(NotifyConfig.from(new JsonObject().put("refuseTags", new JsonArray().add("embargoed"))).refuseTags())
      .containsExactly("embargoed");
  }
}
