// User preferences kept in localStorage: theme, alert sound, energy tariff.

const KEYS = { theme: 'vigil.theme', sound: 'vigil.sound', tariff: 'vigil.tariff', currency: 'vigil.currency' };

export const prefs = {
  get theme() { return localStorage.getItem(KEYS.theme) || 'auto'; },
  set theme(v) { v === 'auto' ? localStorage.removeItem(KEYS.theme) : localStorage.setItem(KEYS.theme, v); },
  get sound() { return localStorage.getItem(KEYS.sound) === 'on'; },
  set sound(on) { localStorage.setItem(KEYS.sound, on ? 'on' : 'off'); },
  /** Price of one kWh; 0.30 unless the user set one. */
  get tariff() { const v = parseFloat(localStorage.getItem(KEYS.tariff)); return Number.isFinite(v) && v >= 0 ? v : 0.30; },
  set tariff(v) { localStorage.setItem(KEYS.tariff, String(v)); },
  get currency() { return localStorage.getItem(KEYS.currency) || '€'; },
  set currency(v) { localStorage.setItem(KEYS.currency, v || '€'); },
};

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
