// Settings cards for who may use Vigil: your password (logged-in users), users and API tokens (admins).
// A new user's one-time password and a new token are shown once, here, and never again.
import { api } from '../api.js';
import { h, mount, fmtTime } from '../util.js';
import { items } from '../model.js';
import { passwordForm } from './login.js';

const ROLES = ['viewer', 'operator', 'admin'];

function roleSelect(id) {
  return h('select', { id }, ROLES.map(r => h('option', { value: r }, r)));
}

function failText(e) {
  return e.body?.reason ? `${e.body.field}: ${e.body.reason}` : (e.body?.error || e.message);
}

export function accountCard() {
  return passwordForm(() => {}, false);
}

export function usersCard() {
  const list = h('div', { id: 'users-list' }, h('p', { class: 'muted' }, 'Loading…'));
  const name = h('input', { id: 'u-name', required: true, maxlength: 64, autocomplete: 'off' });
  const role = roleSelect('u-role');
  const status = h('p', { role: 'status', id: 'u-status', class: 'muted' });
  const form = h('form', { id: 'user-form', 'aria-label': 'Add user' },
    h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'u-name' }, 'Name', name),
      h('label', { class: 'field', for: 'u-role' }, 'Role', role),
      h('button', { type: 'submit', class: 'primary', id: 'u-add' }, 'Add user')), status);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      const user = await api.createUser({ name: name.value.trim(), role: role.value });
      mount(status, `Added ${user.name} (${user.role}). One-time password, shown only now: `,
        h('span', { class: 'secret', id: 'u-password' }, user.password));
      name.value = '';
      load();
    } catch (err) { status.textContent = failText(err); }
  });
  async function load() {
    try {
      const users = items(await api.users());
      mount(list, h('table', { id: 'users-table', class: 'stack' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Role'), h('th', {}, 'Since'), h('th', {}, h('span', { class: 'sr-only' }, 'Actions')))),
        h('tbody', {}, users.map(u => h('tr', { dataset: { user: u.name } },
          h('td', {}, u.name, u.mustChangePassword ? h('span', { class: 'muted' }, ' (one-time password)') : ''),
          h('td', {}, u.role), h('td', {}, fmtTime(u.createdAt)),
          h('td', { class: 'actions' }, h('button', { type: 'button', class: 'small danger', 'aria-label': `Remove user ${u.name}`,
            onclick: () => remove(u) }, 'Remove')))))));
    } catch (err) { mount(list, h('div', { class: 'error-box' }, failText(err))); }
  }
  async function remove(u) {
    if (!confirm(`Remove user ${u.name}?`)) return;
    try { await api.deleteUser(u.name); status.textContent = `Removed ${u.name}.`; load(); } catch (err) { status.textContent = failText(err); }
  }
  load();
  return h('section', { class: 'card', id: 'users-card', 'aria-label': 'Users' }, h('h2', {}, 'Users'),
    h('p', { class: 'muted' }, 'Viewers read; operators also acknowledge and clear alerts; admins also manage rules, users and tokens.'),
    list, form);
}

export function tokensCard() {
  const list = h('div', { id: 'tokens-list' }, h('p', { class: 'muted' }, 'Loading…'));
  const name = h('input', { id: 't-name', required: true, maxlength: 64, autocomplete: 'off', placeholder: 'prometheus' });
  const role = roleSelect('t-role');
  const status = h('p', { role: 'status', id: 't-status', class: 'muted' });
  const form = h('form', { id: 'token-form', 'aria-label': 'New API token' },
    h('div', { class: 'form-row' }, h('label', { class: 'field', for: 't-name' }, 'Name', name),
      h('label', { class: 'field', for: 't-role' }, 'Role', role),
      h('button', { type: 'submit', class: 'primary', id: 't-create' }, 'Create token')), status);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      const t = await api.createToken({ name: name.value.trim(), role: role.value });
      mount(status, `Token "${t.name}" (${t.role}), shown only now; send it as Authorization: Bearer `,
        h('span', { class: 'secret', id: 't-secret' }, t.token));
      name.value = '';
      load();
    } catch (err) { status.textContent = failText(err); }
  });
  async function load() {
    try {
      const tokens = items(await api.tokens());
      if (!tokens.length) { mount(list, h('p', { class: 'empty' }, 'No API tokens.')); return; }
      mount(list, h('table', { id: 'tokens-table', class: 'stack' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Role'), h('th', {}, 'Created'), h('th', {}, 'Last used'),
          h('th', {}, h('span', { class: 'sr-only' }, 'Actions')))),
        h('tbody', {}, tokens.map(t => h('tr', { dataset: { tokenId: t.id, revoked: String(!!t.revokedAt) } },
          h('td', {}, t.name), h('td', {}, t.role), h('td', {}, `${fmtTime(t.createdAt)}${t.createdBy ? ` by ${t.createdBy}` : ''}`),
          h('td', {}, t.lastUsedAt ? fmtTime(t.lastUsedAt) : 'never'),
          h('td', { class: 'actions' }, t.revokedAt ? `revoked ${fmtTime(t.revokedAt)}`
            : h('button', { type: 'button', class: 'small danger', 'aria-label': `Revoke token ${t.name}`,
              onclick: () => revoke(t) }, 'Revoke')))))));
    } catch (err) { mount(list, h('div', { class: 'error-box' }, failText(err))); }
  }
  async function revoke(t) {
    if (!confirm(`Revoke token ${t.name}? Clients using it get 401 from now on.`)) return;
    try { await api.revokeToken(t.id); status.textContent = `Revoked ${t.name}.`; load(); } catch (err) { status.textContent = failText(err); }
  }
  load();
  return h('section', { class: 'card', id: 'tokens-card', 'aria-label': 'API tokens' }, h('h2', {}, 'API tokens'),
    h('p', { class: 'muted' }, 'For scripts and machines (Prometheus, automations): each has a role and can be revoked.'),
    list, form);
}
