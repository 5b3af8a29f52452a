// Alerts page: filters (severity, state, device, time range), paginated table, ack/clear; live updates.
import { api } from '../api.js';
import * as bus from '../bus.js';
import { h, mount, patch, SEVERITIES } from '../util.js';
import { items } from '../model.js';
import { alertsTable } from './alert-table.js';

const PAGE = 25;
const SINCE = { '': 'Any time', '1h': 'Last hour', '24h': 'Last 24 h', '7d': 'Last 7 days', '30d': 'Last 30 days' };
const SINCE_MS = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3 };

function select(id, label, options, value) {
  const s = h('select', { id, name: id }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return [h('label', { class: 'field', for: id }, label, s), s];
}

export function renderAlerts(main) {
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  const state = { severity: q.get('severity') || '', state: q.get('state') || '', deviceId: q.get('deviceId') || '', since: '', offset: 0 };
  let alerts = [], total = 0;
  const [sevField, sev] = select('f-severity', 'Severity', [['', 'All'], ...SEVERITIES.map(s => [s, s])], state.severity);
  const [stateField, st] = select('f-state', 'State', [['', 'All'], ['open', 'open'], ['acked', 'acked'], ['cleared', 'cleared']], state.state);
  const [sinceField, since] = select('f-since', 'Time', Object.entries(SINCE), '');
  const dev = h('input', { id: 'f-device', list: 'device-ids', placeholder: 'any device', value: state.deviceId });
  const devList = h('datalist', { id: 'device-ids' });
  const error = h('div', { role: 'alert' });
  const table = h('div', { id: 'alerts-list' }, h('p', { class: 'muted' }, 'Loading…'));
  const pager = h('div', { class: 'pager' });
  mount(main,
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Alerts'), h('div', { class: 'sub' }, 'New alerts appear here live.'))),
    h('form', { class: 'filters card', role: 'search', 'aria-label': 'Filter alerts', onsubmit: e => { e.preventDefault(); apply(); } },
      sevField, stateField, h('label', { class: 'field', for: 'f-device' }, 'Device', dev), devList, sinceField,
      h('button', { type: 'submit', class: 'primary' }, 'Apply'),
      h('button', { type: 'button', onclick: () => { sev.value = st.value = since.value = dev.value = ''; apply(); } }, 'Reset')),
    error, h('div', { class: 'card' }, table, pager));
  for (const s of [sev, st, since]) s.addEventListener('change', apply);
  api.devices().then(r => mount(devList, items(r).map(d => h('option', { value: d.id })))).catch(() => {});

  function apply() {
    Object.assign(state, { severity: sev.value, state: st.value, deviceId: dev.value.trim(), since: since.value, offset: 0 });
    load();
  }

  function matches(a) {
    return (!state.severity || a.severity === state.severity) && (!state.state || a.state === state.state) &&
      (!state.deviceId || a.deviceId === state.deviceId);
  }

  function draw() {
    patch(table, alertsTable(alerts, { onChange: onAlert }));
    const pages = Math.max(1, Math.ceil(total / PAGE)), page = Math.floor(state.offset / PAGE) + 1;
    const prev = h('button', { type: 'button', class: 'small', disabled: state.offset === 0 }, '← Newer');
    const next = h('button', { type: 'button', class: 'small', disabled: state.offset + PAGE >= total }, 'Older →');
    prev.addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); load(); });
    next.addEventListener('click', () => { state.offset += PAGE; load(); });
    patch(pager, h('span', { id: 'alerts-total' }, `${total} alert${total === 1 ? '' : 's'} · page ${page} of ${pages}`), prev, next);
  }

  async function load() {
    const params = { severity: state.severity, state: state.state, deviceId: state.deviceId, limit: PAGE, offset: state.offset };
    if (state.since) params.from = new Date(Date.now() - SINCE_MS[state.since]).toISOString();
    try {
      const r = await api.alerts(params);
      alerts = items(r);
      total = r?.total ?? alerts.length;
      mount(error);
    } catch (e) {
      mount(error, h('div', { class: 'error-box' }, e.message));
    }
    draw();
  }

  /** An alert changed (live, or by our own ack/clear): update its row in place, or add it on page one. */
  function onAlert(a) {
    const i = alerts.findIndex(x => x.id === a.id);
    if (i >= 0) { if (matches(a)) alerts[i] = a; else { alerts.splice(i, 1); total--; } }
    else if (matches(a) && state.offset === 0) { alerts.unshift(a); total++; if (alerts.length > PAGE) alerts.pop(); }
    else return;
    draw();
  }

  const offs = [bus.on(bus.ADDR.alerts, onAlert), bus.onState((s, re) => { if (s === 'open' && re) load(); })];
  load();
  return () => offs.forEach(off => off());
}
