package io.reactivemesh.publishing;

import io.reactivemesh.client.MeshException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IfMatchTest {

  @Test
  void shouldMatchOnlyTheListedStrongVersions() {
    IfMatch ifMatch = IfMatch.parse("\"2\", \"5\"");

    assertThat(ifMatch.matches(2)).isTrue();
    assertThat(ifMatch.matches(5)).isTrue();
    assertThat(ifMatch.matches(3)).isFalse();
    assertThat(IfMatch.etag(5)).isEqualTo("\"5\"");
  }

  @Test
  void shouldMatchAnyVersionWithAStar() {
    assertThat(IfMatch.parse("*").matches(42)).isTrue();
  }

  @Test
  void shouldNeverMatchAWeakTagOrOneThisServiceNeverIssued() {
    assertThat(IfMatch.parse("W/\"1\"").matches(1)).isFalse();
    assertThat(IfMatch.parse("\"abc\"").matches(1)).isFalse();
  }

  @Test
  void shouldRejectAMalformedHeaderWith400NamingIt() {
    assertThatThrownBy(() -> IfMatch.parse("1"))
      .isInstanceOfSatisfying(MeshException.class, e -> assertThat(e.status()).isEqualTo(400))
      .hasMessageContaining("If-Match");
    assertThat(IfMatch.parse(null)).isNull();
  }
}
