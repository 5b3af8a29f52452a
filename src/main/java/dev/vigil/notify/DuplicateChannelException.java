package dev.vigil.notify;

/** Another channel already has this name (names are unique, so the delivery log stays readable). */
public final class DuplicateChannelException extends RuntimeException {

  public DuplicateChannelException(String name) {
    super("a channel named '" + name + "' exists already", null, false, false);
  }
}
