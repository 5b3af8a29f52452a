// User preferences kept in localStorage: theme, alert sound, energy tariff, folded alert banners. Every change is announced
// with a 'vigil:prefs' event on window, so the top-bar toggles and an open Settings page never disagree.

const KEYS = { theme: 'vigil.theme', sound: 'vigil.sound', tariff: 'vigil.tariff', currency: 'vigil.currency',
  bannersCollapsed: 'vigil.bannersCollapsed' };

/** The highest tariff /api/stats accepts (docs/openapi.yaml). */
export const MAX_TARIFF = 1000;

function changed(key) {
  window.dispatchEvent(new CustomEvent('vigil:prefs', { detail: { key } }));
}

export const prefs = {
  get theme() { return localStorage.getItem(KEYS.theme) || 'auto'; },
  set theme(v) { v === 'auto' ? localStorage.removeItem(KEYS.theme) : localStorage.setItem(KEYS.theme, v); changed('theme'); },
  get sound() { return localStorage.getItem(KEYS.sound) === 'on'; },
  set sound(on) { localStorage.setItem(KEYS.sound, on ? 'on' : 'off'); changed('sound'); },
  /** Price of one kWh; 0.30 unless the user set one. */
  get tariff() {
    const v = parseFloat(localStorage.getItem(KEYS.tariff));
    return validTariff(v) ? v : 0.30;
  },
  set tariff(v) { localStorage.setItem(KEYS.tariff, String(v)); changed('tariff'); },
  get currency() { return localStorage.getItem(KEYS.currency) || '€'; },
  set currency(v) { localStorage.setItem(KEYS.currency, v || '€'); changed('currency'); },
  /** Whether the new-alert box shows only its summary line. */
  get bannersCollapsed() { return localStorage.getItem(KEYS.bannersCollapsed) === 'true'; },
  set bannersCollapsed(v) { localStorage.setItem(KEYS.bannersCollapsed, String(!!v)); changed('bannersCollapsed'); },
};

/** Calls fn(key) after every preference change; returns the unsubscribe function. */
export function onPrefs(fn) {
  const listener = e => fn(e.detail?.key);
  window.addEventListener('vigil:prefs', listener);
  return () => window.removeEventListener('vigil:prefs', listener);
}

/** Whether v is a tariff the stats API takes. */
export function validTariff(v) {
  return Number.isFinite(v) && v >= 0 && v <= MAX_TARIFF;
}

/** Applies the stored theme: 'auto' follows prefers-color-scheme, else forces light or dark. */
export function applyTheme() {
  const t = prefs.theme;
  if (t === 'auto') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', t);
}

/** The theme currently shown, resolving 'auto'. */
export function effectiveTheme() {
  const t = prefs.theme;
  if (t !== 'auto') return t;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
