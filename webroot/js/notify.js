// New-alert banner (aria-live region) and the optional WebAudio beep. Error banners use the same region.
import { h } from './util.js';
import { prefs } from './prefs.js';

const MAX_BANNERS = 3;
const seen = new Set();
let audio = null;

/** True the first time an alert id is seen in the open state with one occurrence. */
export function isNewAlert(alert) {
  if (!alert || alert.state !== 'open' || (alert.occurrences ?? 1) > 1 || seen.has(alert.id)) return false;
  seen.add(alert.id);
  return true;
}

function region() {
  return document.getElementById('banner-region');
}

function push(banner, ttlMs) {
  const r = region();
  r.prepend(banner);
  while (r.children.length > MAX_BANNERS) r.lastElementChild.remove();
  if (ttlMs) setTimeout(() => banner.remove(), ttlMs);
}

export function alertBanner(alert) {
  const dismiss = h('button', { type: 'button', class: 'small', 'aria-label': 'Dismiss alert banner' }, 'Dismiss');
  const banner = h('div', { class: `banner sev-${alert.severity}`, role: 'alert', dataset: { alertId: alert.id } },
    h('span', { class: `badge sev-${alert.severity}` }, alert.severity),
    h('span', { class: 'msg' }, h('strong', {}, `New ${alert.kind || ''} alert on ${alert.deviceId}: `), alert.message || ''),
    h('a', { class: 'btn small', href: '#/alerts' }, 'View alerts'),
    dismiss);
  dismiss.addEventListener('click', () => banner.remove());
  push(banner, 60000);
  if (prefs.sound) beep(alert.severity);
}

export function errorBanner(message) {
  const dismiss = h('button', { type: 'button', class: 'small' }, 'Dismiss');
  const banner = h('div', { class: 'banner error', role: 'alert' }, h('span', { class: 'msg' }, message), dismiss);
  dismiss.addEventListener('click', () => banner.remove());
  push(banner, 15000);
}

/** A short two-tone beep; higher and longer for worse severities. */
export function beep(severity = 'medium') {
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    const freq = { low: 520, medium: 660, high: 780, critical: 880 }[severity] || 660;
    const t = audio.currentTime;
    for (const [i, f] of [freq, freq * 1.25].entries()) {
      const osc = audio.createOscillator(), gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = f;
      gain.gain.setValueAtTime(0.0001, t + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.25, t + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(t + i * 0.18);
      osc.stop(t + i * 0.18 + 0.17);
    }
  } catch (e) {
    console.warn('alert sound unavailable', e);
  }
}
