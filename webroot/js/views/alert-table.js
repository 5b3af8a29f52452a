// The alerts table used by the alerts page and the device page, with acknowledge and clear buttons.
import { api } from '../api.js';
import { h, fmtNum, fmtTime, sevBadge, stateBadge } from '../util.js';
import { errorBanner } from '../notify.js';
import { can } from '../session.js';

/** A <table> of alerts. opts: {showDevice, onChange(alert)} — onChange gets the API's updated alert. */
export function alertsTable(alerts, opts = {}) {
  const { showDevice = true, onChange = () => {} } = opts;
  if (!alerts.length) return h('p', { class: 'empty' }, 'No alerts.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'alerts-table stack' },
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
  return h('tr', { dataset: { alertId: a.id, state: a.state, key: a.id } },
    h('td', { 'data-label': 'Severity' }, sevBadge(a.severity)),
    h('td', { 'data-label': 'State' }, stateBadge(a.state)),
    showDevice && h('td', { 'data-label': 'Device' }, h('a', { href: `#/devices/${encodeURIComponent(a.deviceId)}` }, a.deviceId)),
    h('td', {}, h('div', {}, a.message || `${a.kind} ${a.metric || ''}`), detail(a)),
    h('td', { class: 'num hide-sm', 'data-label': 'Count' }, String(a.occurrences ?? 1)),
    h('td', { class: 'hide-sm' }, fmtTime(a.updatedAt || a.openedAt)),
    // Acknowledging and clearing are an operator's: a viewer sees no buttons (and the API would answer 403).
    h('td', { class: 'actions' }, can('operator') && [
      act('Ack', api.ack, a.state !== 'open'), ' ', act('Clear', api.clear, a.state === 'cleared')]));
}

function detail(a) {
  const parts = [a.kind];
  const top = a.explanation?.[0];
  if (top && top.expectedLow != null) parts.push(`${top.metric} ${fmtNum(top.value)} (expected ${fmtNum(top.expectedLow)}–${fmtNum(top.expectedHigh)})`);
  if (a.score != null) parts.push(`score ${fmtNum(a.score)}`);
  return h('div', { class: 'muted alert-detail' }, parts.filter(Boolean).join(' · '), fault(a));
}

/** When the fault began, how long it has lasted (counting on while the alert is live) and what carries it. */
function fault(a) {
  if (!a.startedAt) return null;
  const live = a.state !== 'cleared';
  const lasted = h('span', { class: 'lasted', dataset: live ? { lasted: String(a.lastedSeconds ?? 0), since: a.updatedAt || a.openedAt } : {} },
    fmtDuration(a.lastedSeconds ?? 0));
  const shares = new Map((a.explanation || []).map(c => [c.metric, c.share]));
  const carriers = (a.carriedBy || []).map(m => shares.has(m) && shares.get(m) != null ? `${m} (${Math.round(shares.get(m) * 100)}%)` : m);
  return h('div', { class: 'fault', dataset: { startedAt: a.startedAt } },
    `started ${fmtTime(a.startedAt)} · ${live ? 'lasting' : 'lasted'} `, lasted,
    carriers.length ? ` · carried by ${carriers.join(', ')}` : '');
}

/** 42 s, 7 min, 3 h 12 min, 2 d 4 h. */
export function fmtDuration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

// Live alerts count on between the server's repeats: lastedSeconds as of updatedAt, plus the time since.
setInterval(() => {
  for (const el of document.querySelectorAll('.lasted[data-lasted]')) {
    const since = Date.parse(el.dataset.since);
    const extra = Number.isNaN(since) ? 0 : Math.max(0, (Date.now() - since) / 1000);
    el.textContent = fmtDuration(Number(el.dataset.lasted) + extra);
  }
}, 1000);
