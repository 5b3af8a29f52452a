// Rules page: list threshold rules; create, edit and delete them (metric, operator, value, severity, device or all).
import { api } from '../api.js';
import { h, mount, fmtNum, sevBadge, SEVERITIES } from '../util.js';
import { items } from '../model.js';

const OPERATORS = ['>', '>=', '<', '<=', '==', '!='];

export function renderRules(main) {
  let rules = [], devices = [], editing = null;
  const error = h('div', { role: 'alert', id: 'rules-error' });
  const list = h('div', { id: 'rules-list' }, h('p', { class: 'muted' }, 'Loading…'));
  const formBox = h('div', { class: 'card', id: 'rule-form-box' });
  mount(main,
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Rules'),
      h('div', { class: 'sub' }, 'Threshold rules turn a breached value into an alert, per device or for the whole fleet.'))),
    error, h('div', { class: 'two-col' }, h('div', { class: 'card' }, list), formBox));

  function fail(e) { mount(error, h('div', { class: 'error-box' }, e.message)); }

  function drawForm() {
    const r = editing || { metric: '', operator: '>', value: '', severity: 'medium', deviceId: null, enabled: true };
    const f = {
      device: h('select', { id: 'r-device' }, h('option', { value: '' }, 'All devices'),
        devices.map(d => h('option', { value: d.id, selected: d.id === r.deviceId }, d.id))),
      metric: h('input', { id: 'r-metric', required: true, value: r.metric, list: 'metric-names', placeholder: 'power_w', pattern: '[A-Za-z0-9_.\\-]{1,64}' }),
      operator: h('select', { id: 'r-operator' }, OPERATORS.map(o => h('option', { value: o, selected: o === r.operator }, o))),
      value: h('input', { id: 'r-value', type: 'number', step: 'any', required: true, value: r.value }),
      severity: h('select', { id: 'r-severity' }, [...SEVERITIES].reverse().map(s => h('option', { value: s, selected: s === r.severity }, s))),
      enabled: h('input', { id: 'r-enabled', type: 'checkbox', checked: r.enabled !== false }),
    };
    const metricNames = new Set(devices.flatMap(d => Object.keys(d.lastMetrics || {})));
    const form = h('form', { id: 'rule-form', 'aria-label': editing ? 'Edit rule' : 'New rule' },
      h('h2', {}, editing ? `Edit rule #${editing.id}` : 'New rule'),
      h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'r-device' }, 'Device', f.device)),
      h('div', { class: 'form-row' },
        h('label', { class: 'field', for: 'r-metric' }, 'Metric', f.metric),
        h('datalist', { id: 'metric-names' }, [...metricNames].map(m => h('option', { value: m }))),
        h('label', { class: 'field', for: 'r-operator' }, 'Operator', f.operator),
        h('label', { class: 'field', for: 'r-value' }, 'Value', f.value)),
      h('div', { class: 'form-row' },
        h('label', { class: 'field', for: 'r-severity' }, 'Severity', f.severity),
        h('label', { class: 'field', for: 'r-enabled', style: 'flex-direction:row;align-items:center;gap:6px' }, f.enabled, 'Enabled')),
      h('div', { class: 'form-row' }, h('button', { type: 'submit', class: 'primary', id: 'rule-save' }, editing ? 'Save changes' : 'Create rule'),
        editing && h('button', { type: 'button', onclick: () => { editing = null; drawForm(); } }, 'Cancel')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const body = { metric: f.metric.value.trim(), operator: f.operator.value, value: parseFloat(f.value.value),
        severity: f.severity.value, enabled: f.enabled.checked };
      if (f.device.value) body.deviceId = f.device.value;
      try {
        if (editing) await api.updateRule(editing.id, body); else await api.createRule(body);
        editing = null;
        mount(error);
        await load();
      } catch (err) { fail(err); }
    });
    mount(formBox, form);
  }

  function drawList() {
    if (!rules.length) { mount(list, h('h2', {}, 'Rules'), h('p', { class: 'empty' }, 'No rules yet. Create one on the right.')); return; }
    mount(list, h('h2', {}, 'Rules'), h('div', { class: 'table-wrap' }, h('table', { id: 'rules-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Device'), h('th', {}, 'Condition'), h('th', {}, 'Severity'),
        h('th', { class: 'hide-sm' }, 'Enabled'), h('th', {}, h('span', { class: 'sr-only' }, 'Actions')))),
      h('tbody', {}, rules.map(r => h('tr', { dataset: { ruleId: r.id } },
        h('td', {}, r.deviceId || h('span', { class: 'muted' }, 'all devices')),
        h('td', { class: 'mono' }, `${r.metric} ${r.operator} ${fmtNum(r.value, 6)}`),
        h('td', {}, sevBadge(r.severity)),
        h('td', { class: 'hide-sm' }, r.enabled === false ? 'no' : 'yes'),
        h('td', { class: 'actions' },
          h('button', { type: 'button', class: 'small', 'aria-label': `Edit rule ${r.id}`, onclick: () => { editing = r; drawForm(); document.getElementById('r-metric').focus(); } }, 'Edit'), ' ',
          h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete rule ${r.id}`, onclick: () => remove(r) }, 'Delete'))))))));
  }

  async function remove(r) {
    if (!confirm(`Delete rule ${r.metric} ${r.operator} ${r.value}${r.deviceId ? ` on ${r.deviceId}` : ''}?`)) return;
    try { await api.deleteRule(r.id); if (editing?.id === r.id) editing = null; await load(); } catch (e) { fail(e); }
  }

  async function load() {
    try { rules = items(await api.rules()); } catch (e) { fail(e); }
    drawList();
    drawForm();
  }

  api.devices().then(r => { devices = items(r); drawForm(); }).catch(() => {});
  load();
}
