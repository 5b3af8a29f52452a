// REST client. Reads are plain GETs; writes carry the API token (Settings) as a Bearer token.
// Errors from the API's JSON body ({error, field, reason, ...}) become ApiError with a readable message.

const TOKEN_KEY = 'vigil.apiToken';

export class ApiError extends Error {
  constructor(status, body) {
    super(describe(status, body));
    this.status = status;
    this.body = body;
  }
}

function describe(status, body) {
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
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
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
  fleetReadings: params => request('GET', `/api/fleet/readings${query(params)}`),
  exportUrl: (id, params) => `/api/devices/${enc(id)}/export.csv${query(params)}`,
  models: id => request('GET', `/api/devices/${enc(id)}/models`),
  alerts: params => request('GET', `/api/alerts${query(params)}`),
  ack: id => request('POST', `/api/alerts/${enc(id)}/ack`),
  clear: id => request('POST', `/api/alerts/${enc(id)}/clear`),
  rules: () => request('GET', '/api/rules'),
  createRule: rule => request('POST', '/api/rules', rule),
  updateRule: (id, rule) => request('PUT', `/api/rules/${enc(id)}`, rule),
  deleteRule: id => request('DELETE', `/api/rules/${enc(id)}`),
  stats: tariff => request('GET', `/api/stats${query({ tariff })}`),
  drift: () => request('GET', '/api/drift'),
  deadLetters: params => request('GET', `/api/dead-letters${query(params)}`),
  health: () => request('GET', '/health').catch(e => (e.body && typeof e.body === 'object' ? e.body : Promise.reject(e))),
};
