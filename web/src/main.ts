/**
 * The workspace's entry: a hash router (#/login, #/runs, #/runs/ID, #/runs/ID/accounts/ACCOUNT,
 * #/runs/ID/dashboard?…, #/cases, #/cases/ID, #/inbox, #/inbox/ID, #/contacts) so the server serves one static page and every view is a bookmarkable URL.
 */
import * as api from './api.js';
import { h, show } from './dom.js';
import { accountView } from './views/account.js';
import { caseView } from './views/case.js';
import { dashboardView } from './views/dashboard.js';
import { casesView } from './views/cases.js';
import { contactsView } from './views/contacts.js';
import { inboxView, receivedView } from './views/inbox.js';
import { loginView } from './views/login.js';
import { runsView } from './views/runs.js';

let stopCurrent: (() => void) | undefined;

/** Shows who is logged in; false (and the login page) when nobody is. */
async function renderWho(): Promise<boolean> {
  const who = document.getElementById('who')!;
  try {
    const s = await api.session();
    const out = h('button', { type: 'button', class: 'link' }, 'Log out');
    out.addEventListener('click', () => {
      void api.logout().then(() => {
        location.hash = '#/login';
      });
    });
    who.replaceChildren(`${s.username} · ${s.org} `, out);
    return true;
  } catch {
    who.replaceChildren();
    return false;
  }
}

async function route(): Promise<void> {
  stopCurrent?.();
  stopCurrent = undefined;
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  try {
    if (parts[0] === 'login') {
      loginView(() => {
        location.hash = '#/runs';
      });
      document.getElementById('who')!.replaceChildren();
      return;
    }
    if (!(await renderWho())) return;
    if (parts[0] === 'runs' && parts[1] && parts[2] === 'accounts' && parts[3])
      await accountView(parts[1], parts[3]);
    else if (parts[0] === 'runs' && parts[1] && parts[2]?.split('?')[0] === 'dashboard')
      await dashboardView(parts[1]);
    else if (parts[0] === 'runs' && parts[1]) {
      // sigma, graphology and the layout load only for the explorer (a chunk of their own); the graph
      // page is fetched meanwhile (api.graph keeps the answer for the view).
      void api.graph(parts[1]).catch(() => undefined);
      const { explorerView } = await import('./views/explorer.js');
      stopCurrent = await explorerView(parts[1]);
    } else if (parts[0] === 'cases' && parts[1]) await caseView(parts[1]);
    else if (parts[0] === 'cases') stopCurrent = await casesView();
    else if (parts[0] === 'inbox' && parts[1]) await receivedView(parts[1]);
    else if (parts[0] === 'inbox') await inboxView();
    else if (parts[0] === 'contacts') await contactsView();
    else await runsView();
  } catch (e) {
    if (e instanceof api.ApiError && e.status === 401) return;
    show(h('p', { class: 'error', role: 'alert' }, e instanceof Error ? e.message : String(e)));
  }
}

window.addEventListener('hashchange', () => void route());
void route();
