// Vigil ESP32 node: reads a sensor every READ_INTERVAL_MS and publishes it to Vigil over MQTT
// (topic devices/<id>/telemetry, payload {"ts","seq","metrics"}; see docs/wire-contract.md).
// Every reading goes into a RAM ring buffer first; while Wi-Fi or the broker is down readings
// pile up there and are flushed oldest first, as JSON arrays, when the connection is back.
// Settings: config.h only. Libraries: PubSubClient (Nick O'Leary) and, depending on the sensor,
// "DHT sensor library" (Adafruit) or EmonLib.

#include <WiFi.h>
#include <WiFiClientSecure.h>
#include <PubSubClient.h>
#include <time.h>
#include <sys/time.h>
#include "config.h"

#if SENSOR_KIND == SENSOR_DHT22
#include <DHT.h>
DHT dht(DHT_PIN, DHT22);
#elif SENSOR_KIND == SENSOR_CT_CLAMP
#include <EmonLib.h>
EnergyMonitor emon;
#endif

#if MQTT_USE_TLS
WiFiClientSecure net;
#else
WiFiClient net;
#endif
PubSubClient mqtt(net);

static const char TELEMETRY_TOPIC[] = "devices/" DEVICE_ID "/telemetry";
static const char STATUS_TOPIC[] = "devices/" DEVICE_ID "/status";
static const char CLIENT_ID[] = "vigil-esp32-" DEVICE_ID;

// ---- Readings and the ring buffer ---------------------------------------------------------
static const int MAX_METRICS = 3;

#if SENSOR_KIND == SENSOR_CT_CLAMP
static const char *const METRIC_NAMES[MAX_METRICS] = {"current_a", "power_w", nullptr};
#else
static const char *const METRIC_NAMES[MAX_METRICS] = {"temperature_c", "humidity_pct", nullptr};
#endif

struct Reading {
  uint32_t seq;
  uint32_t takenAtMillis;  // millis() when read: gives the time if NTP had not synced yet
  uint32_t epochSec;       // 0: wall clock unknown when read
  uint16_t epochMs;
  float values[MAX_METRICS];
};

static Reading ring[RING_CAPACITY];
static uint16_t ringHead = 0;   // oldest reading
static uint16_t ringCount = 0;
static uint32_t nextSeq = 0;
static uint32_t droppedReadings = 0;

static void ringPush(const Reading &r) {
  if (ringCount == RING_CAPACITY) {  // full: the oldest reading makes room
    ringHead = (ringHead + 1) % RING_CAPACITY;
    ringCount--;
    droppedReadings++;
  }
  ring[(ringHead + ringCount) % RING_CAPACITY] = r;
  ringCount++;
}

static Reading &ringAt(uint16_t i) {
  return ring[(ringHead + i) % RING_CAPACITY];
}

static void ringDropOldest(uint16_t n) {
  ringHead = (ringHead + n) % RING_CAPACITY;
  ringCount -= n;
}

// ---- Time -------------------------------------------------------------------------------
static bool clockIsSet() {
  return time(nullptr) > 1700000000;  // after Nov 2023: NTP has answered
}

static void stampNow(Reading &r) {
  r.takenAtMillis = millis();
  if (clockIsSet()) {
    struct timeval tv;
    gettimeofday(&tv, nullptr);
    r.epochSec = (uint32_t)tv.tv_sec;
    r.epochMs = (uint16_t)(tv.tv_usec / 1000);
  } else {
    r.epochSec = 0;
    r.epochMs = 0;
  }
}

// A reading taken before NTP answered gets its time once the clock is known, from millis().
static void backfillTime(Reading &r) {
  if (r.epochSec != 0 || !clockIsSet()) {
    return;
  }
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  uint64_t nowMs = (uint64_t)tv.tv_sec * 1000ULL + tv.tv_usec / 1000;
  uint64_t thenMs = nowMs - (uint32_t)(millis() - r.takenAtMillis);
  r.epochSec = (uint32_t)(thenMs / 1000ULL);
  r.epochMs = (uint16_t)(thenMs % 1000ULL);
}

// ---- Sensor -----------------------------------------------------------------------------
static void sensorBegin() {
#if SENSOR_KIND == SENSOR_DHT22
  dht.begin();
#elif SENSOR_KIND == SENSOR_CT_CLAMP
  analogReadResolution(12);
  emon.current(CT_PIN, CT_CALIBRATION);
  for (int i = 0; i < 5; i++) {
    emon.calcIrms(CT_SAMPLES);  // let EmonLib's offset filter settle before the first reading
  }
#endif
}

// Fills r.values; false when the sensor gave nothing usable this time.
static bool readSensor(Reading &r) {
  for (int i = 0; i < MAX_METRICS; i++) {
    r.values[i] = NAN;
  }
#if SENSOR_KIND == SENSOR_DHT22
  r.values[0] = dht.readTemperature();
  r.values[1] = dht.readHumidity();
  return !isnan(r.values[0]) && !isnan(r.values[1]);
#elif SENSOR_KIND == SENSOR_CT_CLAMP
  double irms = emon.calcIrms(CT_SAMPLES);
  r.values[0] = (float)irms;
  r.values[1] = (float)(irms * MAINS_VOLTAGE);
  return isfinite(irms);
#else
  float day = 2.0f * PI * (float)((millis() / 1000UL) % 86400UL) / 86400.0f;
  r.values[0] = 21.0f + 3.0f * sinf(day) + (float)random(-20, 21) / 100.0f;
  r.values[1] = 50.0f - 8.0f * sinf(day) + (float)random(-100, 101) / 100.0f;
  return true;
#endif
}

static void takeReading() {
  Reading r;
  if (!readSensor(r)) {
    Serial.println("sensor read failed, skipped");
    return;
  }
  r.seq = nextSeq++;
  stampNow(r);
  ringPush(r);
}

// ---- JSON -------------------------------------------------------------------------------
static char payload[MQTT_BUFFER_SIZE];

// Appends one reading; returns the new length, or -1 if it does not fit in `capacity`.
static int appendReading(char *out, int len, int capacity, Reading &r) {
  backfillTime(r);
  int n;
  if (r.epochSec != 0) {
    n = snprintf(out + len, capacity - len, "{\"ts\":%lu%03u,\"seq\":%lu,\"metrics\":{",
                 (unsigned long)r.epochSec, (unsigned)r.epochMs, (unsigned long)r.seq);
  } else {  // time unknown even now: Vigil uses the arrival time
    n = snprintf(out + len, capacity - len, "{\"seq\":%lu,\"metrics\":{", (unsigned long)r.seq);
  }
  if (n < 0 || n >= capacity - len) return -1;
  len += n;
  bool first = true;
  for (int i = 0; i < MAX_METRICS && METRIC_NAMES[i] != nullptr; i++) {
    if (!isfinite(r.values[i])) continue;  // the contract accepts finite numbers only
    n = snprintf(out + len, capacity - len, "%s\"%s\":%.3f", first ? "" : ",", METRIC_NAMES[i], r.values[i]);
    if (n < 0 || n >= capacity - len) return -1;
    len += n;
    first = false;
  }
  n = snprintf(out + len, capacity - len, "}}");
  if (n < 0 || n >= capacity - len) return -1;
  return len + n;
}

// Builds a message from the oldest readings: one object, or an array of up to
// FLUSH_MAX_READINGS. Returns how many readings it carries (0: nothing to send).
static int buildMessage(int capacity) {
  if (ringCount == 0) return 0;
  if (ringCount == 1) {
    return appendReading(payload, 0, capacity, ringAt(0)) < 0 ? 0 : 1;
  }
  int len = 1;
  payload[0] = '[';
  int taken = 0;
  // Keep 2 bytes for the ',' and the closing ']'.
  while (taken < ringCount && taken < FLUSH_MAX_READINGS) {
    int start = len + (taken > 0 ? 1 : 0);
    if (taken > 0) payload[len] = ',';
    int next = appendReading(payload, start, capacity - 1, ringAt(taken));
    if (next < 0) break;
    len = next;
    taken++;
  }
  if (taken == 0) return 0;
  payload[len++] = ']';
  payload[len] = '\0';
  return taken;
}

// ---- MQTT -------------------------------------------------------------------------------
static unsigned long lastConnectAttempt = 0;
static unsigned long reconnectDelayMs = 1000;

static void connectMqtt() {
  if (WiFi.status() != WL_CONNECTED || millis() - lastConnectAttempt < reconnectDelayMs) return;
  lastConnectAttempt = millis();
  Serial.printf("MQTT: connecting to %s:%d as %s\n", MQTT_HOST, MQTT_PORT, MQTT_USERNAME);
  // Last will: the broker publishes "offline" (retained) if this node vanishes.
  if (mqtt.connect(CLIENT_ID, MQTT_USERNAME, MQTT_PASSWORD, STATUS_TOPIC, 1, true, "offline")) {
    mqtt.publish(STATUS_TOPIC, "online", true);
    reconnectDelayMs = 1000;
    Serial.printf("MQTT: connected, %u readings waiting\n", ringCount);
  } else {
    // state() 4 or 5: wrong password or ACL: check config.h against add-device.sh.
    Serial.printf("MQTT: failed, state %d, next try in %lu ms\n", mqtt.state(), reconnectDelayMs);
    reconnectDelayMs = min(reconnectDelayMs * 2, 30000UL);
  }
}

// Sends the oldest waiting readings, one message per loop() pass, so the sketch stays
// responsive during a long flush.
static void flushOne() {
  if (!mqtt.connected() || ringCount == 0) return;
  // PubSubClient's buffer holds the fixed header (up to 5 bytes), the topic length (2) and
  // the topic as well as the payload.
  int capacity = MQTT_BUFFER_SIZE - 7 - (int)strlen(TELEMETRY_TOPIC);
  int count = buildMessage(capacity);
  if (count == 0) {
    Serial.println("reading does not fit MQTT_BUFFER_SIZE; dropped");
    ringDropOldest(1);
    return;
  }
  // PubSubClient publishes at QoS 0: true means the whole packet went into the TCP connection.
  // A reading is dropped from the ring only then; see the README for what that guarantees.
  if (mqtt.publish(TELEMETRY_TOPIC, payload, false)) {
    ringDropOldest(count);
  } else {
    Serial.println("publish failed; keeping the readings");
    mqtt.disconnect();
  }
}

// ---- Wi-Fi ------------------------------------------------------------------------------
static void connectWifi() {
  WiFi.mode(WIFI_STA);
  WiFi.setAutoReconnect(true);
  WiFi.begin(WIFI_SSID, WIFI_PASSWORD);
  Serial.printf("Wi-Fi: joining %s\n", WIFI_SSID);
}

// ---- Arduino ----------------------------------------------------------------------------
static unsigned long lastReading = 0;
static uint32_t lastReportedDrops = 0;

void setup() {
  Serial.begin(115200);
  delay(200);
  Serial.printf("\nVigil node %s\n", DEVICE_ID);
  sensorBegin();
  connectWifi();
  configTime(0, 0, NTP_SERVER_1, NTP_SERVER_2);  // UTC; the SNTP client keeps it in sync
#if MQTT_USE_TLS
  net.setCACert(MQTT_CA_CERT);
#endif
  mqtt.setServer(MQTT_HOST, MQTT_PORT);
  mqtt.setKeepAlive(30);
  mqtt.setSocketTimeout(5);
  if (!mqtt.setBufferSize(MQTT_BUFFER_SIZE)) {
    Serial.println("no memory for MQTT_BUFFER_SIZE; lower it in config.h");
  }
  lastReading = millis() - READ_INTERVAL_MS;  // first reading right away
}

void loop() {
  if (millis() - lastReading >= READ_INTERVAL_MS) {
    lastReading += READ_INTERVAL_MS;
    takeReading();
  }
  if (!mqtt.connected()) {
    connectMqtt();
  } else {
    mqtt.loop();
    flushOne();
  }
  if (droppedReadings != lastReportedDrops) {
    Serial.printf("ring buffer full: %lu oldest readings dropped so far\n", (unsigned long)droppedReadings);
    lastReportedDrops = droppedReadings;
  }
  delay(10);
}
