package dev.vigil.alert;

/** A rule that cannot be accepted: which field is wrong and why, so the API can answer 400 with both. */
public final class InvalidRuleException extends RuntimeException {

  private final String field;
  private final String reason;

  public InvalidRuleException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
    this.reason = reason;
  }

  public String field() {
    return field;
  }

  public String reason() {
    return reason;
  }
}
