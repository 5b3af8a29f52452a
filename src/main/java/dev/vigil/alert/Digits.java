package dev.vigil.alert;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers for people: the one rounding rule of every alert message, alert JSON (REST API, event bus,
 * MQTT {@code alerts/{deviceId}}) and, in webroot/js/util.js {@code fmtNum}, the dashboard. A measured
 * value keeps {@value #SIGNIFICANT} significant digits, but never loses a digit before the decimal
 * point: 27.025634211258577 -> 27.03, 0.000123456 -> 0.0001235, 3012.7 -> 3013, 123456.7 -> 123457.
 * A value a person typed (a rule's threshold) is shown as typed, never through this class.
 */
public final class Digits {

  /** Significant digits kept; the same constant as {@code SIGNIFICANT} in webroot/js/util.js. */
  public static final int SIGNIFICANT = 4;

  private Digits() {
  }

  /** {@code v} rounded to meaningful digits (half away from zero); non-finite values unchanged. */
  public static double round(double v) {
    if (!Double.isFinite(v) || v == 0) {
      return v;
    }
    BigDecimal exact = new BigDecimal(v);
    int integerDigits = exact.precision() - exact.scale();
    int keep = Math.max(SIGNIFICANT, integerDigits);
    return exact.round(new MathContext(keep, RoundingMode.HALF_UP)).doubleValue();
  }

  /** A boxed value rounded, null kept null (for optional JSON fields). */
  public static Double round(Double v) {
    return v == null ? null : round(v.doubleValue());
  }

  /** {@code v} rounded and written without exponent or trailing zeros: "27.03", "3013", "-0.5". */
  public static String text(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    double rounded = round(v);
    if (rounded == 0) {
      return "0";
    }
    return new BigDecimal(Double.toString(rounded)).stripTrailingZeros().toPlainString();
  }
}
