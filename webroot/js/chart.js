// Charts. Time series are drawn by uPlot (canvas, made for long time series; served from its webjar, see
// docs/decisions.md "Charts: uPlot"): the value line, the model's expected band behind it, the min–max
// range of rollup buckets, anomalies as red dots, gaps in the data as gaps. The small sparklines of the
// device cards stay hand-drawn SVG (60 points, no axes).
// A point is {t: epoch ms, v: number, lo?, hi? (expected band), min?, max? (bucket range), anomalous?}.
// A forecast hour is {t, v: expected, lo, hi (its 90% interval)}: drawn dashed, with its band, ahead of the data.

import uPlot from '../vendor/uplot/dist/uPlot.esm.js';
import { fmtCompact, fmtNum } from './util.js';

const NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 240;
const PHONE_HEIGHT = 200;
/** Axis and legend text: readable on a phone (the old SVG's 11 px shrank with its viewBox to ~6 px at 360 px). */
const AXIS_FONT = '13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * The gap rule (docs/decisions.md, "Gaps in charts"): two neighbouring points are not joined when they
 * lie further apart than GAP_FACTOR times the median interval of the raw readings in view, or, for
 * rollups, when at least one whole bucket between them is empty (more than 1.5 buckets apart).
 */
export const GAP_FACTOR = 3;

function median(values) {
  if (!values.length) return NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The largest interval two neighbouring points may have and still be joined (Infinity: too few to tell). */
export function gapThreshold(points, bucketMs) {
  if (bucketMs) return bucketMs * 1.5;
  if (points.length < 3) return Infinity;
  const steps = [];
  for (let i = 1; i < points.length; i++) steps.push(points[i].t - points[i - 1].t);
  const typical = median(steps.filter(s => s > 0));
  return Number.isFinite(typical) ? typical * GAP_FACTOR : Infinity;
}

/** Fills a missing band between two banded points of one run linearly; before the first and after the last there is none. */
function bandRun(lo, hi, from, to) {
  let prev = -1;
  for (let i = from; i < to; i++) {
    if (lo[i] == null || hi[i] == null) continue;
    if (prev >= 0 && i - prev > 1) {
      for (let j = prev + 1; j < i; j++) {
        const f = (j - prev) / (i - prev);
        lo[j] = lo[prev] + (lo[i] - lo[prev]) * f;
        hi[j] = hi[prev] + (hi[i] - hi[prev]) * f;
      }
    }
    prev = i;
  }
}

/**
 * uPlot's columns from points and forecast hours: [t, lo, hi, min, max, v, anomaly, forecast low, forecast
 * high, forecast]. A gap is a row of nulls between the two points (uPlot breaks lines and areas at a null).
 * Forecast hours after the last point follow it, joined to each other only. Returns {data, gaps, banded,
 * anomalies, forecast}.
 */
export function columns(points, bucketMs, forecast = []) {
  const limit = gapThreshold(points, bucketMs);
  const t = [], lo = [], hi = [], min = [], max = [], v = [], anom = [], flo = [], fhi = [], fv = [];
  const runs = [];
  let runStart = 0, gaps = 0, banded = 0, anomalies = 0;
  const push = (time, p, f) => {
    t.push(time); lo.push(p?.lo ?? null); hi.push(p?.hi ?? null); min.push(p?.min ?? null); max.push(p?.max ?? null);
    v.push(p?.v ?? null); anom.push(p && p.anomalous && p.v != null ? p.v : null);
    flo.push(f?.lo ?? null); fhi.push(f?.hi ?? null); fv.push(f?.v ?? null);
  };
  points.forEach((p, i) => {
    if (i > 0 && p.t - points[i - 1].t > limit) {
      runs.push([runStart, t.length]);
      push((p.t + points[i - 1].t) / 2, null);
      runStart = t.length;
      gaps++;
    }
    if (p.lo != null && p.hi != null) banded++;
    if (p.anomalous && p.v != null) anomalies++;
    push(p.t, p);
  });
  runs.push([runStart, t.length]);
  for (const [a, b] of runs) bandRun(lo, hi, a, b);
  const last = points.length ? points.at(-1).t : -Infinity;
  const ahead = forecast.filter(f => f.t > last);
  for (const f of ahead) push(f.t, null, f);
  return { data: [t, lo, hi, min, max, v, anom, flo, fhi, fv], gaps, banded, anomalies, forecast: ahead.length };
}

/** Views of 6 hours or more make room for a forecast after their end; shorter ones would be squashed by it. */
export const FORECAST_ROOM_MS = 6 * 3600e3;

/** The right end of the x axis: the view's end, or the last forecast hour when the view has room for it. */
export function xMax(state, cols) {
  const t = cols?.data[0] ?? [];
  if (!cols?.forecast || state.to - state.from < FORECAST_ROOM_MS) return state.to;
  return Math.max(state.to, t.at(-1));
}

/** The theme's colours, read from the CSS custom properties (a canvas cannot use var()). */
function palette() {
  const css = getComputedStyle(document.documentElement);
  const get = name => css.getPropertyValue(name).trim();
  return { line: get('--line'), band: get('--band'), bad: get('--bad'), muted: get('--muted'), grid: get('--grid'),
    surface: get('--surface'), text: get('--text'), ok: get('--ok') };
}

/** '#5b6b80' at alpha 0.18 as rgba() (a canvas may not parse color-mix()). */
function translucent(hex, alpha) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})` : 'rgba(128, 128, 128, 0.18)';
}

function axisNumber(v) {
  return Math.abs(v) >= 10000 ? fmtCompact(v) : fmtNum(v);
}

function options(width, height, c, opts) {
  const hidden = { stroke: 'transparent', width: 0, points: { show: false } };
  const axis = { stroke: c.muted, font: AXIS_FONT, labelFont: AXIS_FONT, grid: { stroke: c.grid, width: 1 },
    ticks: { stroke: c.grid, width: 1 } };
  return {
    width, height, ms: 1, pxAlign: 1,
    scales: { x: { time: true, range: u => [opts.from, xMax(opts, { data: u.data, forecast: opts.forecastShown })] } },
    series: [
      { label: 'time' },
      { label: 'expected low', ...hidden }, { label: 'expected high', ...hidden },
      { label: 'min', ...hidden }, { label: 'max', ...hidden },
      // uPlot shows the points where they have room (sparse data, or a lone bucket a line cannot show).
      { label: 'value', stroke: c.line, width: 1.8, points: { size: 5, fill: c.line },
        value: (u, v) => (v == null ? '–' : `${fmtNum(v)}${opts.unit ? ` ${opts.unit}` : ''}`) },
      { label: 'anomaly', stroke: c.bad, width: 0, paths: () => null,
        points: { show: true, size: 9, width: 1.5, stroke: c.surface, fill: c.bad },
        value: (u, v) => (v == null ? '' : 'yes') },
      { label: 'forecast low', ...hidden }, { label: 'forecast high', ...hidden },
      { label: 'forecast', stroke: c.muted, width: 1.5, dash: [6, 4], points: { show: false },
        value: (u, v) => (v == null ? '' : `${fmtNum(v)}${opts.unit ? ` ${opts.unit}` : ''}`) },
    ],
    bands: [{ series: [2, 1], fill: c.band }, { series: [4, 3], fill: translucent(c.muted, 0.18) },
      { series: [8, 7], fill: translucent(c.muted, 0.12) }],
    axes: [
      { ...axis, size: 44 },
      { ...axis, size: 64, values: (u, ticks) => ticks.map(axisNumber) },
    ],
    legend: { live: true },
    cursor: {
      drag: { x: Boolean(opts.onZoom), y: false, setScale: false },
      bind: { dblclick: () => () => { opts.onReset?.(); return null; } },
    },
    hooks: {
      setSelect: [u => {
        if (u.select.width < 6) return;
        const a = u.posToVal(u.select.left, 'x'), b = u.posToVal(u.select.left + u.select.width, 'x');
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        opts.onZoom?.(Math.round(a), Math.round(b));
      }],
    },
  };
}

/**
 * A time-series chart: {el, update(points, {from, to, bucketMs, forecast}), destroy()}. opts: {label, unit,
 * from, to (epoch ms), bucketMs (null for raw readings), forecast (hours ahead, optional), onZoom(from, to)
 * after a drag across the plot, onReset() on a double click}. What it draws is also stated on `el` for people
 * and tests: aria-label, data-points, data-banded, data-anomalies, data-gaps, data-forecast (forecast hours
 * drawn), data-from, data-to, data-last-t and data-last-v (the newest point).
 */
export function timeChart(points, opts = {}) {
  const el = document.createElement('figure');
  el.className = 'chart';
  el.setAttribute('role', 'img');
  const empty = document.createElement('p');
  empty.className = 'chart-empty muted';
  empty.textContent = 'No readings in this range yet';
  const state = { ...opts };
  let plot = null;
  const heightFor = w => (w < 500 ? PHONE_HEIGHT : HEIGHT);

  function describe(cols, count) {
    el.setAttribute('aria-label', state.label || 'chart');
    const t = cols.data[0], v = cols.data[5];
    const lastI = t.length - 1 - cols.forecast;
    el.classList.toggle('has-forecast', cols.forecast > 0);
    Object.assign(el.dataset, { points: String(count), banded: String(cols.banded), anomalies: String(cols.anomalies),
      gaps: String(cols.gaps), forecast: String(cols.forecast), from: String(state.from), to: String(state.to),
      lastT: count ? String(t[lastI]) : '', lastV: count ? String(v[lastI]) : '' });
  }

  let cols = null;
  function update(next, changes = {}) {
    Object.assign(state, changes);
    cols = columns(next, state.bucketMs, state.forecast ?? []);
    state.forecastShown = cols.forecast;
    describe(cols, next.length);
    empty.hidden = next.length > 0;
    if (plot) {
      plot.setData(cols.data, false);
      plot.setScale('x', { min: state.from, max: xMax(state, cols) });
    } else {
      create();
    }
  }

  /** Made once the figure is in the page and has a width: one draw at the right size, not two. */
  function create() {
    const width = el.clientWidth;
    if (plot || !cols || !el.isConnected || width <= 0) return;
    plot = new uPlot(options(width, heightFor(width), palette(), state), cols.data, el);
    el.append(empty);
  }

  // Follows the width of its card (the canvas has a fixed pixel size).
  const resize = new ResizeObserver(() => {
    const width = el.clientWidth;
    if (!plot) create();
    else if (width > 0 && width !== plot.width) plot.setSize({ width, height: heightFor(width) });
  });
  resize.observe(el);
  update(points);
  return {
    el, update,
    destroy() { resize.disconnect(); plot?.destroy(); plot = null; },
  };
}

function s(tag, attrs = {}) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, v);
  return el;
}

/** Path through the points, breaking the line where a value is missing. */
function linePath(points, x, y) {
  let d = '', pen = false;
  for (const p of points) {
    if (p.v == null || !Number.isFinite(p.v)) { pen = false; continue; }
    d += `${pen ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** A small sparkline <svg> of the last values; anomalies as red dots. */
export function sparkline(points) {
  const W = 240, H = 38, pad = 3;
  const svg = s('svg', { class: 'sparkline', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', 'aria-hidden': 'true' });
  const vals = points.filter(p => p.v != null);
  if (vals.length < 2) return svg;
  let lo = Infinity, hi = -Infinity;
  for (const p of vals) { lo = Math.min(lo, p.v); hi = Math.max(hi, p.v); }
  const t0 = vals[0].t, span = Math.max(1, vals.at(-1).t - t0);
  const x = t => pad + ((t - t0) / span) * (W - 2 * pad);
  const y = v => H - pad - ((v - lo) / (hi - lo || 1)) * (H - 2 * pad);
  const line = linePath(vals, x, y);
  svg.append(s('path', { class: 'area', d: `${line}L${x(vals.at(-1).t)},${H}L${x(t0)},${H}Z` }));
  svg.append(s('path', { class: 'series', d: line, 'vector-effect': 'non-scaling-stroke' }));
  for (const p of vals) if (p.anomalous) svg.append(s('circle', { class: 'anomaly', cx: x(p.t), cy: y(p.v), r: 2.5 }));
  return svg;
}

/**
 * Bars per bucket (the energy panel): {el, destroy()}. rows: [{t: epoch ms of the bucket's start, values: [..]}];
 * opts: {label, from, to (epoch ms), series: [{label, unit, color: 'line'|'ok'|..} as bars, or {label, legendOnly: true,
 * format(v)} shown in the legend only], ahead: optional forecast [{t, v, lo, hi}] per bucket after the rows, drawn
 * dashed past `to` like the device chart's}. The figure states what it draws for people and tests: aria-label,
 * data-buckets, data-total (the sum of the first series) and data-forecast (buckets forecast).
 */
export function barChart(rows, opts) {
  const el = document.createElement('figure');
  el.className = 'chart bar-chart';
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', opts.label);
  const last = rows.length ? rows[rows.length - 1].t : opts.from;
  const ahead = (opts.ahead || []).filter(f => f.t > last);
  const none = ahead.map(() => null);
  const data = [[...rows.map(r => r.t), ...ahead.map(f => f.t)], ...opts.series.map((s, i) => [...rows.map(r => r.values[i]), ...none])];
  if (ahead.length) data.push([...rows.map(() => null), ...ahead.map(f => f.v)]);
  const xEnd = ahead.length ? Math.max(opts.to, ahead[ahead.length - 1].t) : opts.to;
  el.dataset.buckets = String(rows.length);
  el.dataset.forecast = String(ahead.length);
  el.dataset.total = String(rows.reduce((sum, r) => sum + (r.values[0] || 0), 0));
  let plot = null;
  const create = () => {
    const width = el.clientWidth;
    if (plot || !el.isConnected || width <= 0) return;
    const c = palette();
    const axis = { stroke: c.muted, font: AXIS_FONT, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
    const bars = opts.series.filter(x => !x.legendOnly).length;
    plot = new uPlot({
      width, height: width < 500 ? PHONE_HEIGHT : HEIGHT, ms: 1,
      scales: { x: { time: true, range: () => [opts.from, xEnd] }, y: { range: (u, min, max) => [0, Math.max(max, 0.001) * 1.1] },
        share: { range: () => [0, 1] } },
      series: [{ label: 'time' }, ...opts.series.map((s, i) => (s.legendOnly
        ? { label: s.label, scale: 'share', paths: () => null, points: { show: false }, value: (u, v) => s.format(v) }
        : { label: s.label, fill: translucent(c[s.color] || c.line, 0.7), stroke: c[s.color] || c.line, width: 1,
          paths: uPlot.paths.bars({ size: [0.8 / bars, 48], align: i === 0 ? 1 : -1 }), points: { show: false },
          value: (u, v) => (v == null ? '–' : `${fmtNum(v)} ${s.unit}`) })),
        ...(ahead.length ? [{ label: 'forecast', stroke: c.muted, width: 1.5, dash: [6, 4], points: { show: false },
          value: (u, v, si, i) => (v == null ? '–' : `${fmtNum(v)} kWh (90%: ${fmtNum(ahead[i - rows.length].lo)}–${fmtNum(ahead[i - rows.length].hi)})`) }] : [])],
      axes: [{ ...axis, size: 44 }, { ...axis, size: 64, values: (u, ticks) => ticks.map(axisNumber) }],
      legend: { live: true },
    }, data, el);
  };
  const resize = new ResizeObserver(() => {
    if (!plot) create();
    else if (el.clientWidth > 0 && el.clientWidth !== plot.width) plot.setSize({ width: el.clientWidth, height: plot.height });
  });
  resize.observe(el);
  return { el, destroy() { resize.disconnect(); plot?.destroy(); plot = null; } };
}
