package dev.vigil.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves every {@link ConfigKey} once, at start-up: defaults, then an optional properties file,
 * then {@code VIGIL_*} environment variables, then command-line overrides, the later winning.
 */
public final class ConfigLoader {

  private ConfigLoader() {
  }

  /** Resolves the settings and validates them into a {@link VigilConfig}. */
  public static VigilConfig load(Path file, Map<String, String> env, Map<ConfigKey, String> overrides) {
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    for (ConfigKey key : ConfigKey.values()) {
      values.put(key, key.defaultValue());
    }
    if (file != null) {
      Properties props = readProperties(file);
      for (ConfigKey key : ConfigKey.values()) {
        String fromFile = props.getProperty(key.key());
        if (fromFile != null) {
          values.put(key, fromFile.trim());
        }
      }
    }
    for (ConfigKey key : ConfigKey.values()) {
      String fromEnv = env.get(key.envVar());
      if (fromEnv != null) {
        values.put(key, fromEnv.trim());
      }
    }
    values.putAll(overrides);
    return VigilConfig.from(values);
  }

  private static Properties readProperties(Path file) {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      props.load(reader);
      return props;
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
  }
}
