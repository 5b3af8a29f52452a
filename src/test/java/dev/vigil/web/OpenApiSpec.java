package dev.vigil.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * A small test-side reading of docs/openapi.yaml: which statuses an operation documents, and whether a
 * JSON answer carries every field its schema requires (recursively through $ref, objects, arrays, maps
 * (additionalProperties) and oneOf). Not a full JSON-Schema validator: required fields and JSON types of
 * objects/arrays only.
 */
final class OpenApiSpec {

  private final Map<String, Object> root;

  private OpenApiSpec(Map<String, Object> root) {
    this.root = root;
  }

  static OpenApiSpec load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new OpenApiSpec(new Yaml().load(in));
    }
  }

  /** A JSON text as plain Maps, Lists and scalars (what {@link #problems} walks). */
  static Object parse(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Object.class);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /** The response object documented for the operation and status; null when it is not documented. */
  Map<String, Object> response(String method, String pathTemplate, int status) {
    Map<String, Object> path = map(map(root.get("paths")).get(pathTemplate));
    if (path == null || path.get(method.toLowerCase()) == null) {
      throw new AssertionError("no operation " + method + " " + pathTemplate + " in openapi.yaml");
    }
    Map<String, Object> responses = map(map(path.get(method.toLowerCase())).get("responses"));
    Object response = responses.get(String.valueOf(status));
    return response == null ? null : resolve(map(response));
  }

  /** The JSON schema of a documented response, or null when it has no JSON body. */
  Map<String, Object> jsonSchema(Map<String, Object> response) {
    Map<String, Object> content = map(response.get("content"));
    Map<String, Object> json = content == null ? null : map(content.get("application/json"));
    return json == null ? null : resolve(map(json.get("schema")));
  }

  /** Problems of {@code value} against {@code schema}: missing required fields, wrong container types. */
  List<String> problems(Map<String, Object> schema, Object value, String where) {
    List<String> problems = new ArrayList<>();
    schema = resolve(schema);
    if (schema.get("oneOf") instanceof List<?> options) {
      for (Object option : options) {
        if (problems(map(option), value, where).isEmpty()) {
          return problems;
        }
      }
      problems.add(where + ": matches none of oneOf");
      return problems;
    }
    if (schema.get("required") instanceof List<?> required) {
      if (!(value instanceof Map<?, ?> object)) {
        problems.add(where + ": expected an object");
        return problems;
      }
      required.stream().filter(f -> !object.containsKey(f)).forEach(f -> problems.add(where + ": missing " + f));
      Map<String, Object> properties = map(schema.get("properties"));
      if (properties != null) {
        properties.forEach((name, sub) -> {
          if (object.get(name) != null) {
            problems.addAll(problems(map(sub), object.get(name), where + "." + name));
          }
        });
      }
    }
    if (schema.get("additionalProperties") instanceof Map<?, ?> values && value instanceof Map<?, ?> object) {
      object.forEach((name, v) -> problems.addAll(problems(map(values), v, where + "." + name)));
    }
    if ("array".equals(schema.get("type")) && schema.get("items") != null) {
      if (!(value instanceof List<?> list)) {
        problems.add(where + ": expected an array");
        return problems;
      }
      for (int i = 0; i < list.size(); i++) {
        problems.addAll(problems(map(schema.get("items")), list.get(i), where + "[" + i + "]"));
      }
    }
    return problems;
  }

  private Map<String, Object> resolve(Map<String, Object> node) {
    while (node != null && node.get("$ref") instanceof String ref) {
      Object target = root;
      for (String part : ref.substring(2).split("/")) {
        target = map(target).get(part);
      }
      node = map(target);
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
