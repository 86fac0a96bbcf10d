/** The cases list: the org's cases, most recently changed first, with status, TLP and assignee. */
import type { CaseSummary } from '../../../src/workspace/case-schema.js';
import * as api from '../api.js';
import { day, fmt, h, show } from '../dom.js';
import { label } from '../safe-text.js';

export function tlpBadge(tlp: string): HTMLElement {
  return h('span', { class: `tlp tlp-${tlp.replace('+', '-')}` }, `TLP:${tlp.toUpperCase()}`);
}

export function statusBadge(status: string): HTMLElement {
  return h('span', { class: `status status-${status}` }, status);
}

export function caseRows(cases: readonly CaseSummary[]): HTMLElement {
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
          {},
          h('td', {}, h('a', { href: `#/cases/${encodeURIComponent(c.id)}` }, label(c.title))),
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

export async function casesView(): Promise<void> {
  const cases = await api.cases();
  show(
    h('h1', {}, 'Cases'),
    cases.length === 0
      ? h('p', {}, 'No cases yet. Open one from a network in a run, or from an account page.')
      : caseRows(cases),
  );
}
