package dev.vigil.energy;

/** A site, tag or tariff given by a user or a device that Vigil refuses: which field, and why. */
public final class InvalidEnergyInput extends RuntimeException {

  private final String field;

  public InvalidEnergyInput(String field, String reason) {
    super(reason, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
