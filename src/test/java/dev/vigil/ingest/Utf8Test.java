package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

  private static boolean strictDecoderAccepts(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void judgesBytesAsTheStrictDecoderDoes() {
    Random random = new Random(11);
    byte[] alphabet = {'a', '{', (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC2, (byte) 0xDF, (byte) 0xE0,
        (byte) 0xA0, (byte) 0xED, (byte) 0x9F, (byte) 0xEF, (byte) 0xF0, (byte) 0x90, (byte) 0xF4, (byte) 0x8F,
        (byte) 0xF5, (byte) 0xFF};
    int invalid = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] bytes = new byte[1 + random.nextInt(6)];
      for (int k = 0; k < bytes.length; k++) {
        bytes[k] = alphabet[random.nextInt(alphabet.length)];
      }
      boolean expected = strictDecoderAccepts(bytes);
      invalid += expected ? 0 : 1;
      assertThat(Utf8.isValid(bytes)).as("%s", java.util.HexFormat.of().formatHex(bytes)).isEqualTo(expected);
    }
    assertThat(invalid).isBetween(1, 199_999);
  }

  @Test
  void acceptsTextInEveryScript() {
    byte[] text = "{\"name\":\"Grüße, 温度, 🌡\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.isValid(text)).isTrue();
  }
}
