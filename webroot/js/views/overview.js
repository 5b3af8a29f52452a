// Overview: KPI cards, the fleet power chart (views/fleet-chart.js), the energy section (views/energy.js) and the device grid
// (status, last value, sparkline), all kept live from the bus. A site and tag filter (kept in the URL: #/?site=hq&tag=floor:2)
// narrows the power chart, the energy section and the grid to the devices of that site carrying that tag.
import { api } from '../api.js';
import * as bus from '../bus.js';
import { h, mount, patch, patchElement, fmtNum, fmtAgo, unitOf, primaryMetric } from '../util.js';
import { sparkline } from '../chart.js';
import { deviceStatus, items, toRows, pointsOf } from '../model.js';
import { Kpis } from './kpis.js';
import { fleetChart } from './fleet-chart.js';
import { energyPanel } from './energy.js';
import { prefs } from '../prefs.js';

const SPARK_POINTS = 60;
const STATUS_ORDER = { alerting: 0, online: 1, offline: 2 };

export function renderOverview(main) {
  const devices = new Map();
  const sparks = new Map();
  const liveAlerts = new Map();
  const cards = new Map();
  const kpis = new Kpis(tariff => loadStats(tariff));
  const filter = filterFromUrl();
  const fleet = fleetChart(filter);
  const energy = energyPanel(filter);
  const siteSelect = h('select', { id: 'site-filter', 'aria-label': 'Site' }, h('option', { value: '' }, 'All sites'));
  const tagSelect = h('select', { id: 'tag-filter', 'aria-label': 'Tag' }, h('option', { value: '' }, 'All tags'));
  const filterBar = h('div', { class: 'overview-filter', role: 'group', 'aria-label': 'Site and tag filter' },
    h('label', { class: 'field', for: 'site-filter' }, 'Site', siteSelect), h('label', { class: 'field', for: 'tag-filter' }, 'Tag', tagSelect));
  const error = h('div', { role: 'alert' });
  const search = h('input', { type: 'search', placeholder: 'Filter devices', 'aria-label': 'Filter devices', id: 'device-filter' });
  const grid = h('div', { class: 'device-grid', id: 'device-grid' }, h('p', { class: 'muted' }, 'Loading devices…'));
  const count = h('span', { class: 'muted' });
  mount(main,
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Fleet overview'),
      h('div', { class: 'sub' }, 'Live from the MQTT pipeline · updates without reload'))),
    error, filterBar, kpis.el, fleet.el, energy.el,
    h('section', { class: 'panel', 'aria-labelledby': 'devices-h' },
      h('div', { class: 'page-head' }, h('h2', { id: 'devices-h' }, 'Devices ', count), h('div', { class: 'grid-tools' }, search)),
      grid));

  let kpiDirty = true;
  let alertsLoaded = false;
  const dirtyCards = new Set();
  const timer = setInterval(() => flush(true), 1000);
  // /health is not on the event bus; the infrastructure check is cheap and refreshed twice a minute.
  const healthTimer = setInterval(loadHealth, 30000);
  search.addEventListener('input', () => drawGrid());
  siteSelect.addEventListener('change', () => changeFilter({ site: siteSelect.value || null }));
  tagSelect.addEventListener('change', () => changeFilter({ tag: tagSelect.value || null }));

  function filterFromUrl() {
    const q = new URLSearchParams(location.hash.split('?')[1] || '');
    return { site: q.get('site') || null, tag: q.get('tag') || null };
  }

  /** Applies a new filter and keeps it in the URL (replaceState: no new page, no re-render). */
  function changeFilter(change) {
    Object.assign(filter, change);
    const q = new URLSearchParams();
    if (filter.site) q.set('site', filter.site);
    if (filter.tag) q.set('tag', filter.tag);
    history.replaceState(null, '', `#/${q.toString() ? `?${q}` : ''}`);
    fleet.setFilter(filter);
    energy.setFilter(filter);
    drawGrid();
  }

  function loadSites() {
    api.sites().then(r => {
      const options = (select, values, chosen) => {
        for (const v of new Set([...values, ...(chosen ? [chosen] : [])])) select.append(h('option', { value: v }, v));
        select.value = chosen || '';
      };
      options(siteSelect, r.items.map(s => s.id), filter.site);
      options(tagSelect, r.tags, filter.tag);
    }).catch(() => { /* the filter offers all sites only */ });
  }
  loadSites();

  function showError(e) { mount(error, h('div', { class: 'error-box' }, e.message || String(e))); }

  function loadStats(tariff = prefs.tariff) {
    return api.stats(tariff).then(s => { kpis.setStats(s); kpiDirty = true; flush(); }).catch(() => { /* KPIs show – */ });
  }

  function withAlerts(d) {
    let n = 0;
    for (const a of liveAlerts.values()) if (a.deviceId === d.id) n++;
    return { ...d, openAlerts: alertsLoaded ? n : d.openAlerts };
  }

  function card(d) {
    const status = deviceStatus(withAlerts(d));
    const metric = primaryMetric(d.lastMetrics);
    const value = metric != null ? d.lastMetrics[metric] : null;
    const nAlerts = withAlerts(d).openAlerts || 0;
    return h('a', { class: 'card device-card', href: `#/devices/${encodeURIComponent(d.id)}`, dataset: { status, deviceId: d.id, key: d.id },
      'aria-label': `${d.id}, ${status}` },
      h('div', { class: 'top' }, h('span', { class: 'name' }, d.id), h('span', { class: 'status', dataset: { status } }, status)),
      h('div', { class: 'reading' }, value == null ? '–' : fmtNum(value), h('small', {}, metric ? `${unitOf(metric, d.units)} ${metric}` : 'no data')),
      sparkline(pointsOf(sparks.get(d.id) || [], metric)),
      h('div', { class: 'meta' }, h('span', {}, `seen ${fmtAgo(d.lastSeen)}`),
        h('span', {}, nAlerts ? `${nAlerts} alert${nAlerts > 1 ? 's' : ''}` : `score ${fmtNum(d.lastScore ?? null)}`)));
  }

  function sorted() {
    const q = search.value.trim().toLowerCase();
    return [...devices.values()].filter(d => !q || d.id.toLowerCase().includes(q))
      .filter(d => (!filter.site || d.site === filter.site) && (!filter.tag || (d.tags || []).includes(filter.tag)))
      .sort((a, b) => STATUS_ORDER[deviceStatus(withAlerts(a))] - STATUS_ORDER[deviceStatus(withAlerts(b))] || a.id.localeCompare(b.id));
  }

  /** Draws the grid, patching the cards already there (a focused card stays put; the others move around it). */
  function drawGrid() {
    const list = sorted();
    count.textContent = filter.site || filter.tag ? `· ${list.length} of ${devices.size}` : `· ${devices.size}`;
    if (!list.length) { patch(grid, h('p', { class: 'empty' }, devices.size ? 'No device matches the filter.' : 'No devices yet. Publish to devices/{id}/telemetry or start the simulator.')); }
    else patch(grid, list.map(card));
    cards.clear();
    for (const c of grid.querySelectorAll(':scope > .device-card')) cards.set(c.dataset.deviceId, c);
  }

  function flush(tick = false) {
    if (kpiDirty || tick) { kpis.render([...devices.values()], liveAlerts); kpiDirty = false; }
    for (const id of dirtyCards) {
      const old = cards.get(id), d = devices.get(id);
      if (!old || !d) { drawGrid(); break; }
      const next = card(d);
      if (old.dataset.status !== next.dataset.status) { drawGrid(); break; }
      patchElement(old, next);
      void old.offsetWidth; // the patch took 'flash' off: let the browser see that, so it plays again
      old.classList.add('flash');
    }
    dirtyCards.clear();
  }

  function onReading(m) {
    const d = devices.get(m.deviceId) || { id: m.deviceId, status: 'online', openAlerts: 0 };
    devices.set(m.deviceId, { ...d, status: 'online', lastSeen: m.ts, lastMetrics: m.metrics, lastScore: m.score });
    const rows = sparks.get(m.deviceId) || [];
    rows.push(...toRows([m]));
    if (rows.length > SPARK_POINTS) rows.splice(0, rows.length - SPARK_POINTS);
    sparks.set(m.deviceId, rows);
    kpis.reading(m);
    if (!cards.has(m.deviceId)) drawGrid(); else dirtyCards.add(m.deviceId);
    kpiDirty = true;
  }

  function onStatus(m) {
    const d = devices.get(m.deviceId);
    if (!d) return;
    devices.set(m.deviceId, { ...d, status: m.status });
    dirtyCards.add(m.deviceId);
    kpiDirty = true;
    flush();
  }

  function onAlert(a) {
    if (a.state === 'cleared') liveAlerts.delete(a.id); else liveAlerts.set(a.id, a);
    dirtyCards.add(a.deviceId);
    kpiDirty = true;
    flush();
  }

  const offs = [bus.on(bus.ADDR.readings, onReading), bus.on(bus.ADDR.status, onStatus), bus.on(bus.ADDR.alerts, onAlert),
    bus.onState((state, reconnected) => { if (state === 'open' && reconnected) load(); })];

  async function loadSparks(list) {
    const queue = [...list];
    const worker = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        try {
          const rows = toRows(await api.readings(d.id, { limit: SPARK_POINTS }));
          sparks.set(d.id, [...rows, ...(sparks.get(d.id) || []).filter(r => r.t > (rows.at(-1)?.t ?? 0))]);
          dirtyCards.add(d.id);
        } catch { /* the card keeps its live points */ }
      }
    };
    await Promise.all([1, 2, 3, 4].map(worker));
    flush();
  }

  function loadHealth() {
    api.health().then(hl => { kpis.setHealth(hl); kpiDirty = true; })
      .catch(e => { kpis.setHealth({ vigil: { status: e.message } }); kpiDirty = true; });
  }

  async function load() {
    try {
      const list = items(await api.devices());
      for (const d of list) devices.set(d.id, { ...devices.get(d.id), ...d });
      drawGrid();
      mount(error);
    } catch (e) { showError(e); }
    api.alerts({ state: 'open', limit: 500 }).then(r => items(r).forEach(a => liveAlerts.set(a.id, a)))
      .then(() => api.alerts({ state: 'acked', limit: 500 })).then(r => items(r).forEach(a => liveAlerts.set(a.id, a)))
      .then(() => { alertsLoaded = true; drawGrid(); kpiDirty = true; flush(); }).catch(() => {});
    loadHealth();
    loadStats();
    loadSparks([...devices.values()]);
    flush(true);
  }
  load();

  return () => { clearInterval(timer); clearInterval(healthTimer); offs.forEach(off => off()); fleet.destroy(); energy.destroy(); };
}
