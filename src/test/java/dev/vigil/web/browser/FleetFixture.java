package dev.vigil.web.browser;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.testsupport.TestInfra;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A realistic fleet history written straight into a fresh database, as the store would have left it:
 * twelve devices with power, voltage, current (and temperature for cold rooms), a daily cycle, a
 * 40-minute duty cycle and noise; a week at 5-minute resolution, then the last two hours every 10 s;
 * the band each reading's model expected (none for the first two hours: warming up); a few anomalous
 * spikes; two devices gone offline; a model per device and a drift report.
 */
final class FleetFixture {

  /** id, base power in W, phase, whether it reports a temperature. */
  static final List<Object[]> DEVICES = List.of(
      new Object[] {"kitchen-oven-1", 2100, 0.3, false}, new Object[] {"hvac-roof-2", 4200, 1.1, true},
      new Object[] {"freezer-a", 380, 2.0, true}, new Object[] {"ev-charger-1", 6400, 0.8, false},
      new Object[] {"pump-station-3", 1500, 2.7, false}, new Object[] {"server-rack-b", 2600, 0.0, true},
      new Object[] {"solar-inverter-1", 3100, 3.9, false}, new Object[] {"office-lighting", 900, 1.7, false},
      new Object[] {"compressor-7", 5400, 4.4, false}, new Object[] {"water-heater-2", 2800, 5.1, true},
      new Object[] {"lab-fridge-4", 220, 0.6, true}, new Object[] {"elevator-main", 3500, 2.2, false});
  static final List<String> OFFLINE = List.of("office-lighting", "elevator-main");

  private FleetFixture() {
  }

  static void seed(String pgUri) {
    TestInfra.execute(pgUri, history());
    TestInfra.execute(pgUri, """
        INSERT INTO devices (id, first_seen, last_seen, status, status_since, last_metrics, last_score)
        SELECT DISTINCT ON (device_id) device_id, now() - interval '7 days', ts,
               CASE WHEN ts < now() - interval '10 minutes' THEN 'offline' ELSE 'online' END, ts, metrics, score
          FROM readings ORDER BY device_id, ts DESC""");
    TestInfra.execute(pgUri, """
        INSERT INTO models (device_id, detector_key, metrics, version, algorithm, provenance, train_from, train_to,
                            training_rows, training_metrics, model, created_at)
        SELECT id, id || '|current_a,power_w,voltage_v', ARRAY['current_a','power_w','voltage_v'], 3,
               'LibSVMAnomalyTrainer (one-class SVM, RBF kernel, nu=0.05)',
               'LibSVMModel(class-name=org.tribuo.anomaly.libsvm.LibSVMAnomalyModel, dataset=MutableDataset(' ||
               'num-examples=2880, num-features=6), trainer=LibSVMAnomalyTrainer(svmParameters=ONE_CLASS RBF ' ||
               'gamma=0.1667 nu=0.05), tribuo-version=4.3.2, java-version=17)',
               now() - interval '26 hours', now() - interval '2 hours', 2880, '{}'::jsonb, '\\x00'::bytea,
               now() - interval '2 hours'
          FROM devices""");
    TestInfra.execute(pgUri, """
        INSERT INTO drift_reports (device_id, detector_key, metric, model_version, psi, ks, level,
                                   reference_rows, recent_rows, created_at)
        VALUES ('compressor-7', 'compressor-7|current_a,power_w,voltage_v', 'power_w', 3, 0.18, 0.21, 'warning',
                2880, 720, now() - interval '15 minutes'),
               ('compressor-7', 'compressor-7|current_a,power_w,voltage_v', 'voltage_v', 3, 0.03, 0.06, 'none',
                2880, 720, now() - interval '15 minutes')""");
  }

  /** One INSERT generating every reading of every device with generate_series (seeded random: stable images). */
  private static String history() {
    StringBuilder profiles = new StringBuilder();
    for (Object[] d : DEVICES) {
      profiles.append(profiles.isEmpty() ? "" : ",").append("('").append(d[0]).append("',").append(d[1])
          .append(",").append(d[2]).append(",").append(d[3]).append(")");
    }
    return """
        WITH seed AS (SELECT setseed(0.42)),
        profile(id, base, phase, temp) AS (VALUES %s),
        times AS (
          SELECT t FROM generate_series(now() - interval '7 days', now() - interval '2 hours', interval '5 minutes') t
          UNION ALL
          SELECT t FROM generate_series(now() - interval '2 hours' + interval '10 seconds', now() - interval '5 seconds',
                                        interval '10 seconds') t),
        raw AS (
          SELECT p.id, t.t, p.temp, p.base, (hashtext(p.id || t.t::text) & 1023) = 7 AS spike,
                 t.t < now() - interval '7 days' + interval '2 hours' AS warming,
                 p.base * (1 + 0.22 * sin(2 * pi() * extract(epoch FROM t.t) / 86400 + p.phase)) AS usual,
                 230 + 2.2 * sin(2 * pi() * extract(epoch FROM t.t) / 86400 + 1) AS usual_volts,
                 p.base * (1 + 0.22 * sin(2 * pi() * extract(epoch FROM t.t) / 86400 + p.phase)
                             + 0.09 * sin(2 * pi() * extract(epoch FROM t.t) / 2400 + p.phase * 3)
                             + 0.03 * (random() - 0.5)) AS power,
                 230 + 2.2 * sin(2 * pi() * extract(epoch FROM t.t) / 86400 + 1) + (random() - 0.5) * 1.6 AS volts,
                 4 + 1.5 * sin(2 * pi() * extract(epoch FROM t.t) / 2400 + p.phase) + (random() - 0.5) AS cold
            FROM profile p CROSS JOIN times t, seed
           WHERE p.id NOT IN ('office-lighting', 'elevator-main') OR t.t < now() - interval '25 minutes')
        INSERT INTO readings (device_id, ts, seq, metrics, score, anomalous, model_version, expected)
        SELECT id, t, 0,
               jsonb_build_object('power_w', round((CASE WHEN spike THEN power * 1.85 ELSE power END)::numeric, 1),
                                  'voltage_v', round(volts::numeric, 1),
                                  'current_a', round(((CASE WHEN spike THEN power * 1.85 ELSE power END) / volts)::numeric, 2))
               || CASE WHEN temp THEN jsonb_build_object('temperature_c', round(cold::numeric, 1)) ELSE '{}'::jsonb END,
               CASE WHEN spike THEN 0.992 + random() * 0.007 ELSE 0.04 + random() * 0.35 END, spike, 3,
               CASE WHEN NOT warming THEN jsonb_build_object(
                 'power_w', jsonb_build_object('low', round((usual - 0.2 * base)::numeric, 1),
                                               'high', round((usual + 0.2 * base)::numeric, 1)),
                 'voltage_v', jsonb_build_object('low', round((usual_volts - 1.5)::numeric, 1),
                                                 'high', round((usual_volts + 1.5)::numeric, 1)),
                 'current_a', jsonb_build_object('low', round(((usual - 0.2 * base) / 230)::numeric, 2),
                                                 'high', round(((usual + 0.2 * base) / 230)::numeric, 2)))
                 || CASE WHEN temp THEN jsonb_build_object('temperature_c', '{"low": 0.7, "high": 7.3}'::jsonb)
                    ELSE '{}'::jsonb END END
          FROM raw""".formatted(profiles);
  }

  /** A reading as the store publishes it once durable, on vigil.readings.stored. */
  static ScoredReading scored(String deviceId, double powerW, double score, boolean anomalous,
      List<ScoredReading.Contribution> explanation) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("power_w", powerW);
    metrics.put("voltage_v", 229.4);
    metrics.put("current_a", Math.round(powerW / 229.4 * 100) / 100.0);
    Instant now = Instant.now();
    return new ScoredReading(new Reading(deviceId, now, 0, metrics, now), score, anomalous, false, 3, explanation);
  }

  static ScoredReading normal(String deviceId, double powerW) {
    return scored(deviceId, powerW, 0.12, false, List.of());
  }

  /** A normal reading with the band its model expected power in. */
  static ScoredReading banded(String deviceId, double powerW, double low, double high) {
    ScoredReading r = normal(deviceId, powerW);
    return new ScoredReading(r.reading(), r.score(), false, false, r.modelVersion(), List.of(),
        Map.of("power_w", new ScoredReading.Range(low, high)));
  }
}
