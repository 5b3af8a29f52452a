// Turns API and live-bus shapes into the points the charts draw. Tolerant on purpose: raw readings and
// live frames ({ts, metrics, score, anomalous, expected: {m: {low, high}}}) and rollup buckets
// ({series: {m: [{ts, min, max, avg, anomalies, expectedLow, expectedHigh}]}}) become the same row shape:
// {t, score, anomalous, values: {m: v}, ranges: {m: [min,max]}, expected: {m: [low,high]}}. `expected` is the
// band the device's model expected each metric in; readings scored while it warmed up have none.

export function items(resp) {
  if (Array.isArray(resp)) return resp;
  return resp?.items || resp?.readings || resp?.buckets || resp?.data || [];
}

function expectedOf(r) {
  const out = {};
  for (const e of r.explanation || []) {
    if (e && e.metric != null && e.expectedLow != null && e.expectedHigh != null) out[e.metric] = [e.expectedLow, e.expectedHigh];
  }
  for (const [m, e] of Object.entries(r.expected || {})) {
    const lo = e?.low ?? e?.expectedLow ?? e?.[0], hi = e?.high ?? e?.expectedHigh ?? e?.[1];
    if (lo != null && hi != null) out[m] = [lo, hi];
  }
  return out;
}

/** One API or bus reading / bucket as a row. */
export function toRow(r) {
  const values = {}, ranges = {};
  for (const [m, v] of Object.entries(r.metrics || {})) {
    if (typeof v === 'number') values[m] = v;
    else if (v && typeof v === 'object') {
      values[m] = v.avg ?? v.mean ?? v.value ?? v.last ?? null;
      if (v.min != null && v.max != null) ranges[m] = [v.min, v.max];
    }
  }
  const anomalies = r.anomalies ?? r.anomalyCount ?? 0;
  return {
    t: new Date(r.ts ?? r.bucket ?? r.start ?? r.time).getTime(),
    score: r.score ?? r.maxScore ?? null,
    anomalous: Boolean(r.anomalous) || anomalies > 0,
    values, ranges, expected: expectedOf(r),
  };
}

/** Rollup answers ({series: {metric: [{ts, min, max, avg, anomalies}]}}) merged into one row per bucket. */
function fromSeries(series) {
  const byTs = new Map();
  for (const [m, points] of Object.entries(series)) {
    for (const p of points) {
      const t = new Date(p.ts).getTime();
      const row = byTs.get(t) || { t, score: null, anomalous: false, values: {}, ranges: {}, expected: {}, anom: {} };
      row.values[m] = p.avg;
      if (p.min != null && p.max != null) row.ranges[m] = [p.min, p.max];
      row.anom[m] = (p.anomalies || 0) > 0;
      if (p.expectedLow != null && p.expectedHigh != null) row.expected[m] = [p.expectedLow, p.expectedHigh];
      byTs.set(t, row);
    }
  }
  return [...byTs.values()].sort((a, b) => a.t - b.t);
}

export function toRows(resp) {
  if (resp && resp.series && typeof resp.series === 'object') return fromSeries(resp.series);
  return items(resp).map(toRow).filter(r => Number.isFinite(r.t)).sort((a, b) => a.t - b.t);
}

/** Chart points of one metric from rows. */
export function pointsOf(rows, metric) {
  return rows.filter(r => r.values[metric] != null).map(r => ({
    t: r.t, v: r.values[metric], anomalous: r.anom?.[metric] ?? r.anomalous,
    lo: r.expected[metric]?.[0], hi: r.expected[metric]?.[1],
    min: r.ranges[metric]?.[0], max: r.ranges[metric]?.[1],
  }));
}

/** Every metric name present in rows, power and voltage first. */
export function metricsOf(rows) {
  const names = new Set();
  for (const r of rows) for (const m of Object.keys(r.values)) names.add(m);
  const rank = m => (/power/i.test(m) ? 0 : /volt/i.test(m) ? 1 : /current/i.test(m) ? 2 : 3);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A device's status as the grid shows it: alerting wins over online. */
export function deviceStatus(d) {
  const base = (d.status || 'offline').toLowerCase();
  const alerts = typeof d.openAlerts === 'number' ? d.openAlerts : Object.values(d.openAlerts || {}).reduce((s, n) => s + n, 0);
  return alerts > 0 && base !== 'offline' ? 'alerting' : base === 'online' ? 'online' : 'offline';
}

export function openAlertCount(d) {
  return typeof d.openAlerts === 'number' ? d.openAlerts : Object.values(d.openAlerts || {}).reduce((s, n) => s + n, 0);
}
