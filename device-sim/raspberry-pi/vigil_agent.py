#!/usr/bin/env python3
"""Vigil device agent for a Raspberry Pi (or any Linux box with Python 3 and paho-mqtt).

Reads a sensor every --interval seconds and publishes to devices/{id}/telemetry with QoS 1,
following Vigil's wire contract: {"ts": ISO-8601, "seq": n, "metrics": {...}}.

No reading is lost across a network cut, a broker restart or a reboot: every reading is first
committed to a local SQLite queue and deleted only when the broker has acknowledged it (PUBACK).
While the broker is unreachable readings pile up; when it is back they are sent oldest first, up
to 100 per message as a JSON array. One message is in flight at a time, so order is kept.

Presence: last will "offline" (retained) on devices/{id}/status, "online" (retained) on connect.
Works with paho-mqtt 1.6 (Debian bookworm's python3-paho-mqtt) and 2.x.
Every option can also be set from the environment (VIGIL_*), see --help.
"""

import argparse
import datetime
import json
import logging
import os
import queue
import signal
import socket
import sys
import time

import paho.mqtt.client as mqtt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reading_queue import ReadingQueue  # noqa: E402
from sensors import open_sensor  # noqa: E402

log = logging.getLogger("vigil.agent")

MAX_PER_MESSAGE = 100
# Vigil accepts payloads up to 64 KiB; stay clearly below it whatever the metrics.
MAX_PAYLOAD_BYTES = 60_000
# If a PUBACK has not come this long after a publish while connected, send again (at least once).
RESEND_AFTER_S = 30.0


def env(name, default=None):
    return os.environ.get("VIGIL_" + name, default)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--broker", default=env("BROKER", "localhost"), help="MQTT host (VIGIL_BROKER)")
    p.add_argument("--port", type=int, default=int(env("PORT", "0")),
                   help="MQTT port (VIGIL_PORT); default 1883, or 8883 with --ca-file")
    p.add_argument("--username", default=env("USERNAME"), help="MQTT user (VIGIL_USERNAME), default the device id")
    p.add_argument("--password", default=env("PASSWORD"), help="MQTT password (VIGIL_PASSWORD)")
    p.add_argument("--ca-file", default=env("CA_FILE"), help="CA certificate (PEM): enables TLS (VIGIL_CA_FILE)")
    p.add_argument("--device-id", default=env("DEVICE_ID", socket.gethostname()),
                   help="device id (VIGIL_DEVICE_ID), default the hostname")
    p.add_argument("--interval", type=float, default=float(env("INTERVAL", "10")),
                   help="seconds between readings (VIGIL_INTERVAL)")
    p.add_argument("--sensor", default=env("SENSOR", "auto"), choices=["auto", "dht22", "cpu", "simulated"],
                   help="what to read (VIGIL_SENSOR)")
    p.add_argument("--dht-pin", default=env("DHT_PIN", "D4"), help="board pin of the DHT22 (VIGIL_DHT_PIN)")
    p.add_argument("--queue", default=env("QUEUE", "vigil-agent-queue.db"),
                   help="SQLite file of unacknowledged readings (VIGIL_QUEUE)")
    p.add_argument("--max-queue", type=int, default=int(env("MAX_QUEUE", "1000000")),
                   help="most readings kept while offline; the oldest go first (VIGIL_MAX_QUEUE)")
    p.add_argument("--reconnect-max", type=float, default=float(env("RECONNECT_MAX", "30")),
                   help="longest wait between reconnect attempts, seconds (VIGIL_RECONNECT_MAX)")
    p.add_argument("--count", type=int, default=None,
                   help="take this many readings, wait until all are acknowledged, exit (for tests)")
    p.add_argument("--verbose", action="store_true", default=env("VERBOSE") == "1")
    args = p.parse_args(argv)
    if args.port == 0:
        args.port = 8883 if args.ca_file else 1883
    if args.username is None:
        args.username = args.device_id
    return args


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def payload_of(batch):
    """One reading as a JSON object, several as a JSON array; cut so it stays under the size limit.
    Returns (payload bytes, the seqs it carries)."""
    items = []
    size = 2
    for reading in batch:
        encoded = json.dumps(reading, separators=(",", ":"))
        if items and size + len(encoded) + 1 > MAX_PAYLOAD_BYTES:
            break
        items.append(encoded)
        size += len(encoded) + 1
    body = items[0] if len(items) == 1 else "[" + ",".join(items) + "]"
    return body.encode("utf-8"), [r["seq"] for r in batch[:len(items)]]


class Link:
    """The MQTT connection. paho's network thread only feeds events into a queue; all state is
    owned by the main loop (so no locks, and no deadlock with paho's internal mutexes)."""

    def __init__(self, args):
        self.events = queue.Queue()
        self.connected = False
        self.status_topic = "devices/%s/status" % args.device_id
        self.telemetry_topic = "devices/%s/telemetry" % args.device_id
        client_id = "vigil-agent-" + args.device_id
        if hasattr(mqtt, "CallbackAPIVersion"):  # paho 2.x
            self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id)
        else:  # paho 1.x
            self.client = mqtt.Client(client_id=client_id, clean_session=True)
        if args.password is not None:
            self.client.username_pw_set(args.username, args.password)
        if args.ca_file:
            self.client.tls_set(ca_certs=args.ca_file)
        self.client.will_set(self.status_topic, "offline", qos=1, retain=True)
        self.client.reconnect_delay_set(min_delay=1, max_delay=max(1, int(args.reconnect_max)))
        self.client.max_inflight_messages_set(20)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_publish = self._on_publish
        self.client.connect_async(args.broker, args.port, keepalive=30)
        self.client.loop_start()

    # paho 1.x and 2.x call these with different argument lists: take what both have in common.
    def _on_connect(self, client, userdata, flags, rc, *rest):
        self.events.put(("connect", rc))

    def _on_disconnect(self, client, userdata, *rest):
        self.events.put(("disconnect", rest))

    def _on_publish(self, client, userdata, mid, *rest):
        self.events.put(("puback", mid))

    def publish(self, payload):
        return self.client.publish(self.telemetry_topic, payload, qos=1).mid

    def announce_online(self):
        self.client.publish(self.status_topic, "online", qos=1, retain=True)

    def close(self):
        if self.connected:
            info = self.client.publish(self.status_topic, "offline", qos=1, retain=True)
            try:
                info.wait_for_publish(timeout=2)
            except (RuntimeError, ValueError):
                pass
        self.client.disconnect()
        self.client.loop_stop()


class Agent:
    def __init__(self, args, sensor, store, link):
        self.args = args
        self.sensor = sensor
        self.store = store
        self.link = link
        self.in_flight = None  # (mid, seqs, sent_at)
        self.taken = 0
        self.stopping = False

    def run(self):
        next_reading = time.monotonic()
        while not self.stopping:
            if self._done():
                log.info("all %d readings acknowledged", self.taken)
                return
            if self._wants_readings() and time.monotonic() >= next_reading:
                self._take_reading()
                next_reading = max(next_reading + self.args.interval, time.monotonic() - self.args.interval)
            self._send_next()
            wait = max(0.0, min(next_reading - time.monotonic(), 0.5)) if self._wants_readings() else 0.5
            self._handle_events(wait)

    def _wants_readings(self):
        return self.args.count is None or self.taken < self.args.count

    def _done(self):
        return self.args.count is not None and not self._wants_readings() \
            and self.in_flight is None and self.store.size() == 0

    def _take_reading(self):
        metrics = self.sensor.read()
        if metrics is None:
            return
        seq = self.store.add(now_iso(), metrics)
        self.taken += 1
        log.debug("reading %d queued (%d waiting)", seq, self.store.size())
        if self.args.count is not None and self.taken == self.args.count:
            log.info("took %d readings; %d waiting for the broker", self.taken, self.store.size())

    def _send_next(self):
        if self.in_flight is not None and time.monotonic() - self.in_flight[2] > RESEND_AFTER_S \
                and self.link.connected:
            log.warning("no PUBACK for message %d after %.0f s: sending again", self.in_flight[0], RESEND_AFTER_S)
            self.in_flight = None
        if self.in_flight is not None or not self.link.connected:
            return
        batch = self.store.oldest(MAX_PER_MESSAGE)
        if not batch:
            return
        payload, seqs = payload_of(batch)
        mid = self.link.publish(payload)
        self.in_flight = (mid, seqs, time.monotonic())

    def _handle_events(self, wait):
        try:
            event = self.link.events.get(timeout=wait)
        except queue.Empty:
            return
        while event is not None:
            self._handle(*event)
            try:
                event = self.link.events.get_nowait()
            except queue.Empty:
                event = None

    def _handle(self, kind, value):
        if kind == "connect":
            if value == 0:
                self.link.connected = True
                self.link.announce_online()
                log.info("connected to %s:%d, %d readings waiting", self.args.broker, self.args.port,
                         self.store.size())
            else:
                log.error("broker refused the connection: %s", value)
        elif kind == "disconnect":
            # The in-flight message stays in flight: paho sends it again after reconnecting.
            self.link.connected = False
            log.warning("disconnected from the broker; readings are kept locally")
        elif kind == "puback" and self.in_flight is not None and self.in_flight[0] == value:
            self.store.delete(self.in_flight[1])
            self.in_flight = None


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    sensor = open_sensor(args.sensor, args.dht_pin)
    store = ReadingQueue(args.queue, args.max_queue)
    log.info("device %s, sensor %s, every %.3g s, %d readings waiting in %s",
             args.device_id, type(sensor).__name__, args.interval, store.size(), args.queue)
    link = Link(args)
    agent = Agent(args, sensor, store, link)

    def stop(signum, frame):
        agent.stopping = True
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        agent.run()
    finally:
        link.close()
        store.close()


if __name__ == "__main__":
    main()
