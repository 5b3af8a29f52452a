package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The contract checker itself must catch what it is there to catch. */
class OpenApiSpecTest {

  @Test
  void reportsAFieldMissingDeepInsideAPage() throws Exception {
    OpenApiSpec spec = OpenApiSpec.load(Path.of("docs/openapi.yaml"));
    var schema = spec.jsonSchema(spec.response("GET", "/api/alerts", 200));
    Object page = OpenApiSpec.parse("{\"items\":[{\"id\":1}],\"total\":1,\"limit\":50,\"offset\":0}");
    assertThat(spec.problems(schema, page, "alerts")).contains("alerts.items[0]: missing deviceId");
  }

  @Test
  void acceptsAFieldErrorAndRefusesAnErrorWithoutTheField() throws Exception {
    OpenApiSpec spec = OpenApiSpec.load(Path.of("docs/openapi.yaml"));
    var schema = spec.jsonSchema(spec.response("GET", "/api/devices", 400));
    assertThat(spec.problems(schema, OpenApiSpec.parse("{\"error\":\"e\",\"field\":\"limit\",\"reason\":\"r\"}"), "e")).isEmpty();
    assertThat(spec.problems(schema, OpenApiSpec.parse("{\"error\":\"e\"}"), "e")).contains("e: missing field");
  }

  @Test
  void refusesAReadingWhoseExpectedRangeLacksItsHighEnd() throws Exception {
    OpenApiSpec spec = OpenApiSpec.load(Path.of("docs/openapi.yaml"));
    var schema = spec.jsonSchema(spec.response("GET", "/api/devices/{id}/readings", 200));
    String answer = "{\"deviceId\":\"d\",\"from\":\"x\",\"to\":\"y\",\"limit\":1,\"items\":[{\"ts\":\"x\",\"seq\":0,"
        + "\"metrics\":{\"t\":1},\"score\":0,\"anomalous\":false,\"expected\":{\"t\":{\"low\":0%s}}}]}";
    assertThat(spec.problems(schema, OpenApiSpec.parse(answer.formatted(",\"high\":2")), "r")).isEmpty();
    assertThat(spec.problems(schema, OpenApiSpec.parse(answer.formatted("")), "r")).isNotEmpty();
  }

  @Test
  void knowsWhichStatusesAreNotDocumented() throws Exception {
    OpenApiSpec spec = OpenApiSpec.load(Path.of("docs/openapi.yaml"));
    assertThat(spec.response("GET", "/api/rules", 409)).isNull();
  }
}
