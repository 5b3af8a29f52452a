// Rules page: list threshold rules; create, edit and delete them (metric, operator, value, severity, device or all).
// The API validates (one source of truth): the form sends what the user typed and shows the API's answer.
import { api } from '../api.js';
import { h, mount, fmtNum, sevBadge, SEVERITIES } from '../util.js';
import { items } from '../model.js';
import { can } from '../session.js';

const OPERATORS = ['>', '>=', '<', '<=', '==', '!='];

export function renderRules(main) {
  let rules = [], devices = [], editing = null;
  const error = h('div', { role: 'alert', id: 'rules-error' });
  const status = h('p', { role: 'status', class: 'muted', id: 'rules-status' });
  const list = h('div', { id: 'rules-list' }, h('p', { class: 'muted' }, 'Loading…'));
  const formBox = h('div', { class: 'card', id: 'rule-form-box' }, h('p', { class: 'muted' }, 'Loading…'));
  mount(main,
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Rules'),
      h('div', { class: 'sub' }, 'Threshold rules turn a breached value into an alert, per device or for the whole fleet.'))),
    error, status, h('div', { class: 'two-col' }, h('div', { class: 'card' }, list), formBox));

  function fail(e) {
    mount(error, h('div', { class: 'error-box' }, e.message));
    mount(status);
  }

  function succeed(message) {
    mount(error);
    status.textContent = message;
  }

  /** Device choices: every known device, plus the rule's own device when it has not reported yet. */
  function deviceOptions(r) {
    const ids = devices.map(d => d.id);
    if (r.deviceId && !ids.includes(r.deviceId)) ids.unshift(r.deviceId);
    return [h('option', { value: '' }, 'All devices'), ...ids.map(id => h('option', { value: id, selected: id === r.deviceId }, id))];
  }

  function drawForm() {
    // Rules are an admin's: others see the list only (the API refuses their writes with 403 anyway).
    if (!can('admin')) { formBox.hidden = true; return; }
    const r = editing || { metric: '', operator: '>', value: '', severity: 'medium', deviceId: null, enabled: true };
    const f = {
      deviceId: h('select', { id: 'r-device' }, deviceOptions(r)),
      metric: h('input', { id: 'r-metric', required: true, value: r.metric, list: 'metric-names', placeholder: 'power_w', autocomplete: 'off' }),
      operator: h('select', { id: 'r-operator' }, OPERATORS.map(o => h('option', { value: o, selected: o === r.operator }, o))),
      value: h('input', { id: 'r-value', type: 'number', step: 'any', required: true, value: r.value }),
      severity: h('select', { id: 'r-severity' }, [...SEVERITIES].reverse().map(s => h('option', { value: s, selected: s === r.severity }, s))),
      enabled: h('input', { id: 'r-enabled', type: 'checkbox', checked: r.enabled !== false }),
    };
    const metricNames = new Set(devices.flatMap(d => Object.keys(d.lastMetrics || {})));
    // novalidate: the API's message (naming the field) is shown instead of the browser's own bubbles.
    const form = h('form', { id: 'rule-form', novalidate: true, 'aria-label': editing ? 'Edit rule' : 'New rule' },
      h('h2', {}, editing ? `Edit rule #${editing.id}` : 'New rule'),
      h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'r-device' }, 'Device', f.deviceId)),
      h('div', { class: 'form-row' },
        h('label', { class: 'field', for: 'r-metric' }, 'Metric', f.metric),
        h('datalist', { id: 'metric-names' }, [...metricNames].map(m => h('option', { value: m }))),
        h('label', { class: 'field', for: 'r-operator' }, 'Operator', f.operator),
        h('label', { class: 'field', for: 'r-value' }, 'Value', f.value)),
      h('div', { class: 'form-row' },
        h('label', { class: 'field', for: 'r-severity' }, 'Severity', f.severity),
        h('label', { class: 'field inline', for: 'r-enabled' }, f.enabled, 'Enabled')),
      h('div', { class: 'form-row' }, h('button', { type: 'submit', class: 'primary', id: 'rule-save' }, editing ? 'Save changes' : 'Create rule'),
        editing && h('button', { type: 'button', id: 'rule-cancel', onclick: () => { editing = null; drawForm(); } }, 'Cancel')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      for (const input of Object.values(f)) input.removeAttribute('aria-invalid');
      // A number input holding something that is not a number reads as ''; null lets the API name the field.
      const value = f.value.value.trim() === '' ? null : Number(f.value.value);
      const body = { metric: f.metric.value.trim(), operator: f.operator.value, value, severity: f.severity.value,
        enabled: f.enabled.checked };
      if (f.deviceId.value) body.deviceId = f.deviceId.value;
      try {
        const saved = editing ? await api.updateRule(editing.id, body) : await api.createRule(body);
        const what = `rule #${saved.id}: ${saved.metric} ${saved.operator} ${fmtNum(saved.value, 6)} on ${saved.deviceId || 'all devices'}`;
        succeed(editing ? `Saved ${what}.` : `Created ${what}.`);
        editing = null;
        await load();
        document.getElementById('r-device')?.focus();
      } catch (err) {
        fail(err);
        const field = f[err.body?.field];
        if (field) { field.setAttribute('aria-invalid', 'true'); field.focus(); }
      }
    });
    mount(formBox, form);
  }

  function drawList() {
    if (!rules.length) { mount(list, h('h2', {}, 'Rules'), h('p', { class: 'empty' }, 'No rules yet. Create one on the right.')); return; }
    mount(list, h('h2', {}, 'Rules'), h('div', { class: 'table-wrap' }, h('table', { id: 'rules-table', class: 'stack' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Device'), h('th', {}, 'Condition'), h('th', {}, 'Severity'),
        h('th', { class: 'hide-sm' }, 'Enabled'), h('th', {}, h('span', { class: 'sr-only' }, 'Actions')))),
      h('tbody', {}, rules.map(r => h('tr', { dataset: { ruleId: r.id } },
        h('td', { 'data-label': 'Device' }, r.deviceId || h('span', { class: 'muted' }, 'all devices')),
        h('td', { class: 'mono', 'data-label': 'Condition' }, `${r.metric} ${r.operator} ${fmtNum(r.value, 6)}`),
        h('td', { 'data-label': 'Severity' }, sevBadge(r.severity)),
        h('td', { class: 'hide-sm' }, r.enabled === false ? 'no' : 'yes'),
        h('td', { class: 'actions' }, can('admin') && [
          h('button', { type: 'button', class: 'small', 'aria-label': `Edit rule ${r.id}`, dataset: { action: 'edit' },
            onclick: () => { editing = r; drawForm(); document.getElementById('r-metric').focus(); } }, 'Edit'), ' ',
          h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete rule ${r.id}`, dataset: { action: 'delete' },
            onclick: () => remove(r) }, 'Delete')])))))));
  }

  async function remove(r) {
    const what = `rule #${r.id}: ${r.metric} ${r.operator} ${fmtNum(r.value, 6)} on ${r.deviceId || 'all devices'}`;
    if (!confirm(`Delete ${what}?`)) return;
    try {
      await api.deleteRule(r.id);
      succeed(`Deleted ${what}.`);
      if (editing?.id === r.id) editing = null;
      await load();
    } catch (e) { fail(e); }
  }

  async function load() {
    try { rules = items(await api.rules()); } catch (e) { fail(e); }
    drawList();
    drawForm();
  }

  // The form waits for the device list: drawing it earlier and again later would wipe what the user typed.
  api.devices().then(r => { devices = items(r); }).catch(() => {}).then(load);
}
