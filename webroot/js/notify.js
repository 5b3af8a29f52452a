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

/**
 * Turns the alert sound on or off. Called from a click or a form submit, so the short confirmation beep
 * also lets the browser start audio for the alerts that follow.
 */
export function setSound(on) {
  prefs.sound = on;
  if (on) beep('low');
}

/**
 * True while the sound is on but the browser will not play it yet. Browsers keep audio suspended until
 * the user has clicked or typed on the page (autoplay policy); a dashboard left open on a wall would
 * otherwise miss every beep without saying so.
 */
export function soundBlocked() {
  return prefs.sound && !(audio && audio.state === 'running');
}

/** Resumes audio on the first click or key press, so that alerts arriving afterwards are heard. */
export function unlockAudioOnGesture() {
  const unlock = () => {
    if (!prefs.sound || (audio && audio.state === 'running')) return;
    context()?.resume().catch(() => {});
  };
  for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, unlock, { capture: true });
}

function context() {
  if (audio) return audio;
  const Ctx = window.AudioContext || window.webkitAudioContext;
  if (!Ctx) return null;
  audio = new Ctx();
  audio.addEventListener('statechange', audioChanged);
  audioChanged();
  return audio;
}

/** Tells the top bar that soundBlocked() may have changed (on the same event as preference changes). */
function audioChanged() {
  window.dispatchEvent(new CustomEvent('vigil:prefs', { detail: { key: 'soundBlocked' } }));
}

/**
 * A short two-tone beep; higher for worse severities. Notes are only scheduled on running audio, or
 * inside a user gesture (which lets the browser resume it at once): a suspended context would keep
 * them and play every missed beep together whenever it is finally resumed.
 */
export function beep(severity = 'medium') {
  try {
    const ctx = context();
    if (!ctx) return;
    if (ctx.state === 'running') play(ctx, severity);
    else if (navigator.userActivation?.isActive ?? true) ctx.resume().then(() => play(ctx, severity)).catch(() => {});
    else ctx.resume().catch(() => {}); // granted at the user's next click or key press; this beep is not kept
  } catch (e) {
    console.warn('alert sound unavailable', e);
  }
}

function play(ctx, severity) {
  const freq = { low: 520, medium: 660, high: 780, critical: 880 }[severity] || 660;
  const t = ctx.currentTime;
  for (const [i, f] of [freq, freq * 1.25].entries()) {
    const osc = ctx.createOscillator(), gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = f;
    gain.gain.setValueAtTime(0.0001, t + i * 0.18);
    gain.gain.exponentialRampToValueAtTime(0.25, t + i * 0.18 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.18 + 0.16);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t + i * 0.18);
    osc.stop(t + i * 0.18 + 0.17);
  }
}
