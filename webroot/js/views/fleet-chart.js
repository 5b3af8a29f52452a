// The overview's fleet chart: total power of the fleet (or of the devices of the chosen site and tag) over time, the sum over devices of each device's
// average power_w per bucket (GET /api/fleet/readings, from the rollups), over the last hour, day or week,
// refreshed every 30 s (a minute's rollup appears 5 to 15 s after the minute ends). Gaps where no device sent power.
import { api } from '../api.js';
import { h, mount, fmtNum } from '../util.js';
import { timeChart } from '../chart.js';
import { onPrefs } from '../prefs.js';
import { RANGES, BUCKET_MS } from './device.js';

const METRIC = 'power_w';
const CHOICES = ['1h', 'day', 'week'];
const REFRESH_MS = 30e3;

/** {el, setFilter({site, tag}), destroy()}: the fleet power card, first for initial ({site, tag}). */
export function fleetChart(initial = {}) {
  let range = '1h';
  let filter = { site: initial.site || null, tag: initial.tag || null };
  let chart = null;
  let points = [];
  let seq = 0;
  let frame = null;
  const total = h('span', { class: 'now', id: 'fleet-now' }, '–');
  const title = h('h2', { id: 'fleet-h' }, 'Fleet power');
  const seg = h('div', { class: 'seg', role: 'group', 'aria-label': 'Fleet chart range' },
    CHOICES.map(key => {
      const b = h('button', { type: 'button', 'aria-pressed': String(key === range), dataset: { fleetRange: key } }, RANGES[key].label);
      b.addEventListener('click', () => {
        range = key;
        seg.querySelectorAll('button').forEach(x => x.setAttribute('aria-pressed', String(x === b)));
        load();
      });
      return b;
    }));
  const body = h('div', { class: 'fleet-chart-body' }, h('p', { class: 'muted' }, 'Loading fleet power…'));
  const el = h('section', { class: 'panel card fleet-chart', id: 'fleet-chart', 'aria-labelledby': 'fleet-h' },
    h('div', { class: 'head' }, title, total, seg), body);

  function draw() {
    const whose = filter.site || filter.tag ? [filter.site, filter.tag].filter(Boolean).join(' · ') : 'fleet';
    title.textContent = whose === 'fleet' ? 'Fleet power' : `Power · ${whose}`;
    const opts = { label: `Total ${whose} power over ${RANGES[range].label}`, from: frame.from, to: frame.to, bucketMs: frame.bucketMs };
    if (!chart) {
      chart = timeChart(points, { ...opts, unit: 'W' });
      mount(body, chart.el);
    } else {
      chart.update(points, opts);
    }
    const last = points.at(-1);
    total.textContent = last ? `${fmtNum(last.v)} W` : '–';
  }

  async function load() {
    const r = RANGES[range], to = Date.now(), from = to - r.ms, mine = ++seq;
    try {
      const answer = await api.fleetReadings({ metric: METRIC, ...filter, bucket: r.bucket, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
      if (mine !== seq) return;
      points = (answer.items || []).map(i => ({ t: Date.parse(i.ts), v: i.sum, devices: i.devices }));
      frame = { from, to, bucketMs: BUCKET_MS[r.bucket] };
      draw();
    } catch (e) {
      if (mine === seq) { chart?.destroy(); chart = null; mount(body, h('div', { class: 'error-box' }, `Fleet power: ${e.message}`)); }
    }
  }

  function redraw() {
    if (!frame) return;
    chart?.destroy();
    chart = null;
    draw();
  }

  const timer = setInterval(load, REFRESH_MS);
  const offTheme = onPrefs(key => { if (key === 'theme') redraw(); });
  load();
  return { el, setFilter(next) { filter = { site: next.site || null, tag: next.tag || null }; load(); }, destroy() { clearInterval(timer); offTheme(); chart?.destroy(); } };
}
