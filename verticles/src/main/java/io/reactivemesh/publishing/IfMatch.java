package io.reactivemesh.publishing;

import io.reactivemesh.client.MeshException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * An article's entity tag ({@code "3"}: its version) and the {@code If-Match} precondition of a write: {@code *} or a
 * list of strong tags. Weak tags ({@code W/"3"}) never match, as RFC 9110 asks of If-Match; a malformed header is a
 * 400 naming {@code If-Match}. Serializable: it travels inside the entry processors that compare and set.
 */
public record IfMatch(boolean any, long[] versions) implements Serializable {

  public static final String HEADER = "if-match";

  public static String etag(long version) {
    return "\"" + version + "\"";
  }

  /** The precondition in {@code header}, or null when there is none. */
  public static IfMatch parse(String header) {
    if (header == null) {
      return null;
    }
    List<Long> versions = new ArrayList<>();
    for (String raw : header.split(",")) {
      String tag = raw.trim();
      if (tag.equals("*")) {
        return new IfMatch(true, new long[0]);
      }
      if (tag.startsWith("W/\"") && tag.endsWith("\"") && tag.length() >= 4) {
        continue;
      }
      if (tag.length() < 3 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
        throw malformed(header);
      }
      try {
        versions.add(Long.parseLong(tag.substring(1, tag.length() - 1)));
      } catch (NumberFormatException e) {
        // an entity tag this service never issued cannot match; RFC 9110 makes that a failed precondition, not an error
        versions.add(-1L);
      }
    }
    return new IfMatch(false, versions.stream().mapToLong(Long::longValue).toArray());
  }

  public boolean matches(long version) {
    if (any) {
      return true;
    }
    for (long candidate : versions) {
      if (candidate == version) {
        return true;
      }
    }
    return false;
  }

  private static MeshException malformed(String header) {
    return MeshException.invalid(400, "Bad Request", "If-Match must be * or a list of entity tags such as \"3\", got "
      + header, "If-Match");
  }
}
