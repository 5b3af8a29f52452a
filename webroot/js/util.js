// Small DOM and formatting helpers shared by every view.

/** Creates an element: h('div', {class: 'x', onclick: fn}, child, 'text', ...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/**
 * Makes the children of a node exactly `children`, in order. A child that is already there stays
 * attached and is never detached and re-inserted when it holds the focus or the selection: a detached
 * element loses both, so a redraw that keeps a card being edited must not move it (the browser would blur
 * the field, fire its change event with half-typed input and drop the rest of the typing). When the order
 * changes around it, its siblings move instead.
 */
export function mount(el, ...children) {
  const wanted = [];
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    wanted.push(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  const keep = new Set(wanted);
  for (const old of [...el.childNodes]) if (!keep.has(old)) old.remove();
  const pinned = [...el.childNodes].find(inUse);
  let cursor = el.firstChild;
  for (const node of wanted) {
    if (node === cursor) { cursor = cursor.nextSibling; continue; }
    if (node === pinned) {
      // Move the nodes standing before the pinned one behind it, rather than the pinned one forward.
      const behind = pinned.nextSibling;
      while (cursor !== pinned) { const n = cursor; cursor = cursor.nextSibling; el.insertBefore(n, behind); }
      cursor = pinned.nextSibling;
      continue;
    }
    el.insertBefore(node, cursor);
  }
  return el;
}

/** Whether a node holds the keyboard focus or part of a selection the user made (to copy it, say). */
function inUse(node) {
  if (node.contains(document.activeElement) && document.activeElement !== document.body) return true;
  const s = document.getSelection();
  return !!s && !s.isCollapsed && s.containsNode(node, true);
}

/** What makes two drawings of an element the same thing: its id or its data-key (a row's alert id). */
function keyOf(node) {
  return node.nodeType === Node.ELEMENT_NODE ? node.id || node.getAttribute('data-key') || '' : '';
}

/**
 * Live redraws go through here: makes el's children look like `children` (freshly drawn with h()) while
 * keeping every existing node that matches one of them (the same tag and key, unkeyed ones in order),
 * whose attributes and text are updated in place. So an element a user is typing in, has selected text
 * of, or is about to click stays the same element; the focused element itself is left as it is, and a
 * text the user selected keeps its words until the selection goes. A kept element keeps its own event
 * listeners (those of the fresh drawing are dropped): listeners of live-drawn elements must depend only on
 * what the element's key and position name.
 */
export function patch(el, ...children) {
  const fresh = [];
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    fresh.push(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  const olds = [...el.childNodes];
  const byKey = new Map(olds.filter(keyOf).map(n => [`${n.nodeName}#${keyOf(n)}`, n]));
  const unkeyed = olds.filter(n => !keyOf(n));
  mount(el, fresh.map(next => {
    const key = keyOf(next);
    let old = null;
    if (key) {
      old = byKey.get(`${next.nodeName}#${key}`);
      byKey.delete(`${next.nodeName}#${key}`);
    } else {
      const i = unkeyed.findIndex(n => n.nodeName === next.nodeName);
      if (i >= 0) old = unkeyed.splice(0, i + 1).pop();
    }
    return old ? patchElement(old, next) : next;
  }));
  return el;
}

/** Makes `old` look like `next` in place (see patch) and returns the node to keep: `old`, or `next` when they differ in kind. */
export function patchElement(old, next) {
  if (old === document.activeElement && /^(INPUT|SELECT|TEXTAREA)$/.test(old.nodeName)) return old;
  if (old.nodeType === Node.TEXT_NODE) {
    if (old.data !== next.data && !inUse(old)) old.data = next.data;
    return old;
  }
  if (old.nodeType !== Node.ELEMENT_NODE) return next;
  for (const a of [...old.attributes]) if (!next.hasAttribute(a.name)) old.removeAttribute(a.name);
  for (const a of [...next.attributes]) if (old.getAttribute(a.name) !== a.value) old.setAttribute(a.name, a.value);
  patch(old, [...next.childNodes]);
  return old;
}

/**
 * Units by metric-name suffix, the table of docs/wire-contract.md ("Units"): the simulator, the ESP32
 * sketch and the Pi agent all name metrics so (power_w, temperature_c, humidity_pct). Longest suffix
 * first, so reactive_power_var reads var (not W) and energy_kwh kWh. A name without a known suffix has
 * no unit shown, rather than a guessed one; two whole names of older sketches are known as well.
 */
export const UNIT_SUFFIXES = [
  ['_kwh', 'kWh'], ['_wh', 'Wh'], ['_kvarh', 'kvarh'], ['_kvar', 'kvar'], ['_var', 'var'], ['_kva', 'kVA'],
  ['_va', 'VA'], ['_kw', 'kW'], ['_w', 'W'], ['_mv', 'mV'], ['_v', 'V'], ['_ma', 'mA'], ['_a', 'A'],
  ['_hz', 'Hz'], ['_c', '°C'], ['_f', '°F'], ['_pct', '%'], ['_hpa', 'hPa'], ['_kpa', 'kPa'], ['_pa', 'Pa'],
  ['_bar', 'bar'], ['_ppm', 'ppm'], ['_lux', 'lx'], ['_rpm', 'rpm'], ['_db', 'dB'], ['_dbm', 'dBm'],
  ['_ms', 'ms'], ['_s', 's'], ['_m3', 'm³'], ['_l', 'L'], ['_mm', 'mm'], ['_m', 'm'], ['_kg', 'kg'], ['_g', 'g'],
];
const UNIT_NAMES = { temperature: '°C', humidity: '%' };

/**
 * The unit of a metric: the one its device declared ({@code units} of the device, from the wire's "units"),
 * else the one its name declares by its suffix (power_w -> W, reactive_power_var -> var), or ''.
 */
export function unitOf(metric, declared) {
  if (declared && typeof declared[metric] === 'string') return declared[metric];
  const name = String(metric || '').toLowerCase();
  if (UNIT_NAMES[name]) return UNIT_NAMES[name];
  let best = '';
  let unit = '';
  for (const [suffix, u] of UNIT_SUFFIXES) {
    if (name.endsWith(suffix) && name.length > suffix.length && suffix.length > best.length) { best = suffix; unit = u; }
  }
  return unit;
}

/** Significant digits a measured number keeps: the same rule as the server's alert.Digits (docs/alerts.md). */
export const SIGNIFICANT = 4;

/**
 * The one number formatter of every view. A measured value keeps SIGNIFICANT significant digits but
 * never loses a digit before the decimal point (27.025634 -> "27.03", 3012.7 -> "3,013", 0.000123456 ->
 * "0.0001235"), exactly as alert messages and alert JSON are rounded on the server. `digits` fixes the
 * number of decimals instead, for amounts that have a unit of account (money: 2, counts: 0).
 */
export function fmtNum(v, digits) {
  if (v == null || v === '' || !Number.isFinite(Number(v))) return '–';
  const n = Number(v);
  if (digits != null) return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  const rounded = roundMeaningful(n);
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 20 });
}

/** n rounded to meaningful digits (see fmtNum), as a number. */
export function roundMeaningful(n) {
  if (n === 0 || !Number.isFinite(n)) return n === 0 ? 0 : n;
  const integerDigits = Math.floor(Math.log10(Math.abs(n))) + 1;
  return Number(n.toPrecision(Math.min(100, Math.max(SIGNIFICANT, integerDigits))));
}

/** 1234567 -> "1.23 M". */
export function fmtCompact(v) {
  if (v == null) return '–';
  return Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 }).format(v);
}

export function fmtTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "12 s ago", "3 min ago", "2 h ago". */
export function fmtAgo(iso, now = Date.now()) {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** The metric a device card shows first: power if present, else the first one. */
export function primaryMetric(metrics) {
  const names = Object.keys(metrics || {});
  return names.find(n => /power/i.test(n)) || names.find(n => /temp/i.test(n)) || names.sort()[0];
}

export const SEVERITIES = ['critical', 'high', 'medium', 'low'];

export function sevBadge(sev) {
  return h('span', { class: `badge sev-${sev}` }, sev || '–');
}

export function stateBadge(state) {
  return h('span', { class: `badge state-${state}` }, state || '–');
}

export function statusLabel(status) {
  return h('span', { class: 'status', dataset: { status: status || 'offline' } }, status || 'offline');
}
