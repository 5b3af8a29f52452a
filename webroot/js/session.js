// Who is using the dashboard: GET /api/me once at start. With users on, a browser session (HttpOnly cookie)
// whose CSRF token goes with every write; open on localhost, nobody logs in. Views ask can(role) to
// leave out what the role may not do (the API refuses it anyway: one source of truth for rights).

const RANK = { viewer: 1, operator: 2, admin: 3 };
let me = null;

/** The caller as /api/me described them, or null before login. */
export function current() {
  return me;
}

export function setCurrent(value) {
  me = value;
}

/**
 * Whether the current user's role includes `role` (viewer < operator < admin). Unknown (/api/me did not
 * answer): true, and the API decides.
 */
export function can(role) {
  return !me || (RANK[me.role] || 0) >= RANK[role];
}

/** The session's CSRF token (null when open or using a token). */
export function csrfToken() {
  return me?.csrfToken || null;
}
