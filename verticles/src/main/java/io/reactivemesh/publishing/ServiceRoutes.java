package io.reactivemesh.publishing;

import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A service's own small route table: matches an envelope's method and path against templates such as
 * {@code /api/articles/:id} and calls the handler with the path parameters; an unknown path is a 404 and a known path
 * with another method a 405, both as problems. The gateway routes public paths; {@code /internal/*} paths are only
 * reachable by other services through the mesh client.
 */
final class ServiceRoutes {

  /** A handler of one route: the request and the path parameters the template captured. */
  @FunctionalInterface
  interface Handler extends BiFunction<Request, Map<String, String>, Future<Reply>> {
  }

  private record Route(String method, String[] segments, Handler handler) {
  }

  private final List<Route> routes = new ArrayList<>();

  ServiceRoutes on(String method, String template, Handler handler) {
    routes.add(new Route(method, split(template), handler));
    return this;
  }

  Future<Reply> dispatch(Request request) {
    String[] path = split(request.path());
    boolean pathKnown = false;
    for (Route route : routes) {
      Map<String, String> params = match(route.segments(), path);
      if (params == null) {
        continue;
      }
      pathKnown = true;
      if (route.method().equals(request.method())) {
        return route.handler().apply(request, params);
      }
    }
    return Future.failedFuture(pathKnown
      ? new MeshException(405, "Method Not Allowed", "method " + request.method() + " is not allowed on " + request.path())
      : new MeshException(404, "Not Found", "no such resource: " + request.path()));
  }

  private static Map<String, String> match(String[] template, String[] path) {
    if (template.length != path.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < template.length; i++) {
      if (template[i].startsWith(":")) {
        if (path[i].isEmpty()) {
          return null;
        }
        params.put(template[i].substring(1), path[i]);
      } else if (!template[i].equals(path[i])) {
        return null;
      }
    }
    return params;
  }

  private static String[] split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.split("/", -1);
  }
}
