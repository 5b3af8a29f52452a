// Notifications page: channels (email, webhook, Slack, ntfy) with their routing, rate limit and quiet hours;
// a "Send test" per channel; and the delivery log. The API validates (one source of truth): the form sends
// what the user typed and shows the API's answer, naming the field.
import { api } from '../api.js';
import { h, mount, patch, fmtTime, sevBadge, SEVERITIES } from '../util.js';
import { items } from '../model.js';

const TYPES = { email: 'Email', webhook: 'Webhook (JSON)', slack: 'Slack-compatible', ntfy: 'ntfy' };
const KINDS = ['threshold', 'anomaly', 'offline', 'drift'];

const list = text => text.split(',').map(s => s.trim()).filter(Boolean);

function target(c) {
  return c.type === 'email' ? (c.settings.to || []).join(', ') : c.settings.url;
}

function routingText(c) {
  const r = c.routing || {};
  const parts = [`${r.minSeverity || 'low'}+`];
  if (r.devices?.length) parts.push(`devices ${r.devices.join(', ')}`);
  if (r.rules?.length) parts.push(`rules ${r.rules.map(id => `#${id}`).join(', ')}`);
  if (r.kinds?.length) parts.push(r.kinds.join(', '));
  if (c.rateLimit) parts.push(`≤ ${c.rateLimit.max} per ${c.rateLimit.perSeconds} s`);
  if (c.quietHours) parts.push(`quiet ${c.quietHours.from}–${c.quietHours.to} ${c.quietHours.zone}`);
  return parts.join(' · ');
}

export function renderNotifications(main) {
  let channels = [], editing = null, stateFilter = '';
  const error = h('div', { role: 'alert', id: 'notify-error' });
  const status = h('p', { role: 'status', class: 'muted', id: 'notify-status' });
  const channelBox = h('div', { class: 'card', id: 'channels' }, h('p', { class: 'muted' }, 'Loading…'));
  const formBox = h('div', { class: 'card', id: 'channel-form-box' });
  const logBox = h('div', { class: 'card', id: 'deliveries' }, h('p', { class: 'muted' }, 'Loading…'));
  mount(main,
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Notifications'),
      h('div', { class: 'sub' }, 'Alerts reach people by email, webhook, Slack or ntfy: once when they open, on escalation and when they clear.'))),
    error, status, h('div', { class: 'two-col' }, h('div', { class: 'notify-col' }, channelBox, logBox), formBox));

  function fail(e) {
    mount(error, h('div', { class: 'error-box' }, e.message));
    mount(status);
  }

  function succeed(message) {
    mount(error);
    status.textContent = message;
  }

  function drawChannels() {
    if (!channels.length) {
      mount(channelBox, h('h2', {}, 'Channels'), h('p', { class: 'empty' }, 'No channels yet. Add one on the right.'));
      return;
    }
    mount(channelBox, h('h2', {}, 'Channels'), h('div', { class: 'table-wrap' }, h('table', { id: 'channels-table', class: 'stack' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Type'), h('th', { class: 'hide-sm' }, 'To'),
        h('th', {}, 'Routing'), h('th', { class: 'hide-sm' }, 'Enabled'), h('th', {}, h('span', { class: 'sr-only' }, 'Actions')))),
      h('tbody', {}, channels.map(c => h('tr', { dataset: { channelId: c.id } },
        h('td', { 'data-label': 'Name' }, c.name),
        h('td', { 'data-label': 'Type' }, TYPES[c.type] || c.type),
        h('td', { class: 'hide-sm mono delivery-error' }, target(c)),
        h('td', { 'data-label': 'Routing', class: 'small' }, routingText(c)),
        h('td', { class: 'hide-sm' }, c.enabled ? 'yes' : 'no'),
        h('td', { class: 'actions' },
          h('button', { type: 'button', class: 'small', dataset: { action: 'test' }, 'aria-label': `Send a test on ${c.name}`,
            onclick: () => sendTest(c) }, 'Send test'), ' ',
          h('button', { type: 'button', class: 'small', dataset: { action: 'edit' }, 'aria-label': `Edit ${c.name}`,
            onclick: () => { editing = c; drawForm(); document.getElementById('c-name').focus(); } }, 'Edit'), ' ',
          h('button', { type: 'button', class: 'small danger', dataset: { action: 'delete' }, 'aria-label': `Delete ${c.name}`,
            onclick: () => remove(c) }, 'Delete'))))))));
  }

  async function drawLog() {
    const filter = h('select', { id: 'd-state', 'aria-label': 'Delivery state' },
      ['', 'pending', 'sent', 'failed'].map(s => h('option', { value: s, selected: s === stateFilter }, s || 'all states')));
    filter.addEventListener('change', () => { stateFilter = filter.value; drawLog(); });
    const refresh = h('button', { type: 'button', class: 'small', id: 'd-refresh', onclick: () => drawLog() }, 'Refresh');
    let rows = [];
    try { rows = items(await api.deliveries({ state: stateFilter || undefined, limit: 100 })); } catch (e) { fail(e); }
    const table = !rows.length ? h('p', { class: 'empty' }, 'No deliveries yet.')
      : h('div', { class: 'table-wrap' }, h('table', { id: 'deliveries-table', class: 'stack' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Created'), h('th', {}, 'Channel'), h('th', {}, 'Alert'), h('th', {}, 'State'),
          h('th', { class: 'hide-sm' }, 'Attempts'), h('th', {}, 'Detail'))),
        h('tbody', {}, rows.map(d => h('tr', { dataset: { deliveryId: d.id } },
          h('td', { 'data-label': 'Created' }, fmtTime(d.createdAt)),
          h('td', { 'data-label': 'Channel' }, d.channel),
          h('td', { 'data-label': 'Alert' }, sevBadge(d.severity), ' ', `${d.event} · ${d.deviceId || ''} #${d.alertId}`),
          h('td', { 'data-label': 'State', dataset: { state: d.state } }, d.state),
          h('td', { class: 'hide-sm' }, String(d.attempts)),
          h('td', { 'data-label': 'Detail', class: 'small delivery-error' }, detail(d)))))));
    // Patched: the state filter just chosen keeps the focus.
    patch(logBox, h('h2', {}, 'Delivery log'), h('div', { class: 'filters' }, filter, refresh), table);
  }

  function detail(d) {
    if (d.state === 'sent') return `sent ${fmtTime(d.sentAt)}`;
    const parts = [];
    if (d.held) parts.push(`held (${d.held})`);
    if (d.lastError) parts.push(d.lastError);
    if (d.state === 'pending' && d.nextAttemptAt) parts.push(`next ${fmtTime(d.nextAttemptAt)}`);
    return parts.join(' · ');
  }

  function drawForm() {
    const c = editing || { name: '', type: 'email', enabled: true, settings: {}, routing: {}, rateLimit: null, quietHours: null };
    const r = c.routing || {};
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    const f = {
      name: h('input', { id: 'c-name', value: c.name, placeholder: 'ops email', autocomplete: 'off' }),
      type: h('select', { id: 'c-type' }, Object.entries(TYPES).map(([v, label]) => h('option', { value: v, selected: v === c.type }, label))),
      to: h('input', { id: 'c-to', value: (c.settings.to || []).join(', '), placeholder: 'ops@example.com, on-call@example.com' }),
      from: h('input', { id: 'c-from', value: c.settings.from || '', placeholder: 'default: smtp.from' }),
      url: h('input', { id: 'c-url', type: 'url', value: c.settings.url || '', placeholder: 'https://…' }),
      token: h('input', { id: 'c-token', value: c.settings.token || '', autocomplete: 'off', placeholder: 'optional' }),
      secret: h('input', { id: 'c-secret', value: c.settings.secret || '', autocomplete: 'off', placeholder: 'optional: signs each request' }),
      enabled: h('input', { id: 'c-enabled', type: 'checkbox', checked: c.enabled !== false }),
      minSeverity: h('select', { id: 'c-min' }, [...SEVERITIES].reverse().map(s => h('option', { value: s, selected: s === (r.minSeverity || 'low') }, `${s} and above`))),
      devices: h('input', { id: 'c-devices', value: (r.devices || []).join(', '), placeholder: 'all devices, or pump-*, boiler.?' }),
      rules: h('input', { id: 'c-rules', value: (r.rules || []).join(', '), placeholder: 'any rule, or 3, 7' }),
      kinds: h('input', { id: 'c-kinds', value: (r.kinds || []).join(', '), placeholder: `every kind, or ${KINDS.join(', ')}` }),
      rateMax: h('input', { id: 'c-rate-max', type: 'number', min: 1, value: c.rateLimit?.max ?? '', placeholder: 'no limit' }),
      ratePer: h('input', { id: 'c-rate-per', type: 'number', min: 1, value: c.rateLimit?.perSeconds ?? 3600 }),
      quietFrom: h('input', { id: 'c-quiet-from', type: 'time', value: c.quietHours?.from || '' }),
      quietTo: h('input', { id: 'c-quiet-to', type: 'time', value: c.quietHours?.to || '' }),
      quietZone: h('input', { id: 'c-quiet-zone', value: c.quietHours?.zone || zone }),
      quietExcept: h('select', { id: 'c-quiet-except' }, h('option', { value: '' }, 'nothing'),
        SEVERITIES.map(s => h('option', { value: s, selected: s === c.quietHours?.except }, `${s} and above`))),
    };
    const emailOnly = h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'c-to' }, 'To (comma-separated)', f.to),
      h('label', { class: 'field', for: 'c-from' }, 'From', f.from));
    const urlOnly = h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'c-url' }, 'URL', f.url));
    const tokenOnly = h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'c-token' }, 'Access token', f.token));
    const secretOnly = h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'c-secret' }, 'Signing secret', f.secret));
    const showType = () => {
      emailOnly.hidden = f.type.value !== 'email';
      urlOnly.hidden = f.type.value === 'email';
      tokenOnly.hidden = f.type.value !== 'ntfy';
      secretOnly.hidden = f.type.value !== 'webhook';
    };
    f.type.addEventListener('change', showType);
    showType();
    // novalidate: the API's message (naming the field) is shown instead of the browser's own bubbles.
    const form = h('form', { id: 'channel-form', novalidate: true, 'aria-label': editing ? 'Edit channel' : 'New channel' },
      h('h2', {}, editing ? `Edit ${editing.name}` : 'New channel'),
      h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'c-name' }, 'Name', f.name),
        h('label', { class: 'field', for: 'c-type' }, 'Type', f.type)),
      emailOnly, urlOnly, tokenOnly, secretOnly,
      h('fieldset', { class: 'group' }, h('legend', {}, 'Which alerts'),
        h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'c-min' }, 'Severity', f.minSeverity),
          h('label', { class: 'field', for: 'c-devices' }, 'Devices', f.devices)),
        h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'c-rules' }, 'Rule ids', f.rules),
          h('label', { class: 'field', for: 'c-kinds' }, 'Kinds', f.kinds))),
      h('fieldset', { class: 'group' }, h('legend', {}, 'Rate limit'),
        h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'c-rate-max' }, 'At most', f.rateMax),
          h('label', { class: 'field', for: 'c-rate-per' }, 'per seconds', f.ratePer))),
      h('fieldset', { class: 'group' }, h('legend', {}, 'Quiet hours (deliveries wait until they end)'),
        h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'c-quiet-from' }, 'From', f.quietFrom),
          h('label', { class: 'field', for: 'c-quiet-to' }, 'To', f.quietTo),
          h('label', { class: 'field', for: 'c-quiet-zone' }, 'Time zone', f.quietZone),
          h('label', { class: 'field', for: 'c-quiet-except' }, 'Except', f.quietExcept))),
      h('div', { class: 'form-row' }, h('label', { class: 'field inline', for: 'c-enabled' }, f.enabled, 'Enabled')),
      h('div', { class: 'form-row' }, h('button', { type: 'submit', class: 'primary', id: 'channel-save' }, editing ? 'Save changes' : 'Add channel'),
        editing && h('button', { type: 'button', id: 'channel-cancel', onclick: () => { editing = null; drawForm(); } }, 'Cancel')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      for (const input of Object.values(f)) input.removeAttribute('aria-invalid');
      const body = bodyOf(f);
      try {
        const saved = editing ? await api.updateChannel(editing.id, body) : await api.createChannel(body);
        succeed(editing ? `Saved channel ${saved.name}.` : `Added channel ${saved.name}.`);
        editing = null;
        await load();
      } catch (err) {
        fail(err);
        const field = fieldFor(f, err.body?.field);
        if (field) { field.setAttribute('aria-invalid', 'true'); field.focus(); }
      }
    });
    mount(formBox, form);
  }

  function bodyOf(f) {
    const type = f.type.value;
    const settings = type === 'email' ? { to: list(f.to.value), from: f.from.value.trim() || undefined }
      : type === 'ntfy' ? { url: f.url.value.trim(), token: f.token.value.trim() || undefined }
      : type === 'webhook' ? { url: f.url.value.trim(), secret: f.secret.value.trim() || undefined } : { url: f.url.value.trim() };
    const rules = list(f.rules.value).map(Number);
    const body = { name: f.name.value.trim(), type, enabled: f.enabled.checked, settings,
      routing: { minSeverity: f.minSeverity.value, devices: list(f.devices.value), rules, kinds: list(f.kinds.value) } };
    if (f.rateMax.value.trim()) body.rateLimit = { max: Number(f.rateMax.value), perSeconds: Number(f.ratePer.value) };
    if (f.quietFrom.value || f.quietTo.value) {
      body.quietHours = { from: f.quietFrom.value, to: f.quietTo.value, zone: f.quietZone.value.trim(), except: f.quietExcept.value || undefined };
    }
    return body;
  }

  /** The input behind an API field name such as "settings.url" or "quietHours.zone". */
  function fieldFor(f, name) {
    const map = { name: f.name, type: f.type, 'settings.to': f.to, 'settings.from': f.from, 'settings.url': f.url,
      'settings.token': f.token, 'settings.secret': f.secret, 'routing.minSeverity': f.minSeverity, 'routing.devices': f.devices, 'routing.rules': f.rules,
      'routing.kinds': f.kinds, 'rateLimit.max': f.rateMax, 'rateLimit.perSeconds': f.ratePer, 'quietHours.from': f.quietFrom,
      'quietHours.to': f.quietTo, 'quietHours.zone': f.quietZone, 'quietHours.except': f.quietExcept };
    return map[name];
  }

  async function sendTest(c) {
    status.textContent = `Sending a test on ${c.name}…`;
    try {
      await api.testChannel(c.id);
      succeed(`Test sent on ${c.name}: check that it arrived.`);
    } catch (e) {
      fail(new Error(`Test on ${c.name} failed: ${e.body?.error || e.message}`));
    }
  }

  async function remove(c) {
    if (!confirm(`Delete channel ${c.name} and its delivery log?`)) return;
    try {
      await api.deleteChannel(c.id);
      succeed(`Deleted channel ${c.name}.`);
      if (editing?.id === c.id) editing = null;
      await load();
    } catch (e) { fail(e); }
  }

  async function load() {
    try { channels = items(await api.channels()); } catch (e) { fail(e); }
    drawChannels();
    drawForm();
    await drawLog();
  }

  load();
}
