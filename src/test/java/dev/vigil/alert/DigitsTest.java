package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigitsTest {

  @Test
  void keepsFourSignificantDigitsOfAFraction() {
    assertThat(Digits.text(27.025634211258577)).isEqualTo("27.03");
    assertThat(Digits.text(0.000123456)).isEqualTo("0.0001235");
    assertThat(Digits.text(-3.14159)).isEqualTo("-3.142");
  }

  @Test
  void neverDropsDigitsBeforeTheDecimalPoint() {
    assertThat(Digits.text(3012.7)).isEqualTo("3013");
    assertThat(Digits.text(123456.7)).isEqualTo("123457");
    assertThat(Digits.text(5400)).isEqualTo("5400");
  }

  @Test
  void writesNoTrailingZerosNorExponent() {
    assertThat(Digits.text(2.5)).isEqualTo("2.5");
    assertThat(Digits.text(1e-7)).isEqualTo("0.0000001");
    assertThat(Digits.text(0)).isEqualTo("0");
    assertThat(Digits.text(-0.0)).isEqualTo("0");
  }

  @Test
  void roundsAnExactTieAwayFromZeroLikeThePage() {
    // 1.0625 and -1.0625 are exact in binary: a true tie, which JavaScript's toPrecision also rounds up in size
    assertThat(Digits.round(1.0625)).isEqualTo(1.063);
    assertThat(Digits.round(-1.0625)).isEqualTo(-1.063);
  }

  @Test
  void leavesNonFiniteAndMissingValuesAlone() {
    assertThat(Digits.round(Double.NaN)).isNaN();
    assertThat(Digits.round((Double) null)).isNull();
    assertThat(Digits.text(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
  }
}
