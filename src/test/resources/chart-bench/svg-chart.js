// The hand-drawn SVG chart of webroot/js/chart.js before uPlot (main e4abc9d), kept only to measure against (ChartBenchBrowserIT).
// Inline SVG charts, no library: a time-series chart with the model's expected band behind the line,
// min/max range for rollups and anomalies in red; and a small sparkline for device cards.
// A point is {t: epoch ms, v: number, lo?, hi? (expected band), min?, max? (bucket range), anomalous?}.

import { fmtCompact, fmtNum } from '/js/util.js';

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, v);
  for (const c of children) if (c) el.append(c);
  return el;
}

/** "Nice" axis ticks covering [lo, hi]. */
export function niceTicks(lo, hi, count = 4) {
  if (!(hi > lo)) { const pad = Math.abs(lo) * 0.1 || 1; lo -= pad; hi += pad; }
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map(m => m * mag).find(st => st >= raw);
  const start = Math.floor(lo / step) * step;
  const ticks = [];
  for (let v = start; v <= hi + step * 0.5; v += step) ticks.push(+v.toFixed(10));
  return ticks;
}

function extent(points) {
  let lo = Infinity, hi = -Infinity;
  for (const p of points) {
    for (const v of [p.v, p.lo, p.hi, p.min, p.max]) {
      if (v != null && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
  }
  return [lo, hi];
}

function timeLabel(t, span) {
  const d = new Date(t);
  if (span > 3 * 86400e3) return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  if (span > 86400e3) return d.toLocaleString(undefined, { weekday: 'short', hour: '2-digit' });
  const opts = { hour: '2-digit', minute: '2-digit' };
  if (span < 600e3) opts.second = '2-digit';
  return d.toLocaleTimeString(undefined, opts);
}

/** Path through the points whose key is set, breaking the line where it is missing. */
function linePath(points, x, y, key = 'v') {
  let d = '', pen = false;
  for (const p of points) {
    if (p[key] == null || !Number.isFinite(p[key])) { pen = false; continue; }
    d += `${pen ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p[key]).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** Closed areas between two keys (e.g. lo/hi), one polygon per run of points having both. */
function areaPath(points, x, y, loKey, hiKey) {
  const runs = [];
  let run = [];
  for (const p of points) {
    if (p[loKey] != null && p[hiKey] != null) run.push(p);
    else if (run.length) { runs.push(run); run = []; }
  }
  if (run.length) runs.push(run);
  return runs.map(r => {
    const top = r.map(p => `${x(p.t).toFixed(1)},${y(p[hiKey]).toFixed(1)}`);
    const bottom = r.slice().reverse().map(p => `${x(p.t).toFixed(1)},${y(p[loKey]).toFixed(1)}`);
    if (r.length === 1) { const px = x(r[0].t); return `M${px - 2},${y(r[0][hiKey])}H${px + 2}V${y(r[0][loKey])}H${px - 2}Z`; }
    return `M${top.join('L')}L${bottom.join('L')}Z`;
  }).join('');
}

/**
 * The expected band as one area through every point that has one. Points without a band (scored while
 * the model warmed up, e.g. after a restart) are stepped over, as the line steps over missing values:
 * the band runs on from its neighbours instead of breaking into slivers. Before the first banded point
 * there is nothing to draw: the model did not exist yet.
 */
function bandPath(points, x, y) {
  return areaPath(points.filter(p => p.lo != null && p.hi != null), x, y, 'lo', 'hi');
}

/**
 * A full chart as an <svg>. opts: {label, unit, from, to (epoch ms; default: data extent)}.
 */
export function timeChart(points, opts = {}) {
  const W = 640, H = 220, m = { l: 52, r: 12, t: 10, b: 26 };
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': opts.label || 'chart' });
  const t0 = opts.from ?? (points[0]?.t ?? Date.now() - 60e3);
  const t1 = opts.to ?? (points.at(-1)?.t ?? Date.now());
  const span = Math.max(1, t1 - t0);
  const [lo, hi] = extent(points);
  const ticks = niceTicks(Number.isFinite(lo) ? lo : 0, Number.isFinite(hi) ? hi : 1);
  const yMin = ticks[0], yMax = ticks.at(-1);
  const x = t => m.l + ((t - t0) / span) * (W - m.l - m.r);
  const y = v => H - m.b - ((v - yMin) / (yMax - yMin || 1)) * (H - m.t - m.b);

  const grid = s('g', { class: 'grid' }), axis = s('g', { class: 'axis' });
  for (const v of ticks) {
    grid.append(s('line', { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v) }));
    const label = s('text', { x: m.l - 8, y: y(v) + 4, 'text-anchor': 'end' });
    label.textContent = Math.abs(v) >= 10000 ? fmtCompact(v) : fmtNum(v);
    axis.append(label);
  }
  for (let i = 0; i <= 4; i++) {
    const t = t0 + (span * i) / 4;
    const label = s('text', { x: x(t), y: H - 6, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' });
    label.textContent = timeLabel(t, span);
    axis.append(label);
  }
  svg.append(grid, axis);
  if (!points.length) {
    const none = s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'axis' });
    none.textContent = 'No readings in this range yet';
    svg.append(s('g', { class: 'axis' }, none));
    return svg;
  }
  const band = bandPath(points, x, y), range = areaPath(points, x, y, 'min', 'max');
  if (band) svg.append(s('path', { class: 'band', d: band }));
  if (range) svg.append(s('path', { class: 'range', d: range }));
  svg.append(s('path', { class: 'series', d: linePath(points, x, y) }));
  for (const p of points) {
    if (p.anomalous && p.v != null) svg.append(s('circle', { class: 'anomaly', cx: x(p.t), cy: y(p.v), r: 4 }));
  }
  const last = points.at(-1);
  if (last.v != null && !last.anomalous) svg.append(s('circle', { class: 'last', cx: x(last.t), cy: y(last.v), r: 3 }));
  return svg;
}

/** A small sparkline <svg> of the last values; anomalies as red dots. */
export function sparkline(points) {
  const W = 240, H = 38, pad = 3;
  const svg = s('svg', { class: 'sparkline', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', 'aria-hidden': 'true' });
  const vals = points.filter(p => p.v != null);
  if (vals.length < 2) return svg;
  const [lo, hi] = extent(vals);
  const t0 = vals[0].t, span = Math.max(1, vals.at(-1).t - t0);
  const x = t => pad + ((t - t0) / span) * (W - 2 * pad);
  const y = v => H - pad - ((v - lo) / (hi - lo || 1)) * (H - 2 * pad);
  const line = linePath(vals, x, y);
  svg.append(s('path', { class: 'area', d: `${line}L${x(vals.at(-1).t)},${H}L${x(t0)},${H}Z` }));
  svg.append(s('path', { class: 'series', d: line, 'vector-effect': 'non-scaling-stroke' }));
  for (const p of vals) if (p.anomalous) svg.append(s('circle', { class: 'anomaly', cx: x(p.t), cy: y(p.v), r: 2.5 }));
  return svg;
}
