package dev.vigil.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods the API's routes take at a path, so that a known path asked with another method answers
 * 405 with an {@code Allow} header (RFC 9110), not 404. Read from the router itself, so that it cannot
 * disagree with the routes; built at first use, once every route is mounted.
 */
final class AllowedMethods {

  private record Entry(Pattern path, Set<HttpMethod> methods) {
  }

  private final Router api;
  private List<Entry> entries;

  AllowedMethods(Router api) {
    this.api = api;
  }

  /** The methods some route takes at {@code path} (relative to the API's mount point), sorted; empty when none. */
  Set<String> at(String path) {
    Set<String> allowed = new TreeSet<>();
    for (Entry entry : entries()) {
      if (entry.path().matcher(path).matches()) {
        entry.methods().forEach(m -> allowed.add(m.name()));
      }
    }
    return allowed;
  }

  private List<Entry> entries() {
    if (entries == null) {
      List<Entry> found = new ArrayList<>();
      for (Route route : api.getRoutes()) {
        if (route.getPath() != null && route.methods() != null && !route.methods().isEmpty()) {
          found.add(new Entry(patternOf(route.getPath()), Set.copyOf(route.methods())));
        }
      }
      entries = List.copyOf(found);
    }
    return entries;
  }

  /** {@code /rules/:id} matches {@code /rules/7}: a parameter is one path segment. */
  static Pattern patternOf(String routePath) {
    List<String> segments = new ArrayList<>();
    for (String segment : routePath.split("/", -1)) {
      segments.add(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
    }
    return Pattern.compile(String.join("/", segments));
  }
}
