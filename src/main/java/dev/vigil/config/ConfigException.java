package dev.vigil.config;

/** A setting that is missing, malformed or out of range; its message names the key and the fix. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
