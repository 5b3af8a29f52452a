// Rejected messages page: what devices sent that broke the wire contract (docs/wire-contract.md), newest
// first, with the reason in words, the start of the payload and how many each device had refused.
// Refusals do not travel on the event bus, so the page asks again every REFRESH_MS while it is open.
import { api } from '../api.js';
import { h, mount, patch, fmtNum, fmtTime, fmtAgo } from '../util.js';
import { items } from '../model.js';

const PAGE = 25;
const REFRESH_MS = 10000;
const EXCERPT_CHARS = 120;
const SINCE = { '': 'Any time', '1h': 'Last hour', '24h': 'Last 24 h', '7d': 'Last 7 days' };
const SINCE_MS = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 };

/** The first EXCERPT_CHARS characters of a payload, on one line. */
export function excerpt(payload) {
  const line = String(payload ?? '').replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}…` : line;
}

function deviceLink(id) {
  return id ? h('a', { href: `#/devices/${encodeURIComponent(id)}` }, id) : h('span', { class: 'muted' }, 'no device (bad topic)');
}

/** One refused message as a card-like row: when, which device, why in words, the detail and the payload. */
function letterRow(d) {
  return h('tr', { dataset: { deadLetterId: d.id, reason: d.reason, key: d.id } },
    h('td', { 'data-label': 'Last received' }, h('div', {}, fmtTime(d.lastReceivedAt)), h('div', { class: 'muted small' }, fmtAgo(d.lastReceivedAt))),
    h('td', { 'data-label': 'Device' }, deviceLink(d.deviceId)),
    h('td', { class: 'why' }, h('div', { class: 'reason-text' }, d.reasonText || d.reason),
      h('div', { class: 'muted small' }, h('code', {}, d.reason), ' · ', d.detail || ''),
      h('code', { class: 'payload', title: d.payload || '' }, excerpt(d.payload))),
    h('td', { class: 'num', 'data-label': 'Count', title: d.summary ? 'a flood, counted without keeping each payload' : '' },
      `×${fmtNum(d.occurrences, 0)}`));
}

function lettersTable(letters) {
  if (!letters.length) return h('p', { class: 'empty' }, 'No rejected messages. Every message kept the wire contract.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'dead-letters-table stack' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Last received'), h('th', {}, 'Device'), h('th', {}, 'Why it was refused'),
      h('th', {}, 'Count'))),
    h('tbody', {}, letters.map(letterRow))));
}

function perDevice(byDevice) {
  if (!byDevice.length) return h('p', { class: 'muted' }, 'None.');
  return h('ul', { class: 'per-device' }, byDevice.map(d => h('li', { dataset: { deviceId: d.deviceId ?? '' } },
    deviceLink(d.deviceId), h('span', { class: 'count' }, fmtNum(d.messages, 0)),
    h('span', { class: 'muted small' }, fmtAgo(d.lastReceivedAt)))));
}

function optionsOf(options, value) {
  return options.map(([v, text]) => h('option', { value: v, selected: v === value }, text));
}

function select(id, label, options, value) {
  const s = h('select', { id, name: id }, optionsOf(options, value));
  return [h('label', { class: 'field', for: id }, label, s), s];
}

export function renderRejected(main) {
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  const state = { deviceId: q.get('deviceId') || '', reason: q.get('reason') || '', since: '', offset: 0 };
  // The reasons come from the server (GET /api/dead-letters/reasons), the one list of them; a reason given in the
  // address is offered meanwhile, so the filter shows what the list is filtered by.
  const [reasonField, reason] = select('f-reason', 'Reason',
    [['', 'All'], ...(state.reason ? [[state.reason, state.reason]] : [])], state.reason);
  const [sinceField, since] = select('f-since', 'Time', Object.entries(SINCE), '');
  const dev = h('input', { id: 'f-device', placeholder: 'any device', value: state.deviceId, autocomplete: 'off' });
  const error = h('div', { role: 'alert' });
  const table = h('div', { id: 'dead-letters' }, h('p', { class: 'muted' }, 'Loading…'));
  const devices = h('div', { id: 'dead-letters-by-device' });
  const pager = h('div', { class: 'pager' });
  mount(main,
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Rejected messages'),
      h('div', { class: 'sub' }, 'Messages Vigil refused because they broke the wire contract, newest first.'))),
    h('form', { class: 'filters card', role: 'search', 'aria-label': 'Filter rejected messages',
      onsubmit: e => { e.preventDefault(); apply(); } },
      h('label', { class: 'field', for: 'f-device' }, 'Device', dev), reasonField, sinceField,
      h('button', { type: 'submit', class: 'primary' }, 'Apply'),
      h('button', { type: 'button', onclick: () => { reason.value = since.value = dev.value = ''; apply(); } }, 'Reset')),
    error,
    h('div', { class: 'rejected-layout' },
      h('section', { class: 'card', 'aria-label': 'Rejected messages' }, table, pager),
      h('section', { class: 'card', 'aria-labelledby': 'per-device-title' },
        h('h2', { id: 'per-device-title' }, 'Per device'), devices)));
  for (const s of [reason, since]) s.addEventListener('change', apply);

  function apply() {
    Object.assign(state, { deviceId: dev.value.trim(), reason: reason.value, since: since.value, offset: 0 });
    load();
  }

  function draw(r) {
    const letters = items(r), total = r?.total ?? letters.length;
    patch(table, lettersTable(letters));
    patch(devices, perDevice(r?.byDevice || []));
    const pages = Math.max(1, Math.ceil(total / PAGE)), page = Math.floor(state.offset / PAGE) + 1;
    const prev = h('button', { type: 'button', class: 'small', disabled: state.offset === 0 }, '← Newer');
    const next = h('button', { type: 'button', class: 'small', disabled: state.offset + PAGE >= total }, 'Older →');
    prev.addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); load(); });
    next.addEventListener('click', () => { state.offset += PAGE; load(); });
    patch(pager, h('span', { id: 'dead-letters-total' },
      `${fmtNum(r?.messages ?? 0, 0)} refused message${r?.messages === 1 ? '' : 's'} in ${total} row${total === 1 ? '' : 's'} · page ${page} of ${pages}`),
      prev, next);
  }

  async function load() {
    const params = { deviceId: state.deviceId, reason: state.reason, limit: PAGE, offset: state.offset };
    if (state.since) params.from = new Date(Date.now() - SINCE_MS[state.since]).toISOString();
    try {
      draw(await api.deadLetters(params));
      mount(error);
    } catch (e) {
      mount(error, h('div', { class: 'error-box' }, e.message));
    }
  }

  async function loadReasons() {
    try {
      const reasons = items(await api.deadLetterReasons());
      const chosen = reason.value; // read after the answer: the user may have chosen meanwhile
      mount(reason, optionsOf([['', 'All'], ...reasons.map(r => [r.reason, r.text])], chosen));
    } catch (e) {
      mount(error, h('div', { class: 'error-box' }, `Cannot list the reasons: ${e.message}`));
    }
  }

  loadReasons();
  load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}
