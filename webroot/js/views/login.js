// The login page (users on), and the form that replaces a one-time password at the first login.
import { api } from '../api.js';
import { h, mount } from '../util.js';

/** Renders the login form into main; onDone() once logged in. */
export function renderLogin(main, onDone) {
  const name = h('input', { id: 'login-name', name: 'username', autocomplete: 'username', required: true, maxlength: 64 });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password',
    required: true, maxlength: 200 });
  const error = h('p', { role: 'alert', id: 'login-error', class: 'form-error' });
  const form = h('form', { class: 'card narrow-card', id: 'login-form', 'aria-label': 'Log in' },
    h('h1', {}, 'Log in to Vigil'),
    h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'login-name' }, 'Name', name)),
    h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'login-password' }, 'Password', password)),
    h('div', { class: 'form-row' }, h('button', { type: 'submit', class: 'primary', id: 'login-submit' }, 'Log in')),
    error,
    h('p', { class: 'muted' }, 'First start? The one-time password of "admin" was printed on the console of vigil serve.'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    error.textContent = '';
    try {
      onDone(await api.login(name.value.trim(), password.value));
    } catch (err) {
      error.textContent = err.body?.error || err.message;
      password.select();
    }
  });
  mount(main, form);
  name.focus();
}

/** The form to choose a new password; `forced` when a one-time password must be replaced first. */
export function passwordForm(onDone, forced) {
  const current = h('input', { id: 'pw-current', type: 'password', autocomplete: 'current-password', required: true });
  const chosen = h('input', { id: 'pw-new', type: 'password', autocomplete: 'new-password', required: true, minlength: 10 });
  const status = h('p', { role: 'status', id: 'pw-status', class: 'muted' });
  const form = h('form', { class: 'card narrow-card', id: 'password-form', 'aria-label': 'Change password' },
    h('h2', {}, forced ? 'Choose your password' : 'Change password'),
    forced && h('p', { class: 'muted' }, 'You logged in with a one-time password. Choose your own (at least 10 characters) to go on.'),
    h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'pw-current' }, 'Current password', current)),
    h('div', { class: 'form-row' }, h('label', { class: 'field', for: 'pw-new' }, 'New password', chosen)),
    h('div', { class: 'form-row' }, h('button', { type: 'submit', class: 'primary', id: 'pw-save' }, 'Save password')),
    status);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      const me = await api.changePassword(current.value, chosen.value);
      status.textContent = 'Password changed.';
      current.value = chosen.value = '';
      onDone(me);
    } catch (err) {
      status.textContent = err.body?.reason ? `${err.body.field}: ${err.body.reason}` : (err.body?.error || err.message);
    }
  });
  return form;
}
