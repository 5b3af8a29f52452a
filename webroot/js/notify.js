// New-alert banners (aria-live region, grouped in one collapsible box) and the optional WebAudio beep.
// Error banners use the same region.
import { h } from './util.js';
import { prefs } from './prefs.js';

const MAX_GROUPS = 5;
const ALERT_TTL_MS = 60000;
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

/**
 * New alerts share one box instead of stacking banners over the page: one line per device, kind and
 * metric (a repeat updates its line and counts "×2"), at most MAX_GROUPS lines, newest first, and a
 * head that says how many arrived and folds the lines away (remembered across pages and reloads).
 */
function alertBox() {
  const r = region();
  let box = r.querySelector('.banner-box');
  if (box) return box;
  const list = h('div', { class: 'banner-list', id: 'banner-list' });
  const toggle = h('button', { type: 'button', class: 'small banner-toggle', 'aria-controls': 'banner-list' });
  const dismissAll = h('button', { type: 'button', class: 'small', 'aria-label': 'Dismiss all alert banners' }, 'Dismiss all');
  box = h('section', { class: 'banner-box', 'aria-label': 'New alerts' },
    h('div', { class: 'banner-head' }, h('strong', { class: 'banner-summary' }), toggle, dismissAll), list);
  toggle.addEventListener('click', () => { prefs.bannersCollapsed = !prefs.bannersCollapsed; showCollapsed(box); });
  dismissAll.addEventListener('click', () => box.remove());
  r.append(box);
  showCollapsed(box);
  return box;
}

function showCollapsed(box) {
  const collapsed = prefs.bannersCollapsed;
  box.dataset.collapsed = String(collapsed);
  box.querySelector('.banner-list').hidden = collapsed;
  const toggle = box.querySelector('.banner-toggle');
  toggle.setAttribute('aria-expanded', String(!collapsed));
  toggle.textContent = collapsed ? 'Show' : 'Hide';
}

function summarize(box) {
  const lines = [...box.querySelectorAll('.banner')];
  if (!lines.length) { box.remove(); return; }
  const total = lines.reduce((n, b) => n + Number(b.dataset.count), 0);
  const kinds = {};
  for (const b of lines) kinds[b.dataset.kind] = (kinds[b.dataset.kind] || 0) + Number(b.dataset.count);
  const detail = Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ');
  box.querySelector('.banner-summary').textContent = `${total} new alert${total > 1 ? 's' : ''} (${detail})`;
}

export function alertBanner(alert) {
  const box = alertBox();
  const list = box.querySelector('.banner-list');
  const key = [alert.deviceId, alert.kind, alert.metric || ''].join('\u0000');
  const old = [...list.children].find(b => b.dataset.key === key);
  const count = old ? Number(old.dataset.count) + 1 : 1;
  old?.remove();
  const dismiss = h('button', { type: 'button', class: 'small', 'aria-label': 'Dismiss alert banner' }, 'Dismiss');
  const banner = h('div', { class: `banner sev-${alert.severity}`, role: 'alert',
    dataset: { alertId: alert.id, key, kind: alert.kind || 'alert', count } },
    h('span', { class: `badge sev-${alert.severity}` }, alert.severity),
    h('span', { class: 'msg' }, h('strong', {}, `New ${alert.kind || ''} alert on ${alert.deviceId}: `), alert.message || '',
      count > 1 ? h('span', { class: 'banner-count' }, ` ×${count}`) : null),
    h('a', { class: 'btn small', href: '#/alerts' }, 'View alerts'),
    dismiss);
  const drop = () => { banner.remove(); summarize(box); };
  dismiss.addEventListener('click', drop);
  list.prepend(banner);
  while (list.children.length > MAX_GROUPS) list.lastElementChild.remove();
  summarize(box);
  setTimeout(() => { if (banner.isConnected) drop(); }, ALERT_TTL_MS);
  if (prefs.sound) beep(alert.severity);
}

export function errorBanner(message) {
  const dismiss = h('button', { type: 'button', class: 'small' }, 'Dismiss');
  const banner = h('div', { class: 'banner error', role: 'alert' }, h('span', { class: 'msg' }, message), dismiss);
  dismiss.addEventListener('click', () => banner.remove());
  const r = region();
  for (const old of r.querySelectorAll(':scope > .banner.error')) old.remove(); // the latest error says it all
  r.prepend(banner);
  setTimeout(() => banner.remove(), 15000);
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
