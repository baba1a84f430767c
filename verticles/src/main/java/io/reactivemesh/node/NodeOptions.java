package io.reactivemesh.node;

import io.vertx.core.json.JsonObject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The resolved options of one node: each value comes from the first of flags, {@code MESH_*} environment,
 * the conf file's {@code node:} section and the defaults here; {@code conf} keeps the whole conf for the deploy plan.
 */
public record NodeOptions(
  String confLocation,
  JsonObject conf,
  String nodeName,
  String httpHost,
  int httpPort,
  String clusterName,
  String clusterHost,
  String publicHost,
  int hzPort,
  List<String> members,
  int busPort,
  String haGroup,
  int quorum,
  String hazelcastConfig,
  String adminToken,
  LogFormat logFormat,
  boolean accessLog,
  String otlpEndpoint,
  long drainTimeoutMillis,
  IoTransport transport) {

  public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final String DEFAULT_CLUSTER_NAME = "reactive-mesh";
  public static final String DEFAULT_CLUSTER_HOST = "127.0.0.1";
  public static final int DEFAULT_HZ_PORT = 5701;
  public static final int DEFAULT_BUS_PORT = 0;
  public static final String DEFAULT_HA_GROUP = "__DEFAULT__";
  public static final int DEFAULT_QUORUM = 1;
  public static final String DEFAULT_HAZELCAST_CONFIG = "classpath:cluster-config/local.xml";
  public static final long DEFAULT_DRAIN_TIMEOUT_MILLIS = 3000;
  public static final String NODE_SECTION = "node";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern MEMBER = Pattern.compile("[^\\s:,]+:\\d{1,5}");

  /** How the node writes its log lines. */
  public enum LogFormat { JSON, TEXT }

  /** What carries the node's HTTP and event-bus sockets: Netty's native transport where it loads, or java.nio. */
  public enum IoTransport { NATIVE, NIO }

  /** Resolves the options of a node started with these arguments in this environment. */
  public static NodeOptions resolve(CommandLine commandLine, Map<String, String> env) {
    return resolve(commandLine, env, ConfFile::load);
  }

  /** Like {@link #resolve(CommandLine, Map)}, reading the conf through {@code confLoader} (tests give it in memory). */
  public static NodeOptions resolve(CommandLine commandLine, Map<String, String> env, Function<String, JsonObject> confLoader) {
    Map<Option, String> fromEnv = new EnumMap<>(Option.class);
    for (Option option : Option.values()) {
      String value = env.get(option.env());
      if (value != null && !value.isBlank()) {
        fromEnv.put(option, value);
      }
    }
    String confLocation = commandLine.values().getOrDefault(Option.CONF,
      fromEnv.getOrDefault(Option.CONF, ConfFile.defaultLocation()));
    JsonObject conf = confLoader.apply(confLocation);
    Map<Option, String> fromConf = nodeSection(conf, confLocation);

    Function<Option, String> lookup = option -> {
      String value = commandLine.values().get(option);
      if (value == null) {
        value = fromEnv.get(option);
      }
      return value != null ? value : fromConf.get(option);
    };
    return build(confLocation, conf, lookup);
  }

  private static Map<Option, String> nodeSection(JsonObject conf, String confLocation) {
    Object section = conf.getValue(NODE_SECTION);
    Map<Option, String> values = new EnumMap<>(Option.class);
    if (section == null) {
      return values;
    }
    if (!(section instanceof JsonObject node)) {
      throw new OptionException("conf file " + confLocation + ": 'node' must be a mapping of option names to values");
    }
    for (String key : node.fieldNames()) {
      Option option = Option.byKey(key).orElseThrow(() ->
        new OptionException("conf file " + confLocation + ": unknown option node." + key));
      if (option == Option.CONF) {
        throw new OptionException("conf file " + confLocation + ": node.conf cannot be set inside a conf file");
      }
      Object value = node.getValue(key);
      if (value != null) {
        values.put(option, value instanceof io.vertx.core.json.JsonArray array
          ? String.join(",", array.stream().map(String::valueOf).toList())
          : String.valueOf(value));
      }
    }
    return values;
  }

  private static NodeOptions build(String confLocation, JsonObject conf, Function<Option, String> lookup) {
    int hzPort = port(lookup, Option.HZ_PORT, DEFAULT_HZ_PORT, 1);
    String clusterHost = text(lookup, Option.CLUSTER_HOST, DEFAULT_CLUSTER_HOST);
    String publicHost = lookup.apply(Option.PUBLIC_HOST);
    String advertised = publicHost != null ? publicHost : clusterHost;
    String nodeName = text(lookup, Option.NODE_NAME, defaultNodeName(hzPort));
    if (!NAME.matcher(nodeName).matches()) {
      throw new OptionException(Option.NODE_NAME.flag() + " must match " + NAME.pattern() + ", got '" + nodeName + "'");
    }
    String membersText = lookup.apply(Option.MEMBERS);
    List<String> members = membersText == null
      ? List.of(advertised + ":" + hzPort)
      : Arrays.stream(membersText.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
    for (String member : members) {
      if (!MEMBER.matcher(member).matches() || portOf(member) < 1 || portOf(member) > 65535) {
        throw new OptionException(Option.MEMBERS.flag() + " takes host:port items separated by commas, got '" + member + "'");
      }
    }
    if (members.isEmpty()) {
      throw new OptionException(Option.MEMBERS.flag() + " must name at least one host:port");
    }
    int quorum = integer(lookup, Option.QUORUM, DEFAULT_QUORUM);
    if (quorum < 1) {
      throw new OptionException(Option.QUORUM.flag() + " must be at least 1, got " + quorum);
    }
    long drain = integer(lookup, Option.DRAIN_TIMEOUT_MS, (int) DEFAULT_DRAIN_TIMEOUT_MILLIS);
    if (drain < 0 || drain > 60_000) {
      throw new OptionException(Option.DRAIN_TIMEOUT_MS.flag() + " must be between 0 and 60000, got " + drain);
    }
    String adminToken = lookup.apply(Option.ADMIN_TOKEN);
    if (adminToken != null && adminToken.length() < 16) {
      throw new OptionException(Option.ADMIN_TOKEN.flag() + " must be at least 16 characters long");
    }
    return new NodeOptions(
      confLocation,
      conf,
      nodeName,
      text(lookup, Option.HTTP_HOST, DEFAULT_HTTP_HOST),
      port(lookup, Option.HTTP_PORT, DEFAULT_HTTP_PORT, 0),
      text(lookup, Option.CLUSTER_NAME, DEFAULT_CLUSTER_NAME),
      clusterHost,
      publicHost,
      hzPort,
      members,
      port(lookup, Option.BUS_PORT, DEFAULT_BUS_PORT, 0),
      text(lookup, Option.HA_GROUP, DEFAULT_HA_GROUP),
      quorum,
      text(lookup, Option.HAZELCAST_CONFIG, DEFAULT_HAZELCAST_CONFIG),
      adminToken,
      choice(lookup, Option.LOG_FORMAT, LogFormat.JSON),
      bool(lookup, Option.ACCESS_LOG, false),
      otlpEndpoint(lookup),
      drain,
      choice(lookup, Option.TRANSPORT, IoTransport.NATIVE));
  }

  /** The address other nodes reach this node's Hazelcast member at. */
  public String advertisedHost() {
    return publicHost != null ? publicHost : clusterHost;
  }

  /** The host other nodes and clients reach this node's gateway at. */
  public String advertisedHttpHost() {
    return httpHost.equals("0.0.0.0") || httpHost.equals("::") ? advertisedHost() : httpHost;
  }

  private static String text(Function<Option, String> lookup, Option option, String fallback) {
    String value = lookup.apply(option);
    if (value == null) {
      return fallback;
    }
    if (value.isBlank()) {
      throw new OptionException(option.flag() + " must not be empty");
    }
    return value.trim();
  }

  private static int integer(Function<Option, String> lookup, Option option, int fallback) {
    String value = lookup.apply(option);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new OptionException(option.flag() + " must be a whole number, got '" + value + "'");
    }
  }

  private static int port(Function<Option, String> lookup, Option option, int fallback, int lowest) {
    int port = integer(lookup, option, fallback);
    if (port < lowest || port > 65535) {
      throw new OptionException(option.flag() + " must be a port between " + lowest + " and 65535, got " + port);
    }
    return port;
  }

  private static String otlpEndpoint(Function<Option, String> lookup) {
    String value = lookup.apply(Option.OTLP_ENDPOINT);
    if (value != null && !value.matches("https?://[^\\s/]+(/\\S*)?")) {
      throw new OptionException(Option.OTLP_ENDPOINT.flag() + " must be an http(s) URL, got '" + value + "'");
    }
    return value;
  }

  private static boolean bool(Function<Option, String> lookup, Option option, boolean fallback) {
    String value = lookup.apply(option);
    if (value == null) {
      return fallback;
    }
    return switch (value.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new OptionException(option.flag() + " must be true or false, got '" + value + "'");
    };
  }

  /** One of {@code fallback}'s enum constants, written in lower case ({@code --log-format text}). */
  private static <E extends Enum<E>> E choice(Function<Option, String> lookup, Option option, E fallback) {
    E[] choices = fallback.getDeclaringClass().getEnumConstants();
    String value = text(lookup, option, fallback.name().toLowerCase(Locale.ROOT));
    for (E choice : choices) {
      if (choice.name().toLowerCase(Locale.ROOT).equals(value)) {
        return choice;
      }
    }
    throw new OptionException(option.flag() + " must be " + Arrays.stream(choices)
      .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" or ")) + ", got '" + value + "'");
  }

  private static int portOf(String member) {
    return Integer.parseInt(member.substring(member.lastIndexOf(':') + 1));
  }

  private static String defaultNodeName(int hzPort) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "node";
    }
    String safe = host.replaceAll("[^A-Za-z0-9._-]", "-");
    return (safe.isEmpty() ? "node" : safe.split("\\.")[0]) + "-" + hzPort;
  }

  @Override
  public String toString() {
    return "NodeOptions[" + nodeName + " http=" + httpHost + ":" + httpPort + " cluster=" + clusterName
      + " hz=" + clusterHost + ":" + hzPort + " members=" + members + " quorum=" + quorum + "]";
  }
}
