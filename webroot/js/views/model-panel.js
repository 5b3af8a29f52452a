// The device page's model card: active model version, provenance, training window, drift status.
import { api } from '../api.js';
import { h, mount, fmtNum, fmtTime } from '../util.js';
import { items } from '../model.js';

export async function modelPanel(box, deviceId) {
  let models = [], drift = [];
  let problem = null;
  try { models = items(await api.models(deviceId)); } catch (e) { problem = e.message; }
  // This device's own reports: the fleet's newest hundred may hold none of them.
  try { drift = items(await api.drift(deviceId)); } catch { /* optional */ }
  const active = models[0]; // newest first: the one scoring now
  drift = latestPerMetric(drift);
  const kids = [h('h2', {}, 'Model')];
  if (!active) kids.push(h('p', { class: 'muted' }, problem ? `Model information unavailable: ${problem}` : 'Still warming up: no model trained yet.'));
  else {
    kids.push(h('dl', { class: 'kv' },
      h('dt', {}, 'Version'), h('dd', {}, `v${active.version} (newest)`),
      h('dt', {}, 'Algorithm'), h('dd', {}, active.algorithm || '–'),
      h('dt', {}, 'Trained'), h('dd', {}, fmtTime(active.trainedAt || active.createdAt)),
      h('dt', {}, 'Window'), h('dd', {}, active.trainFrom ? `${fmtTime(active.trainFrom)} → ${fmtTime(active.trainTo)}` : '–'),
      h('dt', {}, 'Rows'), h('dd', {}, fmtNum(active.rows ?? active.trainingRows ?? null, 0)),
      h('dt', {}, 'Metrics'), h('dd', {}, (active.metrics || active.features || []).join?.(', ') || '–'),
      h('dt', {}, 'Versions'), h('dd', {}, String(models.length))));
    if (active.provenance) {
      kids.push(h('details', {}, h('summary', {}, 'Tribuo provenance'),
        h('pre', { class: 'mono provenance' },
          typeof active.provenance === 'string' ? active.provenance : JSON.stringify(active.provenance, null, 2))));
    }
  }
  kids.push(h('h3', { class: 'drift-h' }, 'Drift'));
  if (!drift.length) kids.push(h('p', { class: 'muted' }, 'No drift reports: inputs match the training window.'));
  else kids.push(h('div', { class: 'table-wrap' }, h('table', {}, h('tbody', {}, drift.slice(0, 8).map(d => h('tr', {},
    h('td', {}, d.metric), h('td', { class: 'num' }, `PSI ${fmtNum(d.psi)}`),
    h('td', { class: 'num' }, d.ks != null ? `KS ${fmtNum(d.ks)}` : ''),
    h('td', {}, h('span', { class: `badge ${levelClass(d)}` }, d.level || (d.psi >= 0.1 ? 'drift' : 'stable')))))))));
  mount(box, ...kids);
}

function levelClass(d) {
  const psi = d.psi ?? 0;
  return psi >= 0.5 ? 'sev-high' : psi >= 0.25 ? 'sev-medium' : psi >= 0.1 ? 'sev-low' : 'state-cleared';
}

/** Drift reports come newest first; keep the latest per metric. */
function latestPerMetric(reports) {
  const seen = new Set();
  return reports.filter(d => { const k = `${d.detectorKey}/${d.metric}`; if (seen.has(k)) return false; seen.add(k); return true; });
}
