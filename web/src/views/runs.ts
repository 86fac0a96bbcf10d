/** The runs list: every run the caller's org may see, with its parameters, input and counts. */
import * as api from '../api.js';
import { day, fmt, h, show } from '../dom.js';
import { label } from '../safe-text.js';
import { uploadForm } from './run-upload.js';

export async function runsView(): Promise<void> {
  const runs = await api.runs();
  const rows = runs.map((r) =>
    h(
      'tr',
      {},
      h('td', {}, h('a', { href: `#/runs/${encodeURIComponent(r.id)}` }, label(r.title))),
      h('td', {}, h('span', { class: `tlp tlp-${r.tlp.replace('+', '-')}` }, `TLP:${r.tlp.toUpperCase()}`)),
      h('td', {}, r.org),
      h('td', { class: 'num' }, fmt(r.posts)),
      h('td', { class: 'num' }, fmt(r.networks)),
      h('td', { class: 'num' }, fmt(r.accounts)),
      h('td', { class: 'num' }, fmt(r.edges)),
      h(
        'td',
        {},
        `${r.parameters.semantics}, FDR ${r.parameters.fdr}, ${r.parameters.behaviours.length} behaviours`,
      ),
      h('td', {}, day(r.addedAt)),
      h(
        'td',
        {},
        h(
          'a',
          { href: `#/runs/${encodeURIComponent(r.id)}/dashboard`, 'aria-label': `Dashboard of ${r.title}` },
          'Dashboard',
        ),
      ),
    ),
  );
  show(
    h('h1', {}, 'Runs'),
    runs.length === 0
      ? h('p', {}, 'No runs yet. Publish one with ', h('code', {}, 'lockstep runs add DIR --db DB'), '.')
      : h(
          'table',
          { class: 'runs' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...[
                'Run',
                'TLP',
                'Org',
                'Posts',
                'Networks',
                'Accounts',
                'Edges',
                'Parameters',
                'Added (UTC)',
                'Data set',
              ].map((c) => h('th', { scope: 'col' }, c)),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
    uploadForm(() => void runsView()),
  );
}
