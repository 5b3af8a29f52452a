package dev.vigil.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * TEST-ONLY: docs/openapi.yaml as Vert.x's OpenAPI module reads it, to check real answers against it:
 * the status is documented for the operation, and the body validates against the documented schema
 * (JSON Schema 2020-12: types, required fields, enums, formats, through every $ref).
 */
final class ApiContract {

  private final OpenAPIContract contract;
  private final ResponseValidator validator;

  private ApiContract(Vertx vertx, OpenAPIContract contract) {
    this.contract = contract;
    this.validator = ResponseValidator.create(vertx, contract);
  }

  /**
   * Reads the file; its relative server ({@code /}, the API is same-origin) is read as an absolute one,
   * which Vert.x's reader insists on, and the CSV export's {@code text/csv} as {@code text/plain}, a media
   * type it knows (it refuses a contract with others; the CSV body is text either way), and a report's PDF and
   * xlsx as {@code application/octet-stream} (bytes either way).
   */
  static ApiContract load(Vertx vertx, java.nio.file.Path file) throws Exception {
    Map<String, Object> yaml;
    try (var in = java.nio.file.Files.newInputStream(file)) {
      yaml = new org.yaml.snakeyaml.Yaml().load(in);
    }
    String json = new JsonObject(yaml).encode().replace("\"text/csv\"", "\"text/plain\"")
        .replace("\"application/pdf\"", "\"application/octet-stream\"")
        .replace("\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"", "\"application/octet-stream\"");
    JsonObject raw = new JsonObject(json).put("servers", new JsonArray().add(new JsonObject().put("url", "http://vigil")));
    return new ApiContract(vertx, OpenAPIContract.from(vertx, raw).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS));
  }

  /** The documented operation for a concrete path (query string ignored); an AssertionError when there is none. */
  Operation operation(String method, String path) {
    Operation operation = contract.findOperation(path.split("\\?", 2)[0], HttpMethod.valueOf(method));
    if (operation == null) {
      throw new AssertionError("no operation " + method + " " + path + " in openapi.yaml");
    }
    return operation;
  }

  boolean documents(String method, String path, int status) {
    return operation(method, path).getResponse(status) != null;
  }

  /** Null when the answer validates against its documented response, else why it does not. */
  String problem(String method, String path, HttpResponse<Buffer> answer) {
    return problem(method, path, answer.statusCode(), answer.getHeader("Content-Type"), answer.body());
  }

  String problem(String method, String path, int status, String contentType, Buffer body) {
    ValidatableResponse response = contentType == null || body == null
        ? ValidatableResponse.create(status, Map.of())
        : ValidatableResponse.create(status, Map.of(), body, contentType.split(";", 2)[0]);
    try {
      validator.validate(response, operation(method, path).getOperationId()).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause().getMessage() + describe(e.getCause());
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static String describe(Throwable failure) {
    return failure instanceof io.vertx.openapi.validation.ValidatorException v && v.getCause() != null
        ? " (" + v.getCause().getMessage() + ")" : "";
  }
}
