/**
 * Shared with us: cases partner organisations sent to this org, as the sender saw them when sending
 * (title, status, accounts, pinned evidence, message), with the acknowledgement the sender waits for.
 */
import type { SharedCase } from '../../../src/workspace/share-schema.js';
import * as api from '../api.js';
import { day, fmt, h, show } from '../dom.js';
import { label, postText } from '../safe-text.js';
import { tlpBadge } from './cases.js';

export async function inboxView(): Promise<void> {
  const shares = await api.inbox();
  show(
    h('h1', {}, 'Shared with us'),
    shares.length === 0
      ? h('p', {}, 'No partner has sent a case to your organisation.')
      : h(
          'table',
          { class: 'inbox' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Case', 'From', 'TLP', 'Sent (UTC)', 'Acknowledged'].map((c) =>
                h('th', { scope: 'col' }, c),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            ...shares.map((s) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { href: `#/inbox/${encodeURIComponent(s.caseId)}` }, label(s.title))),
                h('td', {}, label(s.fromOrgName)),
                h('td', {}, tlpBadge(s.tlp)),
                h('td', {}, day(s.sharedAt)),
                h('td', {}, s.ack ? `${s.ack.kind} by ${s.ack.by}` : 'not yet'),
              ),
            ),
          ),
        ),
  );
}

function render(s: SharedCase): void {
  const msg = h('p', { class: 'error', role: 'alert', 'aria-live': 'polite' });
  const buttons = (['received', 'actioned', 'rejected'] as const).map((kind) => {
    const b = h(
      'button',
      { type: 'button', id: `ack-${kind}` },
      kind === 'received'
        ? 'Acknowledge receipt'
        : kind === 'actioned'
          ? 'Acknowledge: actioned'
          : 'Acknowledge: rejected',
    );
    b.addEventListener('click', () => {
      api.acknowledge(s.caseId, kind).then(render, (e: unknown) => {
        msg.textContent = e instanceof Error ? e.message : String(e);
      });
    });
    return b;
  });
  show(
    h('nav', { class: 'crumbs' }, h('a', { href: '#/inbox' }, 'Shared with us'), ' › ', label(s.title)),
    h('h1', { id: 'shared-title' }, label(s.title)),
    h(
      'p',
      { class: 'facts' },
      tlpBadge(s.tlp),
      ' from ',
      label(s.fromOrgName),
      ` · sent by ${s.sharedBy} ${day(s.sharedAt)} UTC · version ${s.version}`,
      s.topic ? ` · to our ${s.topic} contact` : '',
    ),
    s.message ? h('blockquote', { class: 'message' }, postText(s.message)) : null,
    h(
      'section',
      { id: 'ack', 'aria-labelledby': 'ack-title' },
      h('h2', { id: 'ack-title' }, 'Acknowledgement'),
      s.ack
        ? h('p', { id: 'ack-state' }, `Acknowledged (${s.ack.kind}) by ${s.ack.by} ${day(s.ack.at)} UTC.`)
        : h('p', { id: 'ack-state' }, 'Not acknowledged yet. The sender sees when and how you acknowledge.'),
      s.ack ? null : h('p', {}, ...buttons.flatMap((b) => [b, ' '])),
      msg,
    ),
    h(
      'p',
      {},
      s.runTitle ? `From their run “${s.runTitle}”` : '',
      s.network ? ` · network ${s.network}` : '',
      ` · status ${s.status}`,
    ),
    h('h2', {}, `Accounts (${fmt(s.accounts.length)})`),
    h(
      'ul',
      {},
      ...s.accounts.map((a) =>
        h(
          'li',
          {},
          label(a.label),
          a.label !== a.account ? h('span', { class: 'muted' }, ` (${a.account})`) : '',
        ),
      ),
    ),
    h('h2', {}, 'Pinned evidence'),
    s.pins.length === 0
      ? h('p', { class: 'muted' }, 'None.')
      : h(
          'ul',
          {},
          ...s.pins.map((p) =>
            h(
              'li',
              {},
              label(p.label),
              ` · score ${fmt(p.score)}`,
              p.flagged.length ? ` · flagged: ${p.flagged.join(', ')}` : '',
              p.comment ? h('span', {}, ' · “', label(p.comment), '”') : '',
            ),
          ),
        ),
  );
}

export async function receivedView(id: string): Promise<void> {
  render(await api.received(id));
}
