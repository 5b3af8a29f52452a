package dev.vigil.store;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The integer keys that stand for device ids ({@code device_keys}) and metric-name sets ({@code metric_sets})
 * in readings rows. A key never changes once given, so this cache may keep it for the life of the process;
 * keys it has not seen are fetched (or created) in one round trip per batch that has some. Used from one
 * event loop (the store verticle's); the maps are bounded so that millions of device ids cannot fill the heap.
 */
final class StorageKeys {

  static final int MAX_CACHED = 100_000;
  private static final String DEVICE_KEYS = "SELECT id, vigil_device_key(id) AS key FROM unnest($1::text[]) AS id";
  private static final String SET_KEY = "SELECT vigil_metric_set_key($1::text[]) AS key";

  private final Pool pool;
  private final Map<String, Integer> devices = new HashMap<>();
  private final Map<List<String>, Integer> metricSets = new HashMap<>();
  /** Per device, the sorted names of its latest reading: a device keeps its set, so most readings skip the sort. */
  private final Map<String, List<String>> lastNames = new HashMap<>();

  StorageKeys(Pool pool) {
    this.pool = pool;
  }

  /**
   * The keys of one batch (its own maps: the cache may be cleared meanwhile) and the i-th reading's metric
   * names in stored order, for the row encoder.
   */
  record Resolved(Map<String, Integer> devices, Map<List<String>, Integer> metricSets, List<List<String>> names) {
    int device(String id) {
      return devices.get(id);
    }

    int metricSet(List<String> names) {
      return metricSets.get(names);
    }

    List<String> names(int reading) {
      return names.get(reading);
    }
  }

  /**
   * The metric names of a reading in the order its values are stored: sorted, so a device's set is stable.
   * Immutable: the list is a map key here and is shared by the readings of a device.
   */
  static List<String> metricNames(Reading reading) {
    List<String> names = new ArrayList<>(reading.metrics().keySet());
    names.sort(null);
    return List.copyOf(names);
  }

  /** The keys of every device and metric set of the batch, from the cache or, for the new ones, the database. */
  Future<Resolved> resolve(List<ScoredReading> batch) {
    Resolved resolved = new Resolved(new HashMap<>(), new HashMap<>(), new ArrayList<>(batch.size()));
    Set<String> newDevices = new LinkedHashSet<>();
    Set<List<String>> newSets = new LinkedHashSet<>();
    for (ScoredReading scored : batch) {
      Reading reading = scored.reading();
      Integer device = devices.get(reading.deviceId());
      if (device == null) {
        newDevices.add(reading.deviceId());
      } else {
        resolved.devices().put(reading.deviceId(), device);
      }
      List<String> names = namesOf(reading);
      resolved.names().add(names);
      Integer set = metricSets.get(names);
      if (set == null) {
        newSets.add(names);
      } else {
        resolved.metricSets().put(names, set);
      }
    }
    return Future.all(fetchDevices(newDevices, resolved), fetchSets(newSets, resolved)).map(done -> resolved);
  }

  private List<String> namesOf(Reading reading) {
    List<String> last = lastNames.get(reading.deviceId());
    if (last != null && last.size() == reading.metrics().size() && reading.metrics().keySet().containsAll(last)) {
      return last;
    }
    List<String> names = metricNames(reading);
    makeRoom(lastNames, 1);
    lastNames.put(reading.deviceId(), names);
    return names;
  }

  private Future<Void> fetchDevices(Set<String> ids, Resolved resolved) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(DEVICE_KEYS).execute(Tuple.of(ids.toArray(String[]::new))).map(rows -> {
      makeRoom(devices, rows.size());
      for (Row row : rows) {
        devices.put(row.getString("id"), row.getInteger("key"));
        resolved.devices().put(row.getString("id"), row.getInteger("key"));
      }
      return null;
    });
  }

  private Future<Void> fetchSets(Set<List<String>> sets, Resolved resolved) {
    List<Future<?>> fetched = new ArrayList<>();
    for (List<String> names : sets) {
      fetched.add(pool.preparedQuery(SET_KEY).execute(Tuple.of(names.toArray(String[]::new))).map(rows -> {
        int key = rows.iterator().next().getInteger("key");
        makeRoom(metricSets, 1);
        metricSets.put(names, key);
        resolved.metricSets().put(names, key);
        return null;
      }));
    }
    return Future.all(fetched).mapEmpty();
  }

  /** Forgets everything when full: keys are cheap to fetch again, and this keeps the bound simple. */
  private static void makeRoom(Map<?, ?> cache, int adding) {
    if (cache.size() + adding > MAX_CACHED) {
      cache.clear();
    }
  }
}
