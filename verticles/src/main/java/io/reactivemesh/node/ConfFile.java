package io.reactivemesh.node;

import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loads a node conf file (YAML, or the copy bundled in the jar) into JSON; only the {@code node} package reads files. */
public final class ConfFile {

  /** The conf used when none is named and ./conf/node.yaml does not exist: the repository's conf/node.yaml, bundled. */
  public static final String BUNDLED = "classpath:conf/node.yaml";
  static final Path WORKING_DIR_CONF = Path.of("conf", "node.yaml");
  private static final String CLASSPATH_PREFIX = "classpath:";

  private ConfFile() {
  }

  /** Where the conf comes from when no {@code --conf} and no {@code MESH_CONF} is given. */
  public static String defaultLocation() {
    return Files.isRegularFile(WORKING_DIR_CONF) ? WORKING_DIR_CONF.toString() : BUNDLED;
  }

  public static JsonObject load(String location) {
    try (InputStream in = open(location)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (doc == null) {
        return new JsonObject();
      }
      if (!(doc instanceof Map<?, ?> map)) {
        throw new OptionException("conf file " + location + " must hold a YAML mapping at the top");
      }
      @SuppressWarnings("unchecked")
      JsonObject json = new JsonObject((Map<String, Object>) map);
      return json;
    } catch (YAMLException e) {
      throw new OptionException("conf file " + location + " is not valid YAML: " + firstLine(e.getMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code location} names a resource of the jar rather than a file. */
  public static boolean isBundled(String location) {
    return location.startsWith(CLASSPATH_PREFIX);
  }

  /** Opens a file path or a {@code classpath:} resource; a missing one is an {@link OptionException}. */
  public static InputStream open(String location) throws IOException {
    if (isBundled(location)) {
      String resource = location.substring(CLASSPATH_PREFIX.length());
      InputStream in = ConfFile.class.getClassLoader().getResourceAsStream(resource);
      if (in == null) {
        throw new OptionException("no resource " + resource + " in the jar");
      }
      return in;
    }
    Path path = Path.of(location);
    if (!Files.isRegularFile(path)) {
      throw new OptionException("file " + location + " does not exist");
    }
    return Files.newInputStream(path);
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
