// The overview's energy section (docs/energy.md): kWh, cost, peak demand, base load and production of the fleet, or
// of the site and tag chosen in the overview's filter, per hour, day or month (GET /api/energy, from the rollups),
// with the figures per device and per tag. Cost uses each site's tariff, else the settings' tariff, in the
// settings' currency. Gaps in a device's readings are counted as nothing and shown, never bridged. With a site chosen,
// its report for the range shown downloads as a PDF or an Excel workbook (GET /api/sites/{site}/report).
import { api } from '../api.js';
import { h, mount, fmtNum, fmtTime } from '../util.js';
import { barChart } from '../chart.js';
import { prefs, onPrefs } from '../prefs.js';

export const PERIODS = {
  day: { label: '24 h', ms: 86400e3, bucket: 'hour' },
  week: { label: '7 days', ms: 7 * 86400e3, bucket: 'day' },
  month: { label: '30 days', ms: 30 * 86400e3, bucket: 'day' },
  year: { label: '12 months', ms: 365 * 86400e3, bucket: 'month' },
};
const REFRESH_MS = 60e3;
const DAY_MS = 86400e3;
/** What the report API accepts before costs (a sign or letters); any other setting is left out of the link. */
const CURRENCY = /^[\p{L}\p{Sc}. ]{1,8}$/u;

/** Local midnight of a date input's value (yyyy-mm-dd), epoch ms. */
const localDay = value => { const [y, m, d] = value.split('-').map(Number); return new Date(y, m - 1, d).getTime(); };
const dateValue = ms => { const d = new Date(ms); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; };

function kpi(label, value, unit, foot, id) {
  return h('div', { class: 'card kpi', id },
    h('span', { class: 'label' }, label),
    h('span', { class: 'value' }, value, unit ? h('small', {}, unit) : null),
    foot ? h('span', { class: 'foot' }, foot) : null);
}

const kwh = v => (v == null ? '–' : fmtNum(v));
const money = v => (v == null ? '–' : `${prefs.currency}${fmtNum(v, 2)}`);
const share = v => (v == null ? '–' : `${fmtNum(v * 100, 3)}%`);

function figures(t) {
  const gaps = t.coverage != null && t.coverage < 0.999 ? `readings cover ${share(t.coverage)} of the range` : 'no gap in the readings';
  return h('div', { class: 'kpis energy-kpis' },
    kpi('Consumption', kwh(t.consumptionKwh), 'kWh', gaps, 'energy-consumption'),
    kpi('Cost', money(t.cost), null, 'site tariffs, else the settings’ tariff', 'energy-cost'),
    kpi('Peak demand', kwh(t.peak?.kw), 'kW', t.peak ? `15 min from ${fmtTime(t.peak.at)}` : 'no full 15 minutes', 'energy-peak'),
    kpi('Base load', kwh(t.baseLoadKw), 'kW', 'mean power 00:00–05:00', 'energy-base'),
    kpi('Production', kwh(t.productionKwh), 'kWh', `self-consumed ${share(t.selfConsumptionShare)}`, 'energy-production'));
}

function deviceTable(devices) {
  if (!devices.length) return h('p', { class: 'empty' }, 'No device in this selection.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'stack', id: 'energy-devices' },
    h('thead', {}, h('tr', {}, ['Device', 'Site', 'Tags', 'kWh', 'Cost', 'From', 'Gaps'].map(c => h('th', {}, c)))),
    h('tbody', {}, devices.map(d => h('tr', { dataset: { deviceId: d.id } },
      h('td', { 'data-label': 'Device' }, h('a', { href: `#/devices/${encodeURIComponent(d.id)}` }, d.id)),
      h('td', { 'data-label': 'Site' }, d.site || '–'),
      h('td', { 'data-label': 'Tags' }, d.tags.join(', ') || '–'),
      h('td', { class: 'num', 'data-label': d.energyRole === 'producer' ? 'Produced kWh' : 'kWh' },
        kwh(d.energyRole === 'producer' ? d.productionKwh : d.consumptionKwh), d.energyRole === 'producer' ? ' produced' : ''),
      h('td', { class: 'num', 'data-label': 'Cost' }, money(d.cost)),
      h('td', { 'data-label': 'From' }, d.source === 'counter' ? `energy counter${d.counterResets ? `, ${d.counterResets} reset(s)` : ''}`
        : d.source === 'power' ? 'power integrated' : 'no power or energy reported'),
      h('td', { 'data-label': 'Gaps', title: d.gaps.map(g => `${fmtTime(g.from)} – ${fmtTime(g.to)}`).join('\n') },
        d.gapCount ? `${d.gapCount} (${fmtNum(d.gapSeconds / 60, 3)} min)` : 'none'))))));
}

/** The next hours the selection's forecasts cover, summed (docs/energy.md): a figure, with its interval. */
function forecastFigure(f) {
  if (!f?.hours?.length) return null;
  const sum = key => f.hours.reduce((a, x) => a + x[key], 0);
  const span = `${f.hours.length} h from ${fmtTime(Date.parse(f.hours[0].t))}`;
  return h('p', { class: 'energy-forecast', id: 'energy-forecast' }, h('strong', {}, 'Forecast: '),
    `${fmtNum(sum('kwh'))} kWh over the next ${span} (90% interval ${fmtNum(sum('lowKwh'))}–${fmtNum(sum('highKwh'))} kWh;`
    + ` ${f.devices} device${f.devices === 1 ? '' : 's'} with a forecast).`);
}

/** Days whose measured consumption left the forecast's interval (docs/energy.md, "Unusual consumption"). */
function unusualList(days) {
  if (!days?.length) return null;
  return h('div', { class: 'unusual', id: 'energy-unusual' }, h('h3', {}, 'Unusual consumption'),
    h('ul', {}, days.map(d => h('li', { dataset: { deviceId: d.deviceId, day: d.day } },
      h('a', { href: `#/devices/${encodeURIComponent(d.deviceId)}` }, d.deviceId), ` on ${d.day}: ${fmtNum(d.actualKwh)} kWh, `,
      h('strong', {}, d.direction === 'above' ? 'above' : 'below'),
      ` the forecast's ${fmtNum(d.lowKwh)}–${fmtNum(d.highKwh)} kWh (expected ${fmtNum(d.forecastKwh)})`))));
}

function tagTable(tags) {
  if (!tags.length) return null;
  return h('div', { class: 'table-wrap' }, h('table', { class: 'stack', id: 'energy-tags' },
    h('thead', {}, h('tr', {}, ['Tag', 'Devices', 'kWh', 'Cost', 'Peak kW'].map(c => h('th', {}, c)))),
    h('tbody', {}, tags.map(t => h('tr', { dataset: { tag: t.tag } },
      h('td', { 'data-label': 'Tag' }, t.tag), h('td', { class: 'num', 'data-label': 'Devices' }, String(t.devices)),
      h('td', { class: 'num', 'data-label': 'kWh' }, kwh(t.consumptionKwh)), h('td', { class: 'num', 'data-label': 'Cost' }, money(t.cost)),
      h('td', { class: 'num', 'data-label': 'Peak kW' }, kwh(t.peak?.kw)))))));
}

/**
 * A custom range of whole days: two date inputs and a button; calls onShow({from, to}) with local midnights
 * (the last day included), or says why not.
 */
function customRange(onShow) {
  const today = localDay(dateValue(Date.now()));
  const fromInput = h('input', { type: 'date', id: 'energy-from', 'aria-label': 'From', value: dateValue(today - 6 * DAY_MS) });
  const toInput = h('input', { type: 'date', id: 'energy-to', 'aria-label': 'To (included)', value: dateValue(today) });
  const why = h('span', { class: 'muted', id: 'energy-range-status', role: 'status' });
  const show = h('button', { type: 'button', id: 'energy-range-show' }, 'Show');
  show.addEventListener('click', () => {
    if (!fromInput.value || !toInput.value) { why.textContent = 'Choose both days.'; return; }
    const from = localDay(fromInput.value), to = localDay(toInput.value) + DAY_MS;
    if (to <= from) { why.textContent = 'The last day is before the first.'; return; }
    if (to - from > 400 * DAY_MS) { why.textContent = 'At most 400 days.'; return; }
    why.textContent = '';
    onShow({ from, to, label: `${fromInput.value} to ${toInput.value}` });
  });
  return h('div', { class: 'energy-range', id: 'energy-range', hidden: true },
    h('label', { class: 'field inline' }, 'From', fromInput), h('label', { class: 'field inline' }, 'to', toInput), show, why);
}

/** {el, setFilter({site, tag}), destroy()}: the energy section, first for initial ({site, tag}). */
export function energyPanel(initial = {}) {
  let period = 'day';
  let custom = null;
  let filter = { site: initial.site || null, tag: initial.tag || null };
  let chart = null;
  let seq = 0;
  let last = null;
  const scope = h('span', { class: 'muted', id: 'energy-scope' }, 'whole fleet');
  const choose = key => {
    period = key;
    seg.querySelectorAll('button').forEach(x => x.setAttribute('aria-pressed', String(x.dataset.energyPeriod === key)));
  };
  const range = customRange(chosen => { custom = chosen; choose('custom'); load(); });
  const seg = h('div', { class: 'seg', role: 'group', 'aria-label': 'Energy period' },
    [...Object.entries(PERIODS), ['custom', { label: 'Custom' }]].map(([key, p]) => {
      const b = h('button', { type: 'button', 'aria-pressed': String(key === period), dataset: { energyPeriod: key } }, p.label);
      b.addEventListener('click', () => {
        if (key === 'custom') { range.hidden = false; range.querySelector('input').focus(); return; }
        range.hidden = true;
        choose(key);
        load();
      });
      return b;
    }));
  const pdfLink = h('a', { class: 'btn', id: 'energy-report-pdf', download: '' }, 'Download PDF');
  const xlsxLink = h('a', { class: 'btn', id: 'energy-report-xlsx', download: '' }, 'Download Excel');
  const downloads = h('div', { class: 'energy-downloads', id: 'energy-downloads', hidden: true },
    h('span', { class: 'muted' }, 'Site report for this range:'), pdfLink, xlsxLink);
  const body = h('div', { class: 'energy-body' }, h('p', { class: 'muted' }, 'Loading energy…'));
  const el = h('section', { class: 'panel card energy-panel', id: 'energy', 'aria-labelledby': 'energy-h' },
    h('div', { class: 'head' }, h('h2', { id: 'energy-h' }, 'Energy'), scope, seg), range, downloads, body);

  /** The range shown: a rolling period up to now, or the custom days. */
  function shown() {
    if (period === 'custom') {
      return { from: custom.from, to: custom.to, bucket: custom.to - custom.from <= 2 * DAY_MS ? 'hour' : 'day', label: custom.label };
    }
    const p = PERIODS[period], to = Date.now();
    return { from: to - p.ms, to, bucket: p.bucket, label: p.label };
  }

  /** Points the download links at the site's report of the range shown (hidden without a site). */
  function links(r) {
    downloads.hidden = !filter.site;
    if (!filter.site) return;
    const params = { from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString(),
      period: ['day', 'week', 'month'].includes(period) ? period : null, tariff: prefs.tariff,
      currency: CURRENCY.test(prefs.currency) ? prefs.currency : null };
    pdfLink.href = api.reportUrl(filter.site, { ...params, format: 'pdf' });
    xlsxLink.href = api.reportUrl(filter.site, { ...params, format: 'xlsx' });
  }

  function draw(report, r) {
    chart?.destroy();
    // The site's (or tag's) summed forecast, per hour: drawn ahead of the hourly bars, dashed.
    const ahead = r.bucket === 'hour' ? (report.forecast?.hours || []).map(x => ({ t: Date.parse(x.t), v: x.kwh, lo: x.lowKwh, hi: x.highKwh })) : [];
    chart = barChart(report.buckets.map(b => ({ t: Date.parse(b.start), values: [b.consumptionKwh, b.productionKwh, b.coverage] })), {
      label: `Energy per ${r.bucket} over ${r.label}${ahead.length ? ', with the forecast ahead' : ''}`, from: r.from, to: r.to, ahead,
      series: [{ label: 'consumed', unit: 'kWh', color: 'line' }, { label: 'produced', unit: 'kWh', color: 'ok' },
        { label: 'readings cover', legendOnly: true, format: share }],
    });
    mount(body, figures(report.totals), forecastFigure(report.forecast), unusualList(report.unusualConsumption), chart.el, h('h3', {}, 'By device'),
      deviceTable(report.devices),
      report.tags.length ? h('h3', {}, 'By tag') : null, tagTable(report.tags));
    el.dataset.consumptionKwh = String(report.totals.consumptionKwh);
    el.dataset.from = new Date(r.from).toISOString();
    el.dataset.to = new Date(r.to).toISOString();
    el.dataset.bucket = r.bucket;
    el.dataset.scope = scopeText();
  }

  function scopeText() {
    const parts = [filter.site ? `site ${filter.site}` : null, filter.tag ? `tag ${filter.tag}` : null].filter(Boolean);
    return parts.length ? parts.join(' · ') : 'whole fleet';
  }

  async function load() {
    const r = shown(), mine = ++seq;
    scope.textContent = scopeText();
    links(r);
    try {
      const report = await api.energy({ ...filter, bucket: r.bucket, tariff: prefs.tariff,
        from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString() });
      if (mine !== seq) return;
      last = { report, r };
      draw(report, r);
    } catch (e) {
      if (mine === seq) { chart?.destroy(); chart = null; mount(body, h('div', { class: 'error-box' }, `Energy: ${e.message}`)); }
    }
  }

  // A custom range stays as chosen; the rolling periods move on with the clock.
  const timer = setInterval(() => { if (period !== 'custom') load(); }, REFRESH_MS);
  const offPrefs = onPrefs(key => {
    if (key === 'tariff') load();
    else if ((key === 'theme' || key === 'currency') && last) { links(last.r); draw(last.report, last.r); }
  });
  load();
  return {
    el,
    setFilter(next) { filter = { site: next.site || null, tag: next.tag || null }; load(); },
    destroy() { clearInterval(timer); offPrefs(); chart?.destroy(); },
  };
}
