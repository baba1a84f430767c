package io.reactivemesh.publishing;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * Settings of the notify service: {@code refuseTags}, tags whose articles it refuses to announce (an editorial hold
 * such as {@code embargoed}: the publish workflow of such an article fails at its notify step and is compensated), and
 * {@code deliveryDelayMillis}, the time one announcement takes to deliver (0 by default; drills raise it to stand for a
 * slow downstream channel).
 */
record NotifyConfig(List<String> refuseTags, long deliveryDelayMillis) {

  static final long MAX_DELAY_MILLIS = 60_000;
  private static final String WHERE = "NotifyService config";

  NotifyConfig {
    refuseTags = List.copyOf(refuseTags);
  }

  static NotifyConfig from(JsonObject json) {
    ConfigValues.requireKnownKeys(json, WHERE, Set.of("refuseTags", "deliveryDelayMillis", "service"));
    return new NotifyConfig(ConfigValues.strings(json, WHERE, "refuseTags"),
      ConfigValues.whole(json, WHERE, "deliveryDelayMillis", 0, 0, MAX_DELAY_MILLIS));
  }
}
