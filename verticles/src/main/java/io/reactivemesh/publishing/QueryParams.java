package io.reactivemesh.publishing;

import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Request;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads and checks the query parameters of the list and feed calls — {@code limit}, {@code author}, {@code status},
 * {@code cursor} — each bad value a 400 naming the parameter.
 */
final class QueryParams {

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;
  private static final String CURSOR_PREFIX = "after:";

  private QueryParams() {
  }

  static int limit(Request request) {
    String raw = request.queryParam("limit");
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw.trim());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw bad("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + raw + "'");
  }

  /** The author filter, or null when absent. */
  static String author(Request request) {
    String author = request.queryParam("author");
    if (author != null && !ArticleInput.AUTHOR.matcher(author).matches()) {
      throw bad("author", "author must match " + ArticleInput.AUTHOR.pattern());
    }
    return author;
  }

  /** The status filter, or null when absent. */
  static String status(Request request) {
    String status = request.queryParam("status");
    if (status != null && !Article.STATUSES.contains(status)) {
      throw bad("status", "status must be one of draft, publishing, published; got '" + status + "'");
    }
    return status;
  }

  /** The id after which the page starts, from an opaque cursor a previous page gave; null for the first page. */
  static String cursor(Request request) {
    String cursor = request.queryParam("cursor");
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (id.startsWith(CURSOR_PREFIX) && Ids.looksValid(id.substring(CURSOR_PREFIX.length()))) {
        return id.substring(CURSOR_PREFIX.length());
      }
    } catch (IllegalArgumentException e) {
      // not base64: reported below
    }
    throw bad("cursor", "cursor is not one this service gave: pass nextCursor of the previous page unchanged");
  }

  static String cursorAfter(String id) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + id).getBytes(StandardCharsets.UTF_8));
  }

  private static MeshException bad(String parameter, String detail) {
    return MeshException.invalid(400, "Bad Request", detail, parameter);
  }
}
