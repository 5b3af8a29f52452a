package dev.vigil.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** UTF-8 checks on raw payload bytes, so that a payload is never decoded into text only to be judged. */
final class Utf8 {

  /** Eight bytes at a time: payloads are mostly ASCII, and a flood's large ones were checked a byte at a time. */
  private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {
  }

  /**
   * Whether {@code bytes} are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
   * above U+10FFFF), the same bytes a strict {@link java.nio.charset.CharsetDecoder} accepts.
   */
  static boolean isValid(byte[] bytes) {
    int i = 0;
    int n = bytes.length;
    while (i < n) {
      if (i + Long.BYTES <= n && ((long) WORDS.get(bytes, i) & HIGH_BITS) == 0) {
        i += Long.BYTES;
        continue;
      }
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      int length = sequenceLength(b & 0xFF, n - i > 1 ? bytes[i + 1] & 0xFF : -1);
      if (length == 0 || i + length > n) {
        return false;
      }
      for (int k = 2; k < length; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return false;
        }
      }
      i += length;
    }
    return true;
  }

  /** Bytes of the sequence led by {@code lead} whose second byte is {@code next}; 0 when malformed. */
  private static int sequenceLength(int lead, int next) {
    if (lead >= 0xC2 && lead <= 0xDF) {
      return continuation(next, 0x80, 0xBF) ? 2 : 0;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
      int low = lead == 0xE0 ? 0xA0 : 0x80;
      int high = lead == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
      return continuation(next, low, high) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      int low = lead == 0xF0 ? 0x90 : 0x80;
      int high = lead == 0xF4 ? 0x8F : 0xBF;
      return continuation(next, low, high) ? 4 : 0;
    }
    return 0;
  }

  private static boolean continuation(int b, int low, int high) {
    return b >= low && b <= high;
  }

  static boolean startsWithBom(byte[] bytes) {
    return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
  }

  /** Whether everything from {@code start} is whitespace (as {@link String#isBlank} sees ASCII), or nothing. */
  static boolean isBlank(byte[] bytes, int start) {
    for (int i = start; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != 0x0B && b != 0x0C && b != 0x1C && b != 0x1D
          && b != 0x1E && b != 0x1F) {
        return false;
      }
    }
    return true;
  }
}
