"""Sensors the Vigil Raspberry Pi agent can read. Each returns a dict of metric name -> number,
or None when this attempt failed (the DHT22 fails often; the agent simply skips that reading)."""

import logging
import math
import os
import random
import time

log = logging.getLogger("vigil.sensor")

THERMAL_ZONE = "/sys/class/thermal/thermal_zone0/temp"


class Dht22:
    """A DHT22/AM2302 on a GPIO pin, through Adafruit's CircuitPython driver
    (pip install adafruit-circuitpython-dht; apt install libgpiod2)."""

    def __init__(self, pin_name):
        import adafruit_dht  # noqa: imported here so the agent runs without it
        import board
        self._device = adafruit_dht.DHT22(getattr(board, pin_name))

    def read(self):
        try:
            temperature = self._device.temperature
            humidity = self._device.humidity
        except RuntimeError as e:  # checksum errors and timeouts are normal for a DHT22
            log.debug("DHT22 read failed: %s", e)
            return None
        if temperature is None or humidity is None:
            return None
        return {"temperature_c": round(temperature, 2), "humidity_pct": round(humidity, 2)}


class CpuTemperature:
    """The SoC temperature and load of the Pi itself: a real signal with no extra hardware."""

    def read(self):
        with open(THERMAL_ZONE) as f:
            millidegrees = int(f.read().strip())
        return {"cpu_temp_c": millidegrees / 1000.0, "load_1m": round(os.getloadavg()[0], 3)}


class Simulated:
    """A room: temperature and humidity with a daily cycle and noise."""

    def read(self):
        day = 2 * math.pi * (time.time() % 86400) / 86400
        return {
            "temperature_c": round(21 + 3 * math.sin(day) + random.gauss(0, 0.2), 2),
            "humidity_pct": round(50 - 8 * math.sin(day) + random.gauss(0, 1), 2),
        }


def open_sensor(kind, dht_pin):
    """kind: dht22, cpu, simulated or auto (DHT22 if its library is installed, else the CPU
    temperature if the board has one, else simulated)."""
    if kind in ("dht22", "auto"):
        try:
            return Dht22(dht_pin)
        except (ImportError, AttributeError, NotImplementedError, RuntimeError) as e:
            if kind == "dht22":
                raise SystemExit("cannot open the DHT22 on %s: %s" % (dht_pin, e))
    if kind in ("cpu", "auto") and os.path.exists(THERMAL_ZONE):
        return CpuTemperature()
    if kind == "cpu":
        raise SystemExit("no %s on this machine" % THERMAL_ZONE)
    return Simulated()
