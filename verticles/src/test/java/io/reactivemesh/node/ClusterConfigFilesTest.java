package io.reactivemesh.node;

import com.hazelcast.config.Config;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every bundled Hazelcast config passes Hazelcast's own schema check, which a node skips at start for the configs of its
 * jar (hosts.xml once carried "--" inside a comment, which XML forbids, and no node could start with it); an operator's
 * own file is still checked at start.
 */
class ClusterConfigFilesTest {

  @ParameterizedTest
  @ValueSource(strings = {"local.xml", "hosts.xml", "kubernetes.xml"})
  void shouldPassHazelcastsSchemaCheckForEveryBundledClusterConfig(String file) throws Exception {
    Properties variables = new Properties();
    variables.putAll(Map.of(
      "mesh.cluster.name", "schema-check",
      "mesh.cluster.host", "127.0.0.1",
      "mesh.public.host", "127.0.0.1",
      "mesh.hz.port", "5701",
      "mesh.members", "127.0.0.1:5701",
      "mesh.k8s.namespace", ClusterConfigFactory.DEFAULT_K8S_NAMESPACE,
      "mesh.k8s.service", ClusterConfigFactory.DEFAULT_K8S_SERVICE));
    try (InputStream xml = getClass().getResourceAsStream("/cluster-config/" + file)) {
      assertThat(xml).as("cluster-config/%s on the classpath", file).isNotNull();
      Config config = ClusterConfigFactory.parse(xml, variables, true);
      assertThat(config.getClusterName()).isEqualTo("schema-check");
    }
    assertThat(System.getProperty(ClusterConfigFactory.SCHEMA_VALIDATION_PROPERTY)).isNull();
  }

  @Test
  void shouldRefuseAnOperatorsConfigThatBreaksTheSchemaNamingTheOption(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("typo.xml");
    Files.writeString(file, """
      <hazelcast xmlns="http://www.hazelcast.com/schema/config">
        <netwrok><port>5701</port></netwrok>
      </hazelcast>
      """);
    NodeOptions options = NodeOptions.resolve(
      CommandLine.parse(List.of("--hazelcast-config", file.toString())), Map.of(), location -> new JsonObject());

    assertThatThrownBy(() -> ClusterConfigFactory.build(options, Map.of()))
      .isInstanceOf(OptionException.class)
      .hasMessageContaining("--hazelcast-config " + file + " is not a valid Hazelcast config");
  }

  @Test
  void shouldGiveTheMemberTheMeshQuorumBeforeItStarts() {
    NodeOptions options = NodeOptions.resolve(CommandLine.parse(List.of("--quorum", "2")), Map.of(),
      location -> new JsonObject());

    Config config = ClusterConfigFactory.build(options, Map.of());

    // the publishing maps' split-brain protection reads it from the first time the member applies it
    assertThat(config.getUserContext()).containsEntry(ClusterConfigFactory.QUORUM_USER_CONTEXT_KEY, 2);
    assertThat(config.isLiteMember()).as("a node joins as a lite member (DataMembership)").isTrue();
  }
}
