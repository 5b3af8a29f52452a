package dev.vigil.ingest;

import dev.vigil.ingest.FloodPublisher.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * TEST-ONLY: a seeded mix of what a hostile or broken device sends (random bytes, huge and deep JSON,
 * NaN, 1e309, wrong types, 1000 metrics, bad UTF-8, hostile device ids in the topic), interleaved with
 * valid readings of a few devices (seq 1..n each).
 */
final class HostileMessages {

  private static final String[] HOSTILE_IDS = {"a b", "x".repeat(100), "';DROP TABLE readings;--", "%00",
      "ünïcødé", "$SYS"};

  // Shared, not made per message: a full-size flood holds 150,000 messages in memory.
  private static final byte[] HUGE = utf8("{\"metrics\":{\"s\":\"" + "a".repeat(70_000) + "\"}}");
  private static final byte[] DEEP = utf8("[".repeat(5_000) + "]".repeat(5_000));
  private static final byte[] THOUSAND_METRICS = thousandMetrics();

  private final String prefix;
  private final Random random = new Random(13);

  HostileMessages(String prefix) {
    this.prefix = prefix;
  }

  /** {@code hostile} bad messages from {@code hostileDevices} devices and {@code valid} good ones, interleaved. */
  List<Message> mix(int hostile, int hostileDevices, int valid, int validDevices, long firstTs) {
    List<Message> out = new ArrayList<>(hostile + valid);
    int h = 0;
    int v = 0;
    while (h < hostile || v < valid) {
      // spread the valid readings evenly through the flood
      if (v < valid && (h >= hostile || (long) v * hostile <= (long) h * valid)) {
        out.add(validReading(v++, validDevices, firstTs));
      } else {
        out.add(hostileMessage(h++, hostileDevices));
      }
    }
    return out;
  }

  String validDevice(int d) {
    return prefix + "ok-" + d;
  }

  private Message validReading(int index, int devices, long firstTs) {
    int seq = index / devices + 1;
    String payload = "{\"ts\":" + (firstTs + seq) + ",\"seq\":" + seq + ",\"metrics\":{\"v\":" + seq + "}}";
    return new Message(topic(validDevice(index % devices)), utf8(payload), true);
  }

  private Message hostileMessage(int index, int devices) {
    String device = prefix + "bad-" + (index % devices);
    return switch (index % 10) {
      case 0 -> new Message(topic(device), randomBytes(64 + random.nextInt(512)), false);
      case 1 -> new Message(topic(device), HUGE, false);
      case 2 -> new Message(topic(device), DEEP, false);
      case 3 -> new Message(topic(device), utf8("{\"seq\":" + index + ",\"metrics\":{\"t\":NaN}}"), false);
      case 4 -> new Message(topic(device), utf8("{\"seq\":" + index + ",\"metrics\":{\"t\":1e309}}"), false);
      case 5 -> new Message(topic(device), utf8("{\"seq\":\"" + index + "\",\"metrics\":{\"t\":\"hot\"}}"), false);
      case 6 -> new Message(topic(device), THOUSAND_METRICS, false);
      case 7 -> new Message(topic(device), new byte[] {'{', '"', 't', '"', ':', (byte) 0xC3, 0x28, (byte) 0xFF, '}'},
          false);
      case 8 -> new Message(topic(HOSTILE_IDS[index / 10 % HOSTILE_IDS.length]),
          utf8("{\"seq\":" + index + ",\"t\":1}"), false);
      default -> new Message(topic(device), utf8("{\"ts\":\"yesterday\",\"metrics\":{\"t\":" + index + "}}"), false);
    };
  }

  private static String topic(String deviceId) {
    return "devices/" + deviceId + "/telemetry";
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] thousandMetrics() {
    StringBuilder json = new StringBuilder("{\"metrics\":{");
    for (int m = 0; m < 1000; m++) {
      json.append(m == 0 ? "" : ",").append("\"m").append(m).append("\":").append(m);
    }
    return utf8(json.append("}}").toString());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
