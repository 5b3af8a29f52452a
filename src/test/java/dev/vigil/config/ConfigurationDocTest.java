package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists exactly the settings the code reads, with their real defaults. */
class ConfigurationDocTest {

  @Test
  void configurationTableInDocsMatchesConfigKeys() throws Exception {
    String doc = Files.readString(Path.of("docs/configuration.md"));
    String table = doc.substring(doc.indexOf("<!-- config-table:start -->"), doc.indexOf("<!-- config-table:end -->"));
    String expectedRows = Arrays.stream(ConfigKey.values()).map(ConfigurationDocTest::row)
        .collect(Collectors.joining("\n"));
    assertThat(table).contains(expectedRows);
    assertThat(table.lines().filter(l -> l.startsWith("| `")).count()).isEqualTo(ConfigKey.values().length);
  }

  private static String row(ConfigKey k) {
    String def = k.defaultValue().isEmpty() ? "*(empty)*" : "`" + k.defaultValue() + "`";
    return "| `" + k.key() + "` | `" + k.envVar() + "` | " + def + " | " + k.description().replace("|", "\\|") + " |";
  }
}
