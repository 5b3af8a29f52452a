/**
 * MQTT connection plumbing shared by every stage that holds a broker connection (ingest, the alert
 * forwarder and presence, the simulated devices): reconnect backoff and SUBACK-confirmed
 * subscriptions. Nothing here knows Vigil's topics or payloads.
 */
package dev.vigil.mqtt;
