/** The login form: the same username and password as the TAXII server. */
import * as api from '../api.js';
import { h, show } from '../dom.js';

export function loginView(done: () => void): void {
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const pass = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const msg = h('p', { class: 'error', role: 'alert', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'login card', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Log in'),
    h('label', { for: 'username' }, 'Username'),
    user,
    h('label', { for: 'password' }, 'Password'),
    pass,
    h('button', { type: 'submit' }, 'Log in'),
    msg,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    msg.textContent = '';
    api.login({ username: user.value, password: pass.value }).then(done, (e: unknown) => {
      msg.textContent = e instanceof Error ? e.message : String(e);
    });
  });
  show(form);
  user.focus();
}
