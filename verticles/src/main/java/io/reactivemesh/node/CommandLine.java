package io.reactivemesh.node;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The node's command line parsed into option values: {@code --key value} or {@code --key=value}, and {@code --help}. */
public record CommandLine(Map<Option, String> values, boolean help) {

  public static CommandLine parse(List<String> args) {
    Map<Option, String> values = new EnumMap<>(Option.class);
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new OptionException("unexpected argument '" + arg + "': options are --name value (see --help)");
      }
      int eq = arg.indexOf('=');
      String key = arg.substring(2, eq < 0 ? arg.length() : eq);
      Option option = Option.byKey(key)
        .orElseThrow(() -> new OptionException("unknown option --" + key + " (see --help)"));
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        throw new OptionException("option " + option.flag() + " needs a value");
      }
      if (values.put(option, value) != null) {
        throw new OptionException("option " + option.flag() + " is given twice");
      }
    }
    return new CommandLine(values, help);
  }

  /** The text {@code --help} prints: every option with its environment twin. */
  public static String usage() {
    StringBuilder text = new StringBuilder()
      .append("Usage: java -jar mesh-node.jar [options]\n")
      .append("Starts a Reactive Mesh node. Precedence: flags > MESH_* environment > conf file (node: section) > defaults.\n\n");
    for (Option option : Option.values()) {
      text.append(String.format("  %-22s %-24s %s%n", option.flag() + " <v>", option.env(), option.help()));
    }
    text.append(String.format("  %-22s %-24s %s%n", "--help", "", "print this text and exit"));
    return text.toString();
  }
}
