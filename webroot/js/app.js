// Entry point: hash router (#/, #/devices/ID, #/alerts, #/rules, #/rejected, #/settings), theme and sound toggles,
// the live connection indicator and the new-alert banner, which shows on every page.
import * as bus from './bus.js';
import { applyTheme, effectiveTheme, onPrefs, prefs } from './prefs.js';
import { alertBanner, isNewAlert, setSound, soundBlocked, unlockAudioOnGesture } from './notify.js';
import { renderOverview } from './views/overview.js';
import { renderDevice } from './views/device.js';
import { renderAlerts } from './views/alerts.js';
import { renderRules } from './views/rules.js';
import { renderSettings } from './views/settings.js';
import { renderRejected } from './views/rejected.js';
import { h, mount } from './util.js';

const ROUTES = [
  [/^\/?$/, 'overview', () => renderOverview],
  [/^\/devices\/([^?]+)(?:\?.*)?$/, 'overview', () => renderDevice], // ?query: the chart's view (device.js)
  [/^\/alerts$/, 'alerts', () => renderAlerts],
  [/^\/rules$/, 'rules', () => renderRules],
  [/^\/rejected(?:\?.*)?$/, 'rejected', () => renderRejected],
  [/^\/settings$/, 'settings', () => renderSettings],
];

let cleanup = null;

function route() {
  const path = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  const main = document.getElementById('main');
  if (cleanup) { try { cleanup(); } catch (e) { console.error(e); } cleanup = null; }
  const hit = ROUTES.find(([re]) => re.test(path));
  for (const a of document.querySelectorAll('.mainnav a')) {
    if (hit && a.dataset.route === hit[1]) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!hit) {
    mount(main, h('div', { class: 'empty' }, 'No such page. ', h('a', { href: '#/' }, 'Back to the overview')));
    return;
  }
  const params = path.match(hit[0]).slice(1);
  main.dataset.view = hit[1];
  cleanup = hit[2]()(main, ...params) || null;
  window.scrollTo(0, 0);
}

function setupToggles() {
  const theme = document.getElementById('theme-toggle');
  theme.addEventListener('click', () => { prefs.theme = effectiveTheme() === 'dark' ? 'light' : 'dark'; });
  const sound = document.getElementById('sound-toggle');
  const label = sound.querySelector('.sr-only');
  const show = () => {
    const blocked = soundBlocked();
    sound.setAttribute('aria-pressed', String(prefs.sound));
    sound.dataset.blocked = String(blocked);
    sound.title = !prefs.sound ? 'Alert sound off'
      : blocked ? 'Alert sound on, but the browser plays it only after you click or press a key on this page' : 'Alert sound on';
    label.textContent = blocked ? 'Alert sound (blocked until you click the page)' : 'Alert sound';
  };
  sound.addEventListener('click', () => setSound(!prefs.sound));
  // Settings, the toggles and the audio state all announce changes; one listener keeps the top bar true.
  onPrefs(() => { applyTheme(); show(); });
  unlockAudioOnGesture();
  show();
}

function setupConnection() {
  const conn = document.getElementById('conn');
  const label = conn.querySelector('.conn-label');
  bus.onState(state => {
    conn.dataset.state = state;
    label.textContent = { open: 'Live', closed: 'Reconnecting…', connecting: 'Connecting…' }[state];
  });
  bus.on(bus.ADDR.alerts, alert => { if (isNewAlert(alert)) alertBanner(alert); });
}

applyTheme();
setupToggles();
setupConnection();
window.addEventListener('hashchange', route);
route();
bus.connect();
