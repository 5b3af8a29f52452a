package dev.vigil.store;

/** A rule with the same device, metric, operator and value already exists (the API answers 409). */
public final class DuplicateRuleException extends RuntimeException {

  public DuplicateRuleException(String message) {
    super(message);
  }
}
