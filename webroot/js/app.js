// Entry point: hash router (#/, #/devices/ID, #/alerts, #/rules, #/notifications, #/rejected, #/settings), theme and sound toggles,
// the live connection indicator and the new-alert banner, which shows on every page.
import * as bus from './bus.js';
import { applyTheme, effectiveTheme, onPrefs, prefs } from './prefs.js';
import { alertBanner, isNewAlert, setSound, soundBlocked, unlockAudioOnGesture } from './notify.js';
import { renderOverview } from './views/overview.js';
import { renderDevice } from './views/device.js';
import { renderAlerts } from './views/alerts.js';
import { renderRules } from './views/rules.js';
import { renderNotifications } from './views/notifications.js';
import { renderSettings } from './views/settings.js';
import { renderRejected } from './views/rejected.js';
import { renderLogin, passwordForm } from './views/login.js';
import { api } from './api.js';
import { setCurrent } from './session.js';
import { h, mount } from './util.js';

const ROUTES = [
  [/^\/?(?:\?.*)?$/, 'overview', () => renderOverview], // ?site=&tag=: the overview's filter
  [/^\/devices\/([^?]+)(?:\?.*)?$/, 'overview', () => renderDevice], // ?query: the chart's view (device.js)
  [/^\/alerts$/, 'alerts', () => renderAlerts],
  [/^\/rules$/, 'rules', () => renderRules],
  [/^\/notifications$/, 'notifications', () => renderNotifications],
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

/** Name and role with a logout button, or the banner that says the dashboard is open without login. */
function showIdentity(me) {
  document.body.dataset.auth = me.open ? 'open' : 'user';
  document.body.dataset.role = me.role;
  if (me.open) {
    document.getElementById('open-banner').hidden = false;
    return;
  }
  const who = document.getElementById('who');
  who.textContent = `${me.name} · ${me.role}`;
  who.hidden = false;
  const logout = document.getElementById('logout');
  logout.hidden = false;
  logout.addEventListener('click', async () => {
    try { await api.logout(); } finally { location.reload(); }
  });
}

/** Asks who we are, then shows the login form, the forced password change, or the dashboard. */
async function start() {
  let me;
  try {
    me = await api.me();
  } catch (e) {
    if (e.status === 401) {
      document.body.dataset.auth = 'login';
      renderLogin(document.getElementById('main'), () => location.reload());
      return;
    }
    me = null; // Vigil unreachable or failing: the views say so; the API still decides every right.
  }
  setCurrent(me);
  if (me) showIdentity(me);
  if (me?.mustChangePassword) {
    mount(document.getElementById('main'), passwordForm(() => location.reload(), true));
    return;
  }
  setupConnection();
  window.addEventListener('hashchange', route);
  route();
  bus.connect();
}

applyTheme();
setupToggles();
start();
