package dev.vigil.notify;

/** A channel as submitted is not acceptable: {@link #field()} is wrong because {@link #reason()}. */
public final class InvalidChannelException extends RuntimeException {

  private final String field;
  private final String reason;

  public InvalidChannelException(String field, String reason) {
    super(field + ": " + reason, null, false, false);
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
