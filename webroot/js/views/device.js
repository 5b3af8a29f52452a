// Device page: a chart per metric (anomalies in red, the model's expected band behind the line: every judged
// reading, live frame and rollup bucket carries it), live or over any range: relative (Live, 1 h, Day, Week,
// Month) or absolute (from/to in the browser's time zone, shown), zoomed by dragging across a chart, refreshed
// on a chosen period; the view lives in the URL (#/devices/ID?range=day or ?from=ISO&to=ISO&refresh=30s&reset=…),
// so a link reproduces it. Ranges are served from rollups chosen by their span. Also the device's alerts, its
// model and drift status, and the CSV export link.
import { api } from '../api.js';
import * as bus from '../bus.js';
import { h, mount, patch, fmtNum, fmtAgo, fmtTime, unitOf, statusLabel } from '../util.js';
import { onPrefs } from '../prefs.js';
import { timeChart } from '../chart.js';
import { toRows, items, pointsOf, metricsOf, deviceStatus } from '../model.js';
import { alertsTable } from './alert-table.js';
import { modelPanel } from './model-panel.js';
import { placementPanel } from './placement-panel.js';

/** Relative ranges -> how far back and which rollup serves them (null: raw readings). */
export const RANGES = {
  live: { label: 'Live', ms: 5 * 60e3, bucket: null, limit: 300 },
  '1h': { label: '1 h', ms: 3600e3, bucket: '1m' },
  day: { label: 'Day', ms: 86400e3, bucket: '5m' },
  week: { label: 'Week', ms: 7 * 86400e3, bucket: '1h' },
  month: { label: 'Month', ms: 30 * 86400e3, bucket: '1h' },
};
export const BUCKET_MS = { '1m': 60e3, '5m': 300e3, '1h': 3600e3, '1d': 86400e3 };
/** Auto-refresh choices of a range other than Live (Live streams every reading). */
export const REFRESH = { off: 0, '5s': 5e3, '30s': 30e3, '1m': 60e3 };
const LIVE_KEEP = 600;
const RAW_LIMIT = 5000;
/** What the API accepts (DeviceRoutes.MAX_RANGE). */
const MAX_SPAN = 400 * 86400e3;
const MIN_ZOOM = 1000;

/**
 * The rollup an absolute range is read from, the same steps as the relative ranges: up to 15 minutes raw
 * readings, up to 6 h minutes, up to 2 days 5 minutes, up to 60 days hours, beyond days (at most ~1,440 points).
 */
export function bucketFor(spanMs) {
  if (spanMs <= 15 * 60e3) return null;
  if (spanMs <= 6 * 3600e3) return '1m';
  if (spanMs <= 2 * 86400e3) return '5m';
  if (spanMs <= 60 * 86400e3) return '1h';
  return '1d';
}

/** The view a URL asks for: a relative range or an absolute from/to, the refresh choice, and the view a zoom started from. */
export function viewOf(hash) {
  const q = new URLSearchParams(hash.split('?')[1] || '');
  const from = Date.parse(q.get('from') ?? ''), to = Date.parse(q.get('to') ?? '');
  const view = { range: RANGES[q.get('range')] ? q.get('range') : 'live', from: null, to: null,
    refresh: REFRESH[q.get('refresh')] != null ? q.get('refresh') : 'off', reset: q.get('reset') || null };
  if (Number.isFinite(from) && Number.isFinite(to) && from < to) Object.assign(view, { range: null, from, to });
  return view;
}

/** The query of a view, the inverse of viewOf. */
export function queryOf(view) {
  const q = new URLSearchParams();
  if (view.range) q.set('range', view.range);
  else { q.set('from', new Date(view.from).toISOString()); q.set('to', new Date(view.to).toISOString()); }
  if (view.refresh !== 'off') q.set('refresh', view.refresh);
  if (view.reset) q.set('reset', view.reset);
  return q.toString();
}

/** A view as the one-word form kept in `reset`: a range key, or from/to as an ISO interval. */
function resetOf(view) {
  return view.range || `${new Date(view.from).toISOString()}/${new Date(view.to).toISOString()}`;
}

function fromReset(reset, refresh) {
  if (RANGES[reset]) return { range: reset, from: null, to: null, refresh, reset: null };
  const [a, b] = reset.split('/').map(Date.parse);
  return Number.isFinite(a) && Number.isFinite(b) && a < b ? { range: null, from: a, to: b, refresh, reset: null }
    : { range: 'live', from: null, to: null, refresh, reset: null };
}

/** Epoch ms as the value of a datetime-local input (local time, to the second). */
function localInput(ms) {
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60e3).toISOString().slice(0, 19);
}

/** "Europe/Berlin, UTC+01:00": the zone the range fields and the axes use. */
export function zoneLabel(at = Date.now()) {
  const off = -new Date(at).getTimezoneOffset();
  const hhmm = `${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')}`;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
  return `${zone}, UTC${off < 0 ? '−' : '+'}${hhmm}`;
}

export function renderDevice(main, id) {
  let view = viewOf(location.hash);
  let rows = [];
  let device = { id };
  let alerts = [];
  let drawQueued = false;
  let rejected = null;
  let forecast = null;
  let loadSeq = 0;
  let refreshTimer = null;
  let frame = { from: 0, to: 0, bucket: null };
  const charts = new Map();
  const head = h('div', { class: 'page-head' });
  const error = h('div', { role: 'alert' });
  const seg = h('div', { class: 'seg', role: 'group', 'aria-label': 'Time range' },
    Object.entries(RANGES).map(([key, r]) => {
      const b = h('button', { type: 'button', dataset: { range: key } }, r.label);
      b.addEventListener('click', () => go({ range: key, from: null, to: null, refresh: view.refresh, reset: null }, false));
      return b;
    }));
  const fromInput = h('input', { type: 'datetime-local', step: '1', id: 'range-from', 'aria-label': 'From' });
  const toInput = h('input', { type: 'datetime-local', step: '1', id: 'range-to', 'aria-label': 'To' });
  const applyButton = h('button', { type: 'submit', id: 'range-apply' }, 'Show');
  const zone = h('span', { class: 'muted tz', id: 'range-tz' }, zoneLabel());
  const picker = h('form', { class: 'range-picker', id: 'range-picker', 'aria-label': 'Absolute time range' },
    h('label', {}, 'From ', fromInput), h('label', {}, 'to ', toInput), applyButton, zone);
  picker.addEventListener('submit', e => { e.preventDefault(); applyAbsolute(); });
  // From/to being edited are the user's until they show a range: an auto-refresh must not write over them.
  let pickerEdited = false;
  picker.addEventListener('input', () => { pickerEdited = true; });
  const refresh = h('select', { id: 'refresh', 'aria-label': 'Auto-refresh' },
    Object.keys(REFRESH).map(k => h('option', { value: k }, k === 'off' ? 'Refresh: off' : `Refresh: ${k}`)));
  refresh.addEventListener('change', () => go({ ...view, refresh: refresh.value }, false));
  const resetZoom = h('button', { type: 'button', id: 'zoom-reset', class: 'btn', hidden: true }, 'Reset zoom');
  resetZoom.addEventListener('click', () => undoZoom());
  const exportLink = h('a', { class: 'btn', id: 'export-csv', download: '' }, 'Export CSV');
  const chartBox = h('div', { class: 'metric-charts', id: 'metric-charts' }, h('p', { class: 'muted' }, 'Loading readings…'));
  const alertsBox = h('div', { class: 'card', id: 'device-alerts' }, h('h2', {}, 'Alerts'), h('p', { class: 'muted' }, 'Loading…'));
  const modelBox = h('div', { class: 'card', id: 'device-model' }, h('h2', {}, 'Model'), h('p', { class: 'muted' }, 'Loading…'));
  const placementBox = h('section', { class: 'panel card', id: 'device-placement' }, h('h2', {}, 'Site and tags'));
  mount(main, h('p', {}, h('a', { href: '#/' }, '← Overview')), head, error,
    h('div', { class: 'page-head time-tools' }, seg, picker, h('div', { class: 'time-actions' }, refresh, resetZoom, exportLink)),
    h('div', { class: 'legend' }, h('span', {}, h('i', { class: 'l-line' }), 'value'),
      h('span', {}, h('i', { class: 'l-band' }), 'expected range'), h('span', {}, h('i', { class: 'l-range' }), 'min–max'),
      h('span', {}, h('i', { class: 'l-anom' }), 'anomaly'), h('span', {}, h('i', { class: 'l-forecast' }), 'forecast'),
      h('span', { class: 'muted' }, 'drag across a chart to zoom')),
    h('section', { class: 'panel' }, chartBox),
    h('div', { class: 'two-col' }, alertsBox, modelBox), placementBox);

  function drawHead() {
    const status = deviceStatus({ ...device, openAlerts: alerts.filter(a => a.state !== 'cleared').length });
    patch(head, h('div', {}, h('h1', { id: 'device-title' }, device.id),
      h('div', { class: 'sub' }, statusLabel(status), ` · last seen ${fmtAgo(device.lastSeen)}`,
        device.lastScore != null ? ` · anomaly score ${fmtNum(device.lastScore)}` : '',
        rejected ? [' · ', h('a', { id: 'device-rejected', href: `#/rejected?deviceId=${encodeURIComponent(id)}` },
          `${fmtNum(rejected, 0)} rejected message${rejected === 1 ? '' : 's'}`)] : '')));
  }

  /** Shows `next` and keeps it in the URL: a new history entry for a zoom (Back undoes it), else replaced. */
  function go(next, push) {
    view = next;
    pickerEdited = false;
    const url = `#/devices/${encodeURIComponent(id)}?${queryOf(view)}`;
    if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
    showView();
    loadReadings();
  }

  function showView() {
    seg.querySelectorAll('button').forEach(b => b.setAttribute('aria-pressed', String(b.dataset.range === view.range)));
    refresh.value = view.refresh;
    refresh.disabled = view.range === 'live';
    resetZoom.hidden = !view.reset;
    clearInterval(refreshTimer);
    const every = REFRESH[view.refresh];
    refreshTimer = every && view.range !== 'live' ? setInterval(loadReadings, every) : null;
  }

  function applyAbsolute() {
    const from = new Date(fromInput.value).getTime(), to = new Date(toInput.value).getTime();
    if (!Number.isFinite(from) || !Number.isFinite(to)) { mount(error, h('div', { class: 'error-box' }, 'Give both a start and an end.')); return; }
    if (from >= to) { mount(error, h('div', { class: 'error-box' }, 'The start must be before the end.')); return; }
    if (to - from > MAX_SPAN) { mount(error, h('div', { class: 'error-box' }, 'A range may span at most 400 days.')); return; }
    mount(error);
    go({ range: null, from, to, refresh: view.refresh, reset: null }, false);
  }

  function zoom(from, to) {
    if (to - from < MIN_ZOOM) return;
    go({ range: null, from, to, refresh: view.refresh, reset: view.reset || resetOf(view) }, true);
  }

  function undoZoom() {
    if (view.reset) go(fromReset(view.reset, view.refresh), true);
  }

  function currentWindow() {
    if (view.range) {
      const r = RANGES[view.range], to = Date.now();
      return { from: to - r.ms, to, bucket: r.bucket, label: r.label };
    }
    return { from: view.from, to: view.to, bucket: bucketFor(view.to - view.from), label: `${fmtTime(view.from)} – ${fmtTime(view.to)}` };
  }

  function drawCharts() {
    drawQueued = false;
    if (view.range === 'live') frame = { ...frame, ...currentWindow() };
    const shown = view.range === 'live' ? rows.filter(x => x.t >= frame.from) : rows;
    const metrics = metricsOf(shown.length ? shown : rows);
    for (const [m, c] of charts) if (!metrics.includes(m)) { c.chart.destroy(); charts.delete(m); }
    if (!metrics.length) { mount(chartBox, h('div', { class: 'card empty' }, 'No readings in this range.')); return; }
    const bucketMs = frame.bucket ? BUCKET_MS[frame.bucket] : null;
    mount(chartBox, metrics.map(m => {
      const pts = pointsOf(shown, m);
      const last = pts.at(-1);
      const label = `${m} over ${frame.label}`;
      const ahead = forecastPoints(m);
      let c = charts.get(m);
      if (!c) {
        const now = h('span', { class: 'now' });
        const note = h('p', { class: 'muted forecast-note' });
        const chart = timeChart(pts, { label, unit: unitOf(m, device.units), from: frame.from, to: frame.to, bucketMs, forecast: ahead, onZoom: zoom, onReset: undoZoom });
        c = { now, note, chart, card: h('div', { class: 'card metric-chart', dataset: { metric: m } }, h('div', { class: 'head' }, h('h3', {}, m), now), chart.el, note) };
        charts.set(m, c);
      } else {
        c.chart.update(pts, { label, from: frame.from, to: frame.to, bucketMs, forecast: ahead });
      }
      c.now.textContent = last ? `${fmtNum(last.v)} ${unitOf(m, device.units)}` : '–';
      c.note.textContent = forecastNote(m);
      return c.card;
    }));
  }

  /** The forecast hours of metric m, as chart points (none for another metric or without a forecast). */
  function forecastPoints(m) {
    if (forecast?.metric !== m) return [];
    return forecast.hours.map(x => ({ t: Date.parse(x.t), v: x.expected, lo: x.low, hi: x.high }));
  }

  function forecastNote(m) {
    if (forecast?.metric !== m) return '';
    if (!forecast.hours.length) return `Forecast: ${forecast.note}.`;
    return `Dashed: forecast of the next 24 hours from ${fmtTime(Date.parse(forecast.basis))}, with its 90% interval.`;
  }

  async function loadForecast() {
    try { forecast = await api.forecast(id); } catch (e) { forecast = null; }
  }

  /** A theme change: charts take their colours at creation, so they are made again. */
  function redrawAll() {
    for (const c of charts.values()) c.chart.destroy();
    charts.clear();
    drawCharts();
  }

  function queueDraw() {
    if (!drawQueued) { drawQueued = true; requestAnimationFrame(drawCharts); }
  }

  async function loadReadings() {
    const w = currentWindow();
    const seq = ++loadSeq;
    if (!pickerEdited && !picker.contains(document.activeElement)) {
      fromInput.value = localInput(w.from);
      toInput.value = localInput(w.to);
    }
    zone.textContent = zoneLabel(w.to);
    const from = new Date(w.from).toISOString(), to = new Date(w.to).toISOString();
    exportLink.href = api.exportUrl(id, { from, to });
    let next;
    try {
      const params = { from, to };
      if (w.bucket) params.bucket = w.bucket; else params.limit = view.range === 'live' ? RANGES.live.limit : RAW_LIMIT;
      next = toRows(await api.readings(id, params));
      if (seq === loadSeq) mount(error);
    } catch (e) {
      if (seq === loadSeq) mount(error, h('div', { class: 'error-box' }, `Readings: ${e.message}`));
      next = [];
    }
    if (seq !== loadSeq) return; // a later choice of range overtook this answer
    rows = next;
    frame = w;
    await loadForecast();
    if (seq !== loadSeq) return;
    drawCharts();
  }
  function drawAlerts() {
    patch(alertsBox, h('h2', {}, 'Alerts'), alertsTable(alerts.slice(0, 20), { showDevice: false, onChange: updateAlert }),
      h('p', {}, h('a', { href: '#/alerts' }, 'All alerts →')));
  }

  function updateAlert(a) {
    const i = alerts.findIndex(x => x.id === a.id);
    if (i >= 0) alerts[i] = a; else alerts.unshift(a);
    drawAlerts();
    drawHead();
  }

  function onReading(m) {
    if (m.deviceId !== id) return;
    device = { ...device, status: 'online', lastSeen: m.ts, lastMetrics: m.metrics, lastScore: m.score };
    drawHead();
    if (view.range !== 'live') return;
    rows.push(...toRows([m]));
    if (rows.length > LIVE_KEEP) rows.splice(0, rows.length - LIVE_KEEP);
    queueDraw();
  }

  function onAlert(a) {
    if (a.deviceId !== id) return;
    updateAlert(a);
  }

  function onStatus(m) {
    if (m.deviceId === id) { device = { ...device, status: m.status }; drawHead(); }
  }

  const offs = [bus.on(bus.ADDR.readings, onReading), bus.on(bus.ADDR.alerts, onAlert), bus.on(bus.ADDR.status, onStatus)];
  const tick = setInterval(() => { if (view.range === 'live') queueDraw(); drawHead(); }, 1000);
  const offTheme = onPrefs(key => { if (key === 'theme') redrawAll(); });
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener('change', redrawAll);
  showView();

  (async () => {
    try { device = { ...device, ...(await api.device(id)) }; } catch (e) {
      mount(error, h('div', { class: 'error-box' }, e.status === 404 ? `No device called "${id}".` : e.message));
    }
    api.sites().then(r => r.items.map(s => s.id)).catch(() => []).then(sites => placementPanel(placementBox, device, sites));
    try { rejected = (await api.deadLetters({ deviceId: id, limit: 1 })).messages; } catch (e) { rejected = null; }
    drawHead();
    try { alerts = items(await api.alerts({ deviceId: id, limit: 50 })); } catch (e) { alerts = []; }
    drawAlerts();
    await loadReadings();
    modelPanel(modelBox, id);
  })();

  return () => {
    clearInterval(tick); clearInterval(refreshTimer); offs.forEach(off => off()); offTheme();
    scheme.removeEventListener('change', redrawAll);
    for (const c of charts.values()) c.chart.destroy();
  };
}
