// Device page: a live chart per metric (anomalies in red, the model's expected band behind the line: every
// judged reading, live frame and rollup bucket carries it), time ranges served from rollups, the device's alerts, its model and drift status, and the CSV export link.
import { api } from '../api.js';
import * as bus from '../bus.js';
import { h, mount, fmtNum, fmtAgo, unitOf, statusLabel } from '../util.js';
import { timeChart } from '../chart.js';
import { toRows, items, pointsOf, metricsOf, deviceStatus } from '../model.js';
import { alertsTable } from './alert-table.js';
import { modelPanel } from './model-panel.js';

/** Range -> how far back and which rollup serves it (null: raw readings). */
export const RANGES = {
  live: { label: 'Live', ms: 5 * 60e3, bucket: null, limit: 300 },
  '1h': { label: '1 h', ms: 3600e3, bucket: '1m' },
  day: { label: 'Day', ms: 86400e3, bucket: '5m' },
  week: { label: 'Week', ms: 7 * 86400e3, bucket: '1h' },
  month: { label: 'Month', ms: 30 * 86400e3, bucket: '1h' },
};
const LIVE_KEEP = 600;

export function renderDevice(main, id) {
  let range = 'live';
  let rows = [];
  let device = { id };
  let alerts = [];
  let drawQueued = false;
  let rejected = null;
  const head = h('div', { class: 'page-head' });
  const error = h('div', { role: 'alert' });
  const seg = h('div', { class: 'seg', role: 'group', 'aria-label': 'Time range' },
    Object.entries(RANGES).map(([key, r]) => {
      const b = h('button', { type: 'button', 'aria-pressed': String(key === range), dataset: { range: key } }, r.label);
      b.addEventListener('click', () => { range = key; seg.querySelectorAll('button').forEach(x => x.setAttribute('aria-pressed', String(x === b))); loadReadings(); });
      return b;
    }));
  const exportLink = h('a', { class: 'btn', id: 'export-csv', download: '' }, 'Export CSV');
  const charts = h('div', { class: 'metric-charts', id: 'metric-charts' }, h('p', { class: 'muted' }, 'Loading readings…'));
  const alertsBox = h('div', { class: 'card', id: 'device-alerts' }, h('h2', {}, 'Alerts'), h('p', { class: 'muted' }, 'Loading…'));
  const modelBox = h('div', { class: 'card', id: 'device-model' }, h('h2', {}, 'Model'), h('p', { class: 'muted' }, 'Loading…'));
  mount(main, h('p', {}, h('a', { href: '#/' }, '← Overview')), head, error,
    h('div', { class: 'page-head' }, seg,
      h('div', { class: 'legend' }, h('span', {}, h('i', { class: 'l-line' }), 'value'),
        h('span', {}, h('i', { class: 'l-band' }), 'expected range'), h('span', {}, h('i', { class: 'l-range' }), 'min–max'), h('span', {}, h('i', { class: 'l-anom' }), 'anomaly')),
      exportLink),
    h('section', { class: 'panel' }, charts),
    h('div', { class: 'two-col' }, alertsBox, modelBox));

  function drawHead() {
    const status = deviceStatus({ ...device, openAlerts: alerts.filter(a => a.state !== 'cleared').length });
    mount(head, h('div', {}, h('h1', { id: 'device-title' }, device.id),
      h('div', { class: 'sub' }, statusLabel(status), ` · last seen ${fmtAgo(device.lastSeen)}`,
        device.lastScore != null ? ` · anomaly score ${fmtNum(device.lastScore)}` : '',
        rejected ? [' · ', h('a', { id: 'device-rejected', href: `#/rejected?deviceId=${encodeURIComponent(id)}` },
          `${fmtNum(rejected, 0)} rejected message${rejected === 1 ? '' : 's'}`)] : '')));
  }

  function drawCharts() {
    drawQueued = false;
    const r = RANGES[range];
    const to = Date.now(), from = to - r.ms;
    const shown = range === 'live' ? rows.filter(x => x.t >= from) : rows;
    const metrics = metricsOf(shown.length ? shown : rows);
    if (!metrics.length) { mount(charts, h('div', { class: 'card empty' }, 'No readings in this range.')); return; }
    mount(charts, metrics.map(m => {
      const pts = pointsOf(shown, m);
      const last = pts.at(-1);
      return h('div', { class: 'card metric-chart', dataset: { metric: m } },
        h('div', { class: 'head' }, h('h3', {}, m),
          h('span', { class: 'now' }, last ? `${fmtNum(last.v)} ${unitOf(m, device.units)}` : '–')),
        timeChart(pts, { label: `${m} over ${r.label}`, from, to }));
    }));
  }

  function queueDraw() {
    if (!drawQueued) { drawQueued = true; requestAnimationFrame(drawCharts); }
  }

  async function loadReadings() {
    const r = RANGES[range];
    const to = new Date(), from = new Date(to.getTime() - r.ms);
    exportLink.href = api.exportUrl(id, { from: from.toISOString(), to: to.toISOString() });
    try {
      const params = { from: from.toISOString(), to: to.toISOString() };
      if (r.bucket) params.bucket = r.bucket; else params.limit = r.limit;
      rows = toRows(await api.readings(id, params));
      mount(error);
    } catch (e) { mount(error, h('div', { class: 'error-box' }, `Readings: ${e.message}`)); rows = []; }
    drawCharts();
  }

  function drawAlerts() {
    mount(alertsBox, h('h2', {}, 'Alerts'), alertsTable(alerts.slice(0, 20), { showDevice: false, onChange: updateAlert }),
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
    if (range !== 'live') return;
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
  const tick = setInterval(() => { if (range === 'live') queueDraw(); drawHead(); }, 1000);

  (async () => {
    try { device = { ...device, ...(await api.device(id)) }; } catch (e) {
      mount(error, h('div', { class: 'error-box' }, e.status === 404 ? `No device called "${id}".` : e.message));
    }
    try { rejected = (await api.deadLetters({ deviceId: id, limit: 1 })).messages; } catch (e) { rejected = null; }
    drawHead();
    try { alerts = items(await api.alerts({ deviceId: id, limit: 50 })); } catch (e) { alerts = []; }
    drawAlerts();
    await loadReadings();
    modelPanel(modelBox, id);
  })();

  return () => { clearInterval(tick); offs.forEach(off => off()); };
}
