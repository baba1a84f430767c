package io.reactivemesh.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.XmlConfigBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/** Builds a node's Hazelcast config from one of the cluster-config/ XML files, filling its ${mesh.*} variables from the options. */
public final class ClusterConfigFactory {

  /**
   * Hazelcast's switch for checking a config file against its XML schema: it reads it from the system properties only.
   * The check costs about 0.4 s of a node's start (a tenth of it); the configs bundled in the jar are checked against
   * the schema by the build (ClusterConfigFilesTest), so only an operator's own file is checked at start.
   */
  static final String SCHEMA_VALIDATION_PROPERTY = "hazelcast.config.schema.validation.enabled";

  /** Member attribute carrying the node's name, so every node can show its peers by name. */
  public static final String NODE_NAME_ATTRIBUTE = "mesh.node.name";
  /**
   * Key of the mesh quorum ({@code --quorum}) in the member's user context, which the publishing maps' split-brain
   * protection reads: set in the config, so the member has it before it first applies the protection.
   */
  public static final String QUORUM_USER_CONTEXT_KEY = "mesh.quorum";
  /** Member attribute carrying the node's gateway address (host:port). */
  public static final String HTTP_ADDRESS_ATTRIBUTE = "mesh.node.http";
  static final String DEFAULT_K8S_NAMESPACE = "default";
  static final String DEFAULT_K8S_SERVICE = "reactive-mesh";

  private ClusterConfigFactory() {
  }

  public static Config build(NodeOptions options, Map<String, String> env) {
    Properties variables = new Properties();
    variables.setProperty("mesh.cluster.name", options.clusterName());
    variables.setProperty("mesh.cluster.host", options.clusterHost());
    variables.setProperty("mesh.public.host", options.advertisedHost());
    variables.setProperty("mesh.hz.port", String.valueOf(options.hzPort()));
    variables.setProperty("mesh.members", String.join(",", options.members()));
    variables.setProperty("mesh.k8s.namespace", env.getOrDefault("MESH_K8S_NAMESPACE", DEFAULT_K8S_NAMESPACE));
    variables.setProperty("mesh.k8s.service", env.getOrDefault("MESH_K8S_SERVICE", DEFAULT_K8S_SERVICE));
    Config config;
    try (InputStream in = ConfFile.open(options.hazelcastConfig())) {
      config = parse(in, variables, !ConfFile.isBundled(options.hazelcastConfig()));
    } catch (InvalidConfigurationException e) {
      throw new OptionException(Option.HAZELCAST_CONFIG.flag() + " " + options.hazelcastConfig()
        + " is not a valid Hazelcast config: " + e.getMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataMembership.joinAsLiteMember(config);
    config.setClusterName(options.clusterName());
    config.getUserContext().put(QUORUM_USER_CONTEXT_KEY, options.quorum());
    config.getMemberAttributeConfig().setAttribute(NODE_NAME_ATTRIBUTE, options.nodeName());
    config.getMemberAttributeConfig().setAttribute(HTTP_ADDRESS_ATTRIBUTE, options.advertisedHttpHost() + ":" + options.httpPort());
    return config;
  }

  /** Builds the config with or without the schema check, leaving the system property as it found it. */
  static synchronized Config parse(InputStream xml, Properties variables, boolean validate) {
    String before = System.getProperty(SCHEMA_VALIDATION_PROPERTY);
    System.setProperty(SCHEMA_VALIDATION_PROPERTY, String.valueOf(validate));
    try {
      return new XmlConfigBuilder(xml).setProperties(variables).build();
    } finally {
      if (before == null) {
        System.clearProperty(SCHEMA_VALIDATION_PROPERTY);
      } else {
        System.setProperty(SCHEMA_VALIDATION_PROPERTY, before);
      }
    }
  }
}
