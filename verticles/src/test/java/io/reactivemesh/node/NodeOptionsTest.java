package io.reactivemesh.node;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeOptionsTest {

  private static final JsonObject CONF = new JsonObject().put("node", new JsonObject()
    .put("http-port", 9001)
    .put("cluster-name", "from-conf")
    .put("quorum", 2)
    .put("members", List.of("10.0.0.1:5701", "10.0.0.2:5701")));

  private static NodeOptions resolve(List<String> args, Map<String, String> env, JsonObject conf) {
    return NodeOptions.resolve(CommandLine.parse(args), env, location -> conf);
  }

  @Test
  @DisplayName("a flag beats the environment, which beats the conf file, which beats the default")
  void shouldApplyFlagsThenEnvironmentThenConfThenDefaults() {
    NodeOptions options = resolve(
      List.of("--http-port", "9003"),
      Map.of("MESH_HTTP_PORT", "9002", "MESH_CLUSTER_NAME", "from-env"),
      CONF);

    assertThat(options.httpPort()).isEqualTo(9003);
    assertThat(options.clusterName()).isEqualTo("from-env");
    assertThat(options.quorum()).isEqualTo(2);
    assertThat(options.members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
    assertThat(options.hzPort()).isEqualTo(NodeOptions.DEFAULT_HZ_PORT);
  }

  @Test
  void shouldUseTheEnvironmentWhenNoFlagIsGiven() {
    NodeOptions options = resolve(List.of(), Map.of("MESH_HTTP_PORT", "9002"), CONF);

    assertThat(options.httpPort()).isEqualTo(9002);
  }

  @Test
  void shouldUseTheConfFileWhenNeitherFlagNorEnvironmentIsGiven() {
    NodeOptions options = resolve(List.of(), Map.of(), CONF);

    assertThat(options.httpPort()).isEqualTo(9001);
    assertThat(options.clusterName()).isEqualTo("from-conf");
  }

  @Test
  void shouldDefaultToAOneNodeMeshOnLoopback() {
    NodeOptions options = resolve(List.of(), Map.of(), new JsonObject());

    assertThat(options.httpHost()).isEqualTo("127.0.0.1");
    assertThat(options.httpPort()).isEqualTo(8080);
    assertThat(options.clusterHost()).isEqualTo("127.0.0.1");
    assertThat(options.members()).containsExactly("127.0.0.1:5701");
    assertThat(options.quorum()).isEqualTo(1);
    assertThat(options.hazelcastConfig()).isEqualTo(NodeOptions.DEFAULT_HAZELCAST_CONFIG);
    assertThat(options.logFormat()).isEqualTo(NodeOptions.LogFormat.JSON);
    assertThat(options.transport()).isEqualTo(NodeOptions.IoTransport.NATIVE);
    assertThat(options.nodeName()).endsWith("-5701");
  }

  @Test
  void shouldRunOnJavaNioWhenAsked() {
    assertThat(resolve(List.of("--transport", "nio"), Map.of(), CONF).transport()).isEqualTo(NodeOptions.IoTransport.NIO);
    assertThat(resolve(List.of(), Map.of("MESH_TRANSPORT", "nio"), CONF).transport())
      .isEqualTo(NodeOptions.IoTransport.NIO);
  }

  @Test
  void shouldRejectAnUnknownLogFormat() {
    assertThatThrownBy(() -> resolve(List.of("--log-format", "xml"), Map.of(), CONF))
      .isInstanceOf(OptionException.class)
      .hasMessage("--log-format must be json or text, got 'xml'");
  }

  @Test
  void shouldRejectAnUnknownTransport() {
    assertThatThrownBy(() -> resolve(List.of("--transport", "epoll"), Map.of(), CONF))
      .isInstanceOf(OptionException.class)
      .hasMessage("--transport must be native or nio, got 'epoll'");
  }

  @Test
  void shouldReadTheConfFileNamedByTheEnvironment() {
    NodeOptions options = NodeOptions.resolve(CommandLine.parse(List.of()), Map.of("MESH_CONF", "/etc/mesh.yaml"),
      location -> new JsonObject().put("node", new JsonObject().put("node-name", location.replaceAll("\\W", ""))));

    assertThat(options.confLocation()).isEqualTo("/etc/mesh.yaml");
    assertThat(options.nodeName()).isEqualTo("etcmeshyaml");
  }

  @Test
  void shouldIgnoreABlankEnvironmentVariable() {
    NodeOptions options = resolve(List.of(), Map.of("MESH_HTTP_PORT", " "), CONF);

    assertThat(options.httpPort()).isEqualTo(9001);
  }

  @Test
  void shouldRejectAPortOutOfRangeNamingTheFlag() {
    assertThatThrownBy(() -> resolve(List.of("--http-port", "70000"), Map.of(), CONF))
      .isInstanceOf(OptionException.class)
      .hasMessage("--http-port must be a port between 0 and 65535, got 70000");
  }

  @Test
  void shouldRejectABadValueComingFromTheEnvironment() {
    assertThatThrownBy(() -> resolve(List.of(), Map.of("MESH_QUORUM", "many"), CONF))
      .isInstanceOf(OptionException.class)
      .hasMessage("--quorum must be a whole number, got 'many'");
  }

  @Test
  void shouldRejectAMalformedMember() {
    assertThatThrownBy(() -> resolve(List.of("--members", "127.0.0.1:5701-5705"), Map.of(), CONF))
      .isInstanceOf(OptionException.class)
      .hasMessageContaining("--members takes host:port items");
  }

  @Test
  void shouldRejectAnUnknownKeyInTheConfFile() {
    JsonObject conf = new JsonObject().put("node", new JsonObject().put("http-prot", 1));

    assertThatThrownBy(() -> resolve(List.of(), Map.of(), conf))
      .isInstanceOf(OptionException.class)
      .hasMessageContaining("unknown option node.http-prot");
  }

  @Test
  void shouldRejectAShortAdminToken() {
    assertThatThrownBy(() -> resolve(List.of("--admin-token", "secret"), Map.of(), CONF))
      .isInstanceOf(OptionException.class)
      .hasMessage("--admin-token must be at least 16 characters long");
  }

  @Test
  void shouldAdvertiseThePublicHostToOtherMembers() {
    NodeOptions options = resolve(List.of("--public-host", "203.0.113.7", "--http-host", "0.0.0.0"), Map.of(),
      new JsonObject());

    assertThat(options.members()).containsExactly("203.0.113.7:5701");
    assertThat(options.advertisedHttpHost()).isEqualTo("203.0.113.7");
  }
}
