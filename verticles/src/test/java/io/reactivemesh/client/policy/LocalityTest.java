package io.reactivemesh.client.policy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Locality")
class LocalityTest {

  private static String prefer(List<String> candidates, String picked, Set<String> colocated) {
    return Locality.preferColocated(candidates, picked, colocated::contains);
  }

  @Test
  void shouldPreferTheInstanceOnTheCallersEventLoopOverTheBalancersPick() {
    assertThat(prefer(List.of("there", "far", "here"), "there", Set.of("here"))).isEqualTo("here");
  }

  @Test
  void shouldKeepTheBalancersPickWhenNoCandidateIsColocated() {
    assertThat(prefer(List.of("there", "far"), "far", Set.of("elsewhere"))).isEqualTo("far");
  }

  @Test
  void shouldKeepTheBalancersPickWhenItIsColocatedItself() {
    assertThat(prefer(List.of("here", "there"), "there", Set.of("there", "here"))).isEqualTo("there");
  }
}
