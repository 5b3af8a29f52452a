"""Durable local queue of readings (SQLite) for the Vigil Raspberry Pi agent.

Every reading is written here before anything is sent, and deleted only once the broker has
acknowledged (PUBACK) the message that carried it, so readings survive broker outages, network
cuts, agent crashes and reboots. The sequence number is kept here too, so `seq` keeps counting
up across restarts.
"""

import json
import logging
import sqlite3

log = logging.getLogger("vigil.queue")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS readings (
    seq     INTEGER PRIMARY KEY,
    ts      TEXT    NOT NULL,
    metrics TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""


class ReadingQueue:
    """Not thread-safe: use it from one thread (the agent's main loop)."""

    def __init__(self, path, max_rows=1_000_000):
        self._db = sqlite3.connect(path, isolation_level=None)
        # WAL + FULL sync: a committed reading is on disk even if power is cut right after.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._max_rows = max_rows

    def add(self, ts, metrics):
        """Stores one reading and returns its sequence number."""
        with self._transaction():
            row = self._db.execute("SELECT value FROM meta WHERE key = 'next_seq'").fetchone()
            seq = row[0] if row else 0
            self._db.execute("INSERT INTO readings (seq, ts, metrics) VALUES (?, ?, ?)",
                             (seq, ts, json.dumps(metrics, separators=(",", ":"))))
            self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('next_seq', ?)",
                             (seq + 1,))
            self._drop_oldest_beyond_limit()
        return seq

    def oldest(self, limit):
        """The oldest readings, in order, as dicts {"ts", "seq", "metrics"}."""
        rows = self._db.execute(
            "SELECT seq, ts, metrics FROM readings ORDER BY seq LIMIT ?", (limit,)).fetchall()
        return [{"ts": ts, "seq": seq, "metrics": json.loads(metrics)} for seq, ts, metrics in rows]

    def delete(self, seqs):
        with self._transaction():
            self._db.executemany("DELETE FROM readings WHERE seq = ?", [(s,) for s in seqs])

    def size(self):
        return self._db.execute("SELECT COUNT(*) FROM readings").fetchone()[0]

    def close(self):
        self._db.close()

    def _drop_oldest_beyond_limit(self):
        # A full SD card would lose everything; losing the oldest readings of a months-long
        # outage is the lesser evil. Logged, never silent.
        excess = self.size() - self._max_rows
        if excess > 0:
            self._db.execute(
                "DELETE FROM readings WHERE seq IN (SELECT seq FROM readings ORDER BY seq LIMIT ?)",
                (excess,))
            log.warning("local queue full (%d readings): dropped the %d oldest", self._max_rows, excess)

    def _transaction(self):
        return _Transaction(self._db)


class _Transaction:
    def __init__(self, db):
        self._db = db

    def __enter__(self):
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb):
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False
