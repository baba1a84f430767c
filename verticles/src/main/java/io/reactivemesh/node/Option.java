package io.reactivemesh.node;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every node option, with its flag, its {@code MESH_*} environment twin, its key in the conf file and its help text.
 */
public enum Option {
  CONF("conf", "path to the node's YAML conf file (default: ./conf/node.yaml if present, else the bundled one)"),
  NODE_NAME("node-name", "name of this node in the mesh (default: <host>-<hz-port>)"),
  HTTP_HOST("http-host", "interface the gateway listens on (default 127.0.0.1)"),
  HTTP_PORT("http-port", "gateway port, 0 for any free port (default 8080)"),
  CLUSTER_NAME("cluster-name", "Hazelcast cluster name: nodes join only a cluster of the same name (default reactive-mesh)"),
  CLUSTER_HOST("cluster-host", "interface Hazelcast and the event bus bind to (default 127.0.0.1)"),
  PUBLIC_HOST("public-host", "address other nodes use to reach this one, when it differs from --cluster-host"),
  HZ_PORT("hz-port", "Hazelcast member port (default 5701)"),
  MEMBERS("members", "comma-separated host:port list of Hazelcast members to join (default: this node alone)"),
  BUS_PORT("bus-port", "event-bus port, 0 for any free port (default 0)"),
  HA_GROUP("ha-group", "Vert.x HA group: singletons fail over only inside their group (default __DEFAULT__)"),
  QUORUM("quorum", "members needed before HA singletons run (default 1)"),
  HAZELCAST_CONFIG("hazelcast-config", "Hazelcast XML file, or classpath:cluster-config/<name>.xml (default classpath:cluster-config/local.xml)"),
  ADMIN_TOKEN("admin-token", "bearer token the admin endpoints require (default: admin endpoints disabled)"),
  LOG_FORMAT("log-format", "json (one object a line, default) or text (for a terminal)"),
  ACCESS_LOG("access-log", "true: one log line per request at the gateway and at each service, with trace and request ids (default false)"),
  OTLP_ENDPOINT("otlp-endpoint", "OTLP/HTTP traces endpoint (http://collector:4318/v1/traces): spans are exported only when set"),
  DRAIN_TIMEOUT_MS("drain-timeout-ms", "how long a SIGTERM waits for in-flight requests (default 3000)"),
  TRANSPORT("transport", "native: Netty's epoll on Linux x86-64, java.nio with a warning where it cannot load (default); nio: java.nio");

  private final String key;
  private final String help;

  Option(String key, String help) {
    this.key = key;
    this.help = help;
  }

  /** The name used in the conf file's {@code node:} section and, after {@code --}, on the command line. */
  public String key() {
    return key;
  }

  public String flag() {
    return "--" + key;
  }

  public String env() {
    return "MESH_" + key.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  public String help() {
    return help;
  }

  public static Optional<Option> byKey(String key) {
    return Arrays.stream(values()).filter(o -> o.key.equals(key)).findFirst();
  }
}
