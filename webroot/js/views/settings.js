// Settings: API token (sent as Bearer on writes), tariff and currency, theme, alert sound.
import { getToken, setToken } from '../api.js';
import { h, mount } from '../util.js';
import { prefs, onPrefs, validTariff, MAX_TARIFF } from '../prefs.js';
import { setSound } from '../notify.js';
import { can, current } from '../session.js';
import { accountCard, usersCard, tokensCard } from './access.js';

export function renderSettings(main) {
  const token = h('input', { id: 's-token', type: 'password', value: getToken(), autocomplete: 'off', size: 40 });
  const tariff = h('input', { id: 's-tariff', type: 'number', min: '0', max: String(MAX_TARIFF), step: 'any', required: true,
    value: String(prefs.tariff) });
  const currency = h('input', { id: 's-currency', value: prefs.currency, size: 4, maxlength: 4 });
  const theme = h('select', { id: 's-theme' }, [['auto', 'Follow the system'], ['light', 'Light'], ['dark', 'Dark']]
    .map(([v, t]) => h('option', { value: v, selected: v === prefs.theme }, t)));
  const sound = h('input', { id: 's-sound', type: 'checkbox', checked: prefs.sound });
  const saved = h('p', { role: 'status', class: 'muted', id: 's-status' });
  const form = h('form', { class: 'card settings-card', id: 'settings-form' },
    // A logged-in user writes with the session; the token is for the dashboard open on localhost with api.token.
    h('div', { id: 's-api-access', hidden: current()?.via === 'session' },
      h('h2', {}, 'API access'),
      h('p', { class: 'muted' }, 'When Vigil runs with VIGIL_API_TOKEN set, acknowledging alerts and editing rules need that token. It is kept in this browser only.'),
      h('div', { class: 'form-row' }, h('label', { class: 'field', for: 's-token' }, 'API token', token))),
    h('h2', {}, 'Energy cost'),
    h('div', { class: 'form-row' }, h('label', { class: 'field', for: 's-tariff' }, 'Tariff per kWh', tariff),
      h('label', { class: 'field', for: 's-currency' }, 'Currency', currency)),
    h('h2', {}, 'Display'),
    h('div', { class: 'form-row' }, h('label', { class: 'field', for: 's-theme' }, 'Theme', theme),
      h('label', { class: 'field inline', for: 's-sound' }, sound, 'Beep on new alerts')),
    h('div', { class: 'form-row' }, h('button', { type: 'submit', class: 'primary', id: 's-save' }, 'Save settings')), saved);
  form.addEventListener('submit', e => {
    e.preventDefault();
    const t = parseFloat(tariff.value);
    if (!validTariff(t)) {
      saved.textContent = `Not saved: the tariff must be a number from 0 to ${MAX_TARIFF}.`;
      tariff.focus();
      return;
    }
    setToken(token.value.trim());
    prefs.tariff = t;
    prefs.currency = currency.value.trim();
    prefs.theme = theme.value;
    if (sound.checked !== prefs.sound) setSound(sound.checked);
    saved.textContent = 'Saved.';
  });
  const me = current();
  mount(main, h('div', { class: 'page-head' }, h('h1', {}, 'Settings')), form,
    me && me.via === 'session' && accountCard(),
    can('admin') && me && usersCard(), can('admin') && me && tokensCard());
  // The top-bar toggles change theme and sound while this page is open; keep the form in step with them.
  return onPrefs(key => {
    if (key === 'theme') theme.value = prefs.theme;
    if (key === 'sound') sound.checked = prefs.sound;
  });
}
