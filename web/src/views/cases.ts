/**
 * The cases list: the org's cases, most recently changed first, with status, TLP and assignee. It is
 * live: while the page is open (and the tab visible) it re-reads the list every few seconds, so cases
 * that `lockstep monitor --db` opens for new alerts, and colleagues' changes, appear without a reload;
 * rows new since the page opened are marked, and a filter keeps only the monitor's.
 */
import { MONITOR_AUTHOR, type CaseSummary } from '../../../src/workspace/case-schema.js';
import * as api from '../api.js';
import { append, day, fmt, h, show } from '../dom.js';
import { label } from '../safe-text.js';

export function tlpBadge(tlp: string): HTMLElement {
  return h('span', { class: `tlp tlp-${tlp.replace('+', '-')}` }, `TLP:${tlp.toUpperCase()}`);
}

export function statusBadge(status: string): HTMLElement {
  return h('span', { class: `status status-${status}` }, status);
}

export function caseRows(cases: readonly CaseSummary[], fresh: ReadonlySet<string> = new Set()): HTMLElement {
  return h(
    'table',
    { class: 'cases' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Case', 'Status', 'TLP', 'Assignee', 'Accounts', 'Opened by', 'Changed (UTC)'].map((c) =>
          h('th', { scope: 'col' }, c),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...cases.map((c) =>
        h(
          'tr',
          { class: fresh.has(c.id) ? 'fresh' : undefined },
          h(
            'td',
            {},
            h('a', { href: `#/cases/${encodeURIComponent(c.id)}` }, label(c.title)),
            fresh.has(c.id) && h('span', { class: 'fresh-badge' }, ' just in'),
          ),
          h('td', {}, statusBadge(c.status)),
          h('td', {}, tlpBadge(c.tlp)),
          h('td', {}, c.assignee ?? '—'),
          h('td', { class: 'num' }, fmt(c.accounts)),
          h('td', {}, c.createdBy),
          h('td', {}, day(c.updatedAt)),
        ),
      ),
    ),
  );
}

/** How often the open list is re-read (a small query of the org's own cases). */
export const LIVE_REFRESH_MS = 5000;

const clock = (d: Date): string => d.toISOString().slice(11, 19);

/** Renders the list and keeps it current; returns the function that stops the refreshing. */
export async function casesView(): Promise<() => void> {
  let cases = await api.cases();
  const opened = new Set(cases.map((c) => c.id));
  const fresh = new Set<string>();
  const monitorOnly = h('input', { type: 'checkbox', id: 'monitor-only' });
  const status = h('p', { class: 'live', role: 'status', 'aria-live': 'polite' });
  const list = h('div', { id: 'case-list' });
  const render = (checked: Date, error?: string): void => {
    const shown = monitorOnly.checked ? cases.filter((c) => c.createdBy === MONITOR_AUTHOR) : cases;
    list.replaceChildren(
      shown.length > 0
        ? caseRows(shown, fresh)
        : h(
            'p',
            {},
            monitorOnly.checked
              ? 'No monitor alerts yet. `lockstep monitor --db … --org …` opens a case here for each network alert.'
              : 'No cases yet. Open one from a network in a run, or from an account page.',
          ),
    );
    status.replaceChildren();
    append(
      status,
      `Live: checked ${clock(checked)} UTC`,
      fresh.size > 0 && ` · ${fresh.size} new since you opened this page`,
      error !== undefined && h('span', { class: 'error' }, ` · could not refresh (${error}); retrying`),
    );
  };
  monitorOnly.addEventListener('change', () => {
    render(new Date());
  });
  show(
    h('h1', {}, 'Cases'),
    h('div', { class: 'toolbar' }, h('label', {}, monitorOnly, ' Monitor alerts only'), status),
    list,
  );
  render(new Date());
  let busy = false;
  const timer = setInterval(() => {
    if (busy || document.hidden) return;
    busy = true;
    api
      .cases()
      .then((next) => {
        cases = next;
        for (const c of next) if (!opened.has(c.id)) fresh.add(c.id);
        render(new Date());
      })
      .catch((e: unknown) => {
        // Logged out (401) leaves the page to the login view; anything else is retried.
        if (e instanceof api.ApiError && e.status === 401) clearInterval(timer);
        else render(new Date(), e instanceof Error ? e.message : String(e));
      })
      .finally(() => {
        busy = false;
      });
  }, LIVE_REFRESH_MS);
  return () => {
    clearInterval(timer);
  };
}
