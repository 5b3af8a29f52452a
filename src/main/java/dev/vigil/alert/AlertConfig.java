package dev.vigil.alert;

/**
 * @param seedRules        threshold rules to create at start when absent, e.g. {@code power_w>3000:high;temperature<5}
 * @param openAfter        anomalous readings in a row that open an anomaly alert
 * @param clearAfter       normal readings in a row that clear it
 * @param offlineAfterSeconds silence after which a device is offline
 * @param mqttHost         broker to publish alerts/{deviceId} on
 * @param mqttPort         its port
 * @param mqttSsl          TLS
 * @param mqttUsername     user name or null
 * @param mqttPassword     password or null
 */
public record AlertConfig(String seedRules, int openAfter, int clearAfter, long offlineAfterSeconds, String mqttHost,
    int mqttPort, boolean mqttSsl, String mqttUsername, String mqttPassword) {
}
