// REST client. Reads are plain GETs; writes send JSON and carry the session's CSRF token (users on) or the
// API token of Settings as a Bearer token (open on localhost with api.token set).
// Errors from the API's JSON body ({error, field, reason, ...}) become ApiError with a readable message.
import { csrfToken, current } from './session.js';

const TOKEN_KEY = 'vigil.apiToken';

export class ApiError extends Error {
  constructor(status, body) {
    super(describe(status, body));
    this.status = status;
    this.body = body;
  }
}

function describe(status, body) {
  const session = current() && !current().open;
  if (session && status === 401) return 'Your session has ended: log in again.';
  if (session && status === 403) return `Not allowed: ${body?.error || 'your role may not do this'}.`;
  // The API explains a 401 in HTTP terms (a Bearer header); the user's fix is the token in Settings.
  if (status === 401 || status === 403) return 'Not allowed: set a valid API token in Settings.';
  if (body && typeof body === 'object') {
    const main = body.message || body.error || body.reason || `HTTP ${status}`;
    const field = body.field ? ` (field "${body.field}"${body.reason && body.reason !== main ? `: ${body.reason}` : ''})` : '';
    return `${main}${field}`;
  }
  return body ? `HTTP ${status}: ${String(body).slice(0, 200)}` : `HTTP ${status}`;
}

export function getToken() {
  return localStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    const csrf = csrfToken();
    const token = getToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
    else if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { error: `Cannot reach Vigil (${e.message})` });
  }
  const text = await res.text();
  let parsed = text;
  try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text */ }
  if (!res.ok) throw new ApiError(res.status, parsed);
  return parsed;
}

/** Builds "?a=1&b=2" from the defined entries of an object. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v != null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

export const api = {
  devices: () => request('GET', '/api/devices'),
  device: id => request('GET', `/api/devices/${enc(id)}`),
  readings: (id, params) => request('GET', `/api/devices/${enc(id)}/readings${query(params)}`),
  forecast: id => request('GET', `/api/devices/${enc(id)}/forecast`),
  fleetReadings: params => request('GET', `/api/fleet/readings${query(params)}`),
  energy: params => request('GET', `/api/energy${query(params)}`),
  sites: () => request('GET', '/api/sites'),
  placeDevice: (id, placement) => request('PUT', `/api/devices/${enc(id)}/placement`, placement),
  reportUrl: (site, params) => `/api/sites/${enc(site)}/report${query(params)}`,
  exportUrl: (id, params) => `/api/devices/${enc(id)}/export.csv${query(params)}`,
  models: id => request('GET', `/api/devices/${enc(id)}/models`),
  alerts: params => request('GET', `/api/alerts${query(params)}`),
  ack: id => request('POST', `/api/alerts/${enc(id)}/ack`),
  clear: id => request('POST', `/api/alerts/${enc(id)}/clear`),
  rules: () => request('GET', '/api/rules'),
  createRule: rule => request('POST', '/api/rules', rule),
  updateRule: (id, rule) => request('PUT', `/api/rules/${enc(id)}`, rule),
  deleteRule: id => request('DELETE', `/api/rules/${enc(id)}`),
  channels: () => request('GET', '/api/channels'),
  createChannel: channel => request('POST', '/api/channels', channel),
  updateChannel: (id, channel) => request('PUT', `/api/channels/${enc(id)}`, channel),
  deleteChannel: id => request('DELETE', `/api/channels/${enc(id)}`),
  testChannel: id => request('POST', `/api/channels/${enc(id)}/test`),
  deliveries: params => request('GET', `/api/deliveries${query(params)}`),
  stats: tariff => request('GET', `/api/stats${query({ tariff })}`),
  drift: deviceId => request('GET', `/api/drift${query({ deviceId })}`),
  deadLetters: params => request('GET', `/api/dead-letters${query(params)}`),
  deadLetterReasons: () => request('GET', '/api/dead-letters/reasons'),
  me: () => request('GET', '/api/me'),
  login: (name, password) => request('POST', '/api/login', { name, password }),
  logout: () => request('POST', '/api/logout'),
  changePassword: (current, password) => request('POST', '/api/me/password', { current, password }),
  users: () => request('GET', '/api/users'),
  createUser: user => request('POST', '/api/users', user),
  deleteUser: name => request('DELETE', `/api/users/${enc(name)}`),
  tokens: () => request('GET', '/api/tokens'),
  createToken: token => request('POST', '/api/tokens', token),
  revokeToken: id => request('DELETE', `/api/tokens/${enc(id)}`),
  health: () => request('GET', '/health').catch(e => (e.body && typeof e.body === 'object' ? e.body : Promise.reject(e))),
};
