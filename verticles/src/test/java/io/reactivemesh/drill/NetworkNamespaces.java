package io.reactivemesh.drill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Several "hosts" on one machine for the partition drill: one Linux network namespace per node, each with its own
 * address on {@value #SUBNET}.0/24, joined by a bridge in the root namespace that also carries the drill client's
 * address ({@value #SUBNET}.1). Cuts a host off from the other hosts (iptables DROP inside its namespace, the client
 * still reaching it) and heals it. Every name starts with {@value #PREFIX}, so that a run can remove what an
 * interrupted run left. Needs root and {@code ip}; installs {@code iptables} from Debian when it is missing.
 */
final class NetworkNamespaces implements AutoCloseable {

  static final String PREFIX = "rmdrill";
  static final String SUBNET = "10.77.0";
  static final String BRIDGE = PREFIX + "-br";
  static final String CLIENT_ADDRESS = SUBNET + ".1";

  private final int hosts;

  private NetworkNamespaces(int hosts) {
    this.hosts = hosts;
  }

  /** The namespace of host {@code i}. */
  static String namespace(int i) {
    return PREFIX + "-n" + i;
  }

  /** The address of host {@code i}. */
  static String address(int i) {
    return SUBNET + "." + (10 + i);
  }

  /** The command prefix that runs a program on host {@code i}. */
  static List<String> on(int i) {
    return List.of("ip", "netns", "exec", namespace(i));
  }

  /** Removes what an earlier run left, then makes the bridge and {@code hosts} namespaces. */
  static NetworkNamespaces create(int hosts) throws IOException, InterruptedException {
    requireRootAndTools();
    NetworkNamespaces network = new NetworkNamespaces(hosts);
    removeLeftovers();
    try {
      run("ip", "link", "add", BRIDGE, "type", "bridge");
      run("ip", "addr", "add", CLIENT_ADDRESS + "/24", "dev", BRIDGE);
      run("ip", "link", "set", BRIDGE, "up");
      for (int i = 0; i < hosts; i++) {
        String ns = namespace(i);
        String outside = PREFIX + "-v" + i;
        run("ip", "netns", "add", ns);
        run("ip", "link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", ns);
        run("ip", "link", "set", outside, "master", BRIDGE);
        run("ip", "link", "set", outside, "up");
        run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        run("ip", "netns", "exec", ns, "ip", "addr", "add", address(i) + "/24", "dev", "eth0");
        run("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
      }
      return network;
    } catch (IOException | RuntimeException e) {
      network.close();
      throw e;
    }
  }

  /** Drops every packet between host {@code i} and the other hosts, both ways; the client still reaches it. */
  void cutOff(int i) throws IOException, InterruptedException {
    for (int other = 0; other < hosts; other++) {
      if (other != i) {
        run("ip", "netns", "exec", namespace(i), "iptables", "-A", "INPUT", "-s", address(other), "-j", "DROP");
        run("ip", "netns", "exec", namespace(i), "iptables", "-A", "OUTPUT", "-d", address(other), "-j", "DROP");
      }
    }
  }

  /** Removes the rules {@link #cutOff} added in host {@code i}'s namespace (its own table, made by this drill). */
  void heal(int i) throws IOException, InterruptedException {
    run("ip", "netns", "exec", namespace(i), "iptables", "-F");
  }

  /** Deletes the namespaces (their veth pairs go with them) and the bridge; never fails. */
  @Override
  public void close() {
    removeLeftovers();
  }

  /** Deletes every namespace and link of this drill's naming, whoever made them. */
  static void removeLeftovers() {
    try {
      for (String ns : output("ip", "netns", "list").lines().map(l -> l.split(" ")[0]).toList()) {
        if (ns.startsWith(PREFIX + "-")) {
          quietly("ip", "netns", "del", ns);
        }
      }
      for (String line : output("ip", "-o", "link", "show").lines().toList()) {
        String[] fields = line.split(":\\s+");
        if (fields.length > 1) {
          String link = fields[1].split("@")[0];
          if (link.startsWith(PREFIX + "-")) {
            quietly("ip", "link", "del", link);
          }
        }
      }
    } catch (IOException e) {
      System.out.println("network clean-up: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void requireRootAndTools() throws IOException, InterruptedException {
    if (!"0".equals(output("id", "-u").trim())) {
      throw new IllegalStateException("the partition drill makes network namespaces: run it as root");
    }
    if (exitOf(List.of("sh", "-c", "command -v iptables")) != 0) {
      System.out.println("partition drill: installing iptables (Debian package)");
      run("sh", "-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iptables >/dev/null 2>&1 "
        + "|| (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iptables >/dev/null)");
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    List<String> args = List.of(command);
    Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", args) + " failed: " + out.trim());
    }
  }

  private static void quietly(String... command) throws InterruptedException, IOException {
    exitOf(List.of(command));
  }

  private static int exitOf(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
      .start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  private static String output(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    return out;
  }
}
