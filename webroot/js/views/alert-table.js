// The alerts table used by the alerts page and the device page, with acknowledge and clear buttons.
import { api } from '../api.js';
import { h, fmtNum, fmtTime, sevBadge, stateBadge } from '../util.js';
import { errorBanner } from '../notify.js';

/** A <table> of alerts. opts: {showDevice, onChange(alert)} — onChange gets the API's updated alert. */
export function alertsTable(alerts, opts = {}) {
  const { showDevice = true, onChange = () => {} } = opts;
  if (!alerts.length) return h('p', { class: 'empty' }, 'No alerts.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'alerts-table' },
    h('thead', {}, h('tr', {},
      h('th', {}, 'Severity'), h('th', {}, 'State'), showDevice && h('th', {}, 'Device'),
      h('th', {}, 'Alert'), h('th', { class: 'hide-sm' }, 'Count'), h('th', { class: 'hide-sm' }, 'Updated'),
      h('th', {}, h('span', { class: 'sr-only' }, 'Actions')))),
    h('tbody', {}, alerts.map(a => alertRow(a, showDevice, onChange)))));
}

export function alertRow(a, showDevice, onChange) {
  const act = (label, fn, disabled) => {
    const b = h('button', { type: 'button', class: 'small', disabled, dataset: { action: label.toLowerCase() },
      'aria-label': `${label} alert ${a.id} on ${a.deviceId}` }, label);
    b.addEventListener('click', async () => {
      b.disabled = true;
      try { onChange(await fn(a.id)); } catch (e) { errorBanner(`Could not ${label.toLowerCase()} alert ${a.id}: ${e.message}`); b.disabled = false; }
    });
    return b;
  };
  return h('tr', { dataset: { alertId: a.id, state: a.state } },
    h('td', {}, sevBadge(a.severity)),
    h('td', {}, stateBadge(a.state)),
    showDevice && h('td', {}, h('a', { href: `#/devices/${encodeURIComponent(a.deviceId)}` }, a.deviceId)),
    h('td', {}, h('div', {}, a.message || `${a.kind} ${a.metric || ''}`), detail(a)),
    h('td', { class: 'num hide-sm' }, String(a.occurrences ?? 1)),
    h('td', { class: 'hide-sm' }, fmtTime(a.updatedAt || a.openedAt)),
    h('td', { class: 'actions' },
      act('Ack', api.ack, a.state !== 'open'), ' ', act('Clear', api.clear, a.state === 'cleared')));
}

function detail(a) {
  const parts = [a.kind];
  const top = a.explanation?.[0];
  if (top && top.expectedLow != null) parts.push(`${top.metric} ${fmtNum(top.value)} (expected ${fmtNum(top.expectedLow)}–${fmtNum(top.expectedHigh)})`);
  if (a.score != null) parts.push(`score ${Number(a.score).toFixed(4)}`);
  return h('div', { class: 'muted', style: 'font-size:12px' }, parts.filter(Boolean).join(' · '));
}
