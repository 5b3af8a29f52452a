// Vigil ESP32 node: the only file to edit. See ../README.md.
#pragma once

// ---- Wi-Fi ---------------------------------------------------------------------------
#define WIFI_SSID "your-wifi"
#define WIFI_PASSWORD "your-wifi-password"

// ---- Device identity (username = device id; make the login with mosquitto/add-device.sh) --
// [A-Za-z0-9_.:-]{1,64}
#define DEVICE_ID "esp32-1"
#define MQTT_USERNAME DEVICE_ID
#define MQTT_PASSWORD "the-password-add-device.sh-printed"

// ---- Broker ----------------------------------------------------------------------------
#define MQTT_HOST "192.168.1.10"
// 1 = TLS (WiFiClientSecure, verified against MQTT_CA_CERT below), port 8883.
#define MQTT_USE_TLS 0
#if MQTT_USE_TLS
#define MQTT_PORT 8883
#else
#define MQTT_PORT 1883
#endif
// PEM of the CA that signed the broker's certificate (mosquitto/README.md, "TLS"): the whole
// of ca.crt, BEGIN and END lines included. Only used when MQTT_USE_TLS is 1.
static const char MQTT_CA_CERT[] = R"PEM(
-----BEGIN CERTIFICATE-----
paste ca.crt here
-----END CERTIFICATE-----
)PEM";

// ---- Sensor -----------------------------------------------------------------------------
#define SENSOR_SIMULATED 0
#define SENSOR_DHT22 1     // temperature + humidity; library "DHT sensor library" (Adafruit)
#define SENSOR_CT_CLAMP 2  // mains current (SCT-013 + burden resistor); library "EmonLib"
#define SENSOR_KIND SENSOR_SIMULATED

#define DHT_PIN 4          // GPIO of the DHT22 data line (10k pull-up to 3.3 V)
#define CT_PIN 34          // ADC1 pin (GPIO 32-39; ADC2 pins do not work while Wi-Fi is on)
// EmonLib assumes a 10-bit ADC on anything that is not ARM; the ESP32's is 12-bit, so its
// raw counts are 4x larger. Calibrate against a known load; for an SCT-013-030 (30 A/1 V) start
// from 30 / 4 = 7.5.
#define CT_CALIBRATION 7.5
#define CT_SAMPLES 1480    // ~ 10 mains cycles at the ESP32's analogRead speed
#define MAINS_VOLTAGE 230.0 // for the apparent power estimate power_w = Irms * V

// ---- Timing and buffering -----------------------------------------------------------------
#define READ_INTERVAL_MS 10000UL
// Readings kept in RAM while Wi-Fi or the broker is down: 600 x 10 s = 100 minutes.
// Each slot is 28 bytes, so 600 slots cost ~17 KiB of the ESP32's ~300 KiB heap.
#define RING_CAPACITY 600
// PubSubClient's whole MQTT packet (fixed header + topic + payload) must fit in this buffer.
// One reading is ~95 bytes of JSON: 4096 bytes carry ~40 readings per flush message, far
// below Vigil's 64 KiB payload limit and cheap in RAM.
#define MQTT_BUFFER_SIZE 4096
#define FLUSH_MAX_READINGS 100  // wire contract cap on readings per JSON array
#define NTP_SERVER_1 "pool.ntp.org"
#define NTP_SERVER_2 "time.google.com"
