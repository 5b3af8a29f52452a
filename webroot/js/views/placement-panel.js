// The device page's "Site and tags" card: the device's site, free tags (floor:2, kind:hvac) and whether it consumes or
// produces energy (a solar inverter), saved with PUT /api/devices/{id}/placement (operator). The API validates; its
// reason is shown as is. A viewer sees the placement without the form.
import { api } from '../api.js';
import { h, mount } from '../util.js';
import { can } from '../session.js';

/** Splits "floor:2, kind:hvac" into ['floor:2', 'kind:hvac']. */
export function parseTags(text) {
  return text.split(/[,\s]+/).map(t => t.trim()).filter(Boolean);
}

/** Fills box with the placement of device ({id, site, tags, energyRole}). */
export function placementPanel(box, device, sites = []) {
  const summary = () => h('p', { class: 'muted', id: 'placement-summary' },
    `${device.site ? `Site ${device.site}` : 'No site'} · ${device.tags?.length ? `tags ${device.tags.join(', ')}` : 'no tags'} · ${device.energyRole === 'producer' ? 'produces energy' : 'consumes energy'}`);
  if (!can('operator')) { mount(box, h('h2', {}, 'Site and tags'), summary()); return; }
  const site = h('input', { id: 'placement-site', value: device.site || '', maxlength: 64, list: 'placement-sites',
    placeholder: 'e.g. hq', autocomplete: 'off' });
  const tags = h('input', { id: 'placement-tags', value: (device.tags || []).join(', '), placeholder: 'floor:2, kind:hvac' });
  const role = h('select', { id: 'placement-role' }, h('option', { value: 'consumer' }, 'Consumes energy'),
    h('option', { value: 'producer' }, 'Produces energy (solar)'));
  role.value = device.energyRole || 'consumer';
  const status = h('p', { role: 'status', class: 'muted', id: 'placement-status' });
  const form = h('form', { class: 'placement-form', id: 'placement-form' },
    h('div', { class: 'form-row' },
      h('label', { class: 'field', for: 'placement-site' }, 'Site', site),
      h('label', { class: 'field', for: 'placement-tags' }, 'Tags', tags),
      h('label', { class: 'field', for: 'placement-role' }, 'Energy', role),
      h('button', { type: 'submit', class: 'primary', id: 'placement-save' }, 'Save')),
    h('datalist', { id: 'placement-sites' }, sites.map(s => h('option', { value: s }))), status);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    status.textContent = 'Saving…';
    try {
      const saved = await api.placeDevice(device.id, { site: site.value.trim() || null, tags: parseTags(tags.value), energyRole: role.value });
      Object.assign(device, { site: saved.site, tags: saved.tags, energyRole: saved.energyRole });
      status.textContent = 'Saved.';
      mount(summaryBox, summary());
    } catch (err) {
      status.textContent = `Not saved: ${err.body?.field ? `${err.body.field} ${err.body.reason}` : err.message}`;
    }
  });
  const summaryBox = h('div', {}, summary());
  mount(box, h('h2', {}, 'Site and tags'), summaryBox, form);
}
