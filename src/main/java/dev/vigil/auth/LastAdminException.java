package dev.vigil.auth;

/** A change that would leave no admin (nobody could manage users any more); the API answers 409. */
public final class LastAdminException extends RuntimeException {

  public LastAdminException(String name) {
    super(name + " is the last admin: make another user admin first", null, false, false);
  }
}
