package io.reactivemesh.publishing;

import io.reactivemesh.client.MeshException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The writable fields of an article, checked: {@code title} 1..200 characters, {@code body} at most 64 KiB of UTF-8,
 * {@code author} matching {@code [a-z0-9._-]{1,64}}, at most 10 distinct {@code tags} of 1..32 characters. Bad input is a
 * {@link MeshException} naming the field: 400 when the request body is not a JSON object, 413 when the article body is
 * too large, 422 otherwise (with every field at fault under {@code errors}). Read-only fields are ignored.
 */
public record ArticleInput(String title, String body, String author, List<String> tags) implements Serializable {

  public static final int MAX_TITLE_CHARS = 200;
  public static final int MAX_BODY_BYTES = 64 * 1024;
  public static final int MAX_TAGS = 10;
  public static final int MAX_TAG_CHARS = 32;
  public static final Pattern AUTHOR = Pattern.compile("[a-z0-9._-]{1,64}");
  /** Fields the service sets; a client may send them back (GET, edit, PUT) and they are ignored. */
  static final Set<String> READ_ONLY = Set.of("id", "version", "status", "createdAt", "updatedAt", "publishedAt",
    "workflowId");
  static final Set<String> WRITABLE = Set.of("title", "body", "author", "tags");

  public ArticleInput {
    tags = List.copyOf(tags);
  }

  /** The input of a create or a full update, or a 400/413/422 {@link MeshException} naming what is wrong. */
  public static ArticleInput parse(Object requestBody) {
    if (!(requestBody instanceof JsonObject json)) {
      throw MeshException.invalid(400, "Bad Request", "the request body must be a JSON object with title, body, "
        + "author and tags", "body");
    }
    Object body = json.getValue("body");
    if (body instanceof String text && text.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
      throw MeshException.invalid(413, "Content Too Large", "body must be at most " + MAX_BODY_BYTES
        + " bytes of UTF-8 (64 KiB)", "body");
    }
    List<JsonObject> errors = new ArrayList<>();
    String title = text(json, "title", errors);
    if (title != null && (title.isBlank() || title.codePointCount(0, title.length()) > MAX_TITLE_CHARS)) {
      errors.add(error("title", "title must be 1 to " + MAX_TITLE_CHARS + " characters, not blank"));
    }
    String bodyText = text(json, "body", errors);
    String author = text(json, "author", errors);
    if (author != null && !AUTHOR.matcher(author).matches()) {
      errors.add(error("author", "author must match " + AUTHOR.pattern() + " (lower-case letters, digits, '.', '_', '-')"));
    }
    List<String> tags = tags(json.getValue("tags"), errors);
    for (String field : json.fieldNames()) {
      if (!WRITABLE.contains(field) && !READ_ONLY.contains(field)) {
        errors.add(error(field, "unknown field '" + field + "': an article has title, body, author and tags"));
      }
    }
    if (!errors.isEmpty()) {
      JsonObject first = errors.get(0);
      throw new MeshException(422, "Unprocessable Content", first.getString("detail"), new JsonObject()
        .put("field", first.getString("field"))
        .put("errors", new JsonArray(new ArrayList<>(errors))));
    }
    return new ArticleInput(title, bodyText, author, tags);
  }

  private static String text(JsonObject json, String field, List<JsonObject> errors) {
    Object value = json.getValue(field);
    if (value == null) {
      errors.add(error(field, field + " is required"));
      return null;
    }
    if (!(value instanceof String text)) {
      errors.add(error(field, field + " must be a string"));
      return null;
    }
    return text;
  }

  private static List<String> tags(Object value, List<JsonObject> errors) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      errors.add(error("tags", "tags must be a list of strings"));
      return List.of();
    }
    if (array.size() > MAX_TAGS) {
      errors.add(error("tags", "at most " + MAX_TAGS + " tags, got " + array.size()));
      return List.of();
    }
    List<String> tags = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Object tag : array) {
      if (!(tag instanceof String name) || name.isBlank() || name.codePointCount(0, name.length()) > MAX_TAG_CHARS) {
        errors.add(error("tags", "each tag must be a string of 1 to " + MAX_TAG_CHARS + " characters, not blank"));
        return List.of();
      }
      if (!seen.add(name)) {
        errors.add(error("tags", "tag '" + name + "' is listed twice"));
        return List.of();
      }
      tags.add(name);
    }
    return tags;
  }

  private static JsonObject error(String field, String detail) {
    return new JsonObject().put("field", field).put("detail", detail);
  }
}
