// The overview's KPI cards. Snapshot from /api/stats, /api/alerts and /health; kept current by live events.
import { h, patch, fmtNum, fmtCompact, SEVERITIES } from '../util.js';
import { prefs, validTariff, MAX_TARIFF } from '../prefs.js';

const pick = (o, ...names) => names.map(n => n.split('.').reduce((x, k) => x?.[k], o)).find(v => v != null);

export class Kpis {
  constructor(onTariff) {
    this.onTariff = onTariff;
    this.stats = {};
    this.health = null;
    this.arrivals = [];
    this.storedExtra = 0;
    this.anomalyExtra = 0;
    this.el = h('div', { class: 'kpis', id: 'kpis', 'aria-label': 'Fleet indicators' });
  }

  setStats(stats) { this.stats = stats || {}; this.storedExtra = 0; this.anomalyExtra = 0; }
  setHealth(health) { this.health = health; }

  /** A live reading arrived: feeds readings/s, readings stored and anomalies (24 h). */
  reading(r) {
    const now = Date.now();
    this.arrivals.push(now);
    this.storedExtra++;
    if (r.anomalous) this.anomalyExtra++;
  }

  ratePerSecond() {
    const now = Date.now();
    while (this.arrivals.length && this.arrivals[0] < now - 10000) this.arrivals.shift();
    const live = this.arrivals.length / 10;
    return live > 0 ? live : (pick(this.stats, 'readingsPerSecond', 'readingRate') ?? 0);
  }

  card(id, label, value, foot) {
    return h('div', { class: 'card kpi', id: `kpi-${id}` },
      h('span', { class: 'label' }, label), h('span', { class: 'value' }, value), h('span', { class: 'foot' }, foot || ''));
  }

  /**
   * Redraws every card from devices (array), live alerts (Map id -> alert) and the snapshot, patching the
   * cards in place: the tariff field keeps the focus and what is being typed into it.
   */
  render(devices, liveAlerts) {
    const s = this.stats;
    const online = devices.filter(d => (d.status || '').toLowerCase() === 'online').length;
    const bySev = Object.fromEntries(SEVERITIES.map(k => [k, 0]));
    let unacked = 0;
    for (const a of liveAlerts.values()) { bySev[a.severity] = (bySev[a.severity] || 0) + 1; if (a.state === 'open') unacked++; }
    const stored = pick(s, 'readingsStored', 'readings.stored', 'totalReadings');
    const anomalies = pick(s, 'anomalies24h', 'anomaliesLast24h', 'anomalies.last24h');
    patch(this.el,
      this.card('devices', 'Devices online', [String(online), h('small', {}, `/ ${devices.length}`)],
        `${devices.length - online} offline`),
      this.card('rate', 'Readings / s', fmtNum(this.ratePerSecond(), 1), 'now, last 10 s'),
      this.card('stored', 'Readings stored', stored == null ? '–' : fmtCompact(stored + this.storedExtra), 'in PostgreSQL'),
      h('div', { class: 'card kpi', id: 'kpi-alerts' },
        h('span', { class: 'label' }, 'Active alerts'),
        h('span', { class: 'value' }, String(liveAlerts.size)),
        h('span', { class: 'sevs' }, SEVERITIES.filter(k => bySev[k]).map(k => h('span', { class: `badge sev-${k}` }, `${bySev[k]} ${k}`))),
        h('span', { class: 'foot' }, `${unacked} unacknowledged`)),
      this.card('anomalies', 'Anomalies 24 h', anomalies == null ? '–' : fmtNum(anomalies + this.anomalyExtra, 0), 'readings scored anomalous'),
      this.averageCard('power', 'Avg power', devices, /^power/i, 'W'),
      this.averageCard('voltage', 'Avg voltage', devices, /^volt/i, 'V'),
      this.costCard(),
      this.healthCard());
  }

  averageCard(id, label, devices, re, unit) {
    const values = [];
    for (const d of devices) {
      if ((d.status || '').toLowerCase() !== 'online') continue;
      for (const [m, v] of Object.entries(d.lastMetrics || {})) if (re.test(m) && typeof v === 'number') values.push(v);
    }
    const avg = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    return this.card(id, label, avg == null ? '–' : [fmtNum(avg), h('small', {}, unit)],
      values.length ? `across ${values.length} online devices` : 'no device reports it');
  }

  costCard() {
    const s = this.stats;
    const kwh = pick(s, 'anomalousEnergyKwh24h', 'anomalousEnergyKwh');
    const cost = kwh != null ? kwh * prefs.tariff : pick(s, 'anomalousCost24h');
    const input = h('input', { type: 'number', min: '0', max: String(MAX_TARIFF), step: '0.01', value: String(prefs.tariff), id: 'tariff-input',
      'aria-label': `Tariff in ${prefs.currency} per kWh` });
    input.addEventListener('change', () => {
      const v = parseFloat(input.value);
      if (validTariff(v)) { prefs.tariff = v; this.onTariff(v); }
    });
    return h('div', { class: 'card kpi', id: 'kpi-cost' },
      h('span', { class: 'label' }, 'Anomalous energy cost'),
      h('span', { class: 'value' }, cost == null ? '–' : `${prefs.currency}${fmtNum(cost, 2)}`),
      h('span', { class: 'foot' }, kwh != null ? `${fmtNum(kwh)} kWh anomalous, last 24 h` : 'last 24 h'),
      h('label', { class: 'foot' }, 'tariff ', input, ` ${prefs.currency}/kWh`));
  }

  healthCard() {
    const hl = this.health;
    if (!hl) return this.card('health', 'System health', '–', 'checking…');
    const parts = Object.entries(hl).filter(([, v]) => v && typeof v === 'object' && 'status' in v);
    const down = parts.filter(([, v]) => String(v.status).toLowerCase() !== 'up');
    const value = h('span', { class: 'status', dataset: { status: down.length ? 'alerting' : 'online' } },
      down.length ? 'Degraded' : 'Healthy');
    return this.card('health', 'System health', value,
      parts.map(([k, v]) => `${k} ${String(v.status).toLowerCase()}`).join(' · ') || (hl.status || ''));
  }
}
